/**
 * Starts the MongoDB-compatible servers for the whole run; each test file then uses its own database.
 * With the SecantusDB stand-in (one Python process, so one core at most) every jest worker gets its own
 * server, so two workers do not queue behind one; a real MongoDB (MONGODB_URI or mongod) is shared.
 */
import { startMongo, type RunningMongo } from '../src/platform/db/embeddedMongo';

export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const first = await startMongo({ log });
  const servers: RunningMongo[] = [first];
  process.env.TEST_MONGODB_URI = first.uri;
  process.env.TEST_MONGODB_KIND = first.kind;
  if (first.kind === 'secantusdb') {
    const workers = Math.max(1, Math.min(4, globalConfig.maxWorkers ?? 1));
    const more = await Promise.all(Array.from({ length: workers - 1 }, () => startMongo({ log })));
    servers.push(...more);
    servers.forEach((s, i) => (process.env[`TEST_MONGODB_URI_${i + 1}`] = s.uri));
  }
  (globalThis as { __MONGO__?: RunningMongo[] }).__MONGO__ = servers;
}
