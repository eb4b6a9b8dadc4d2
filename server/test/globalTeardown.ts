import type { RunningMongo } from '../src/platform/db/embeddedMongo';

export default async function globalTeardown(): Promise<void> {
  await Promise.all(((globalThis as { __MONGO__?: RunningMongo[] }).__MONGO__ ?? []).map((m) => m.stop()));
}
