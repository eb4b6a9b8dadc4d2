import type { TestDatabases } from './databases';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __TEST_DATABASES__?: TestDatabases }).__TEST_DATABASES__?.stop();
}
