/**
 * Starts the databases for the whole run unless `npm test` already did (TEST_MONGODB_URI set); each test
 * file then uses its own database. The first line printed says which database runs.
 */
import { startTestDatabases, type TestDatabases } from './databases';

export default async function globalSetup(globalConfig: { maxWorkers?: number }): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const dbs = await startTestDatabases(globalConfig.maxWorkers ?? 1, log);
  log(`database: ${dbs.description}`);
  Object.assign(process.env, dbs.env);
  (globalThis as { __TEST_DATABASES__?: TestDatabases }).__TEST_DATABASES__ = dbs;
}
