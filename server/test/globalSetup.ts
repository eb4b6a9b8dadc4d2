/** Starts one MongoDB-compatible server for the whole run; each test file then uses its own database. */
import { startMongo } from '../src/platform/db/embeddedMongo';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const mongo = await startMongo({ log: (m) => process.stderr.write(`${m}\n`) });
  process.env.TEST_MONGODB_URI = mongo.uri;
  process.env.TEST_MONGODB_KIND = mongo.kind;
  (globalThis as { __MONGO__?: typeof mongo }).__MONGO__ = mongo;
}
