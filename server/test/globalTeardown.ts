import type { RunningMongo } from '../src/platform/db/embeddedMongo';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __MONGO__?: RunningMongo }).__MONGO__?.stop();
}
