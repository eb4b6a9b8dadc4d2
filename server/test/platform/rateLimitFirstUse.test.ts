/**
 * The first uses of several limiters on a fresh database: the counters' collection and its indexes exist before
 * the first counter is written. Built lazily by rate-limiter-flexible, its createIndexes raced the first upsert,
 * both creating the collection, and the SecantusDB stand-in deadlocked (it spun on a core and answered nothing).
 */
import { limiter } from '../../src/platform/rateLimit';
import { connectTestDb } from '../harness';

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);

it('first uses of fresh limiters on a fresh database all answer', async () => {
  for (let round = 0; round < Number(process.env.RATE_LIMIT_ROUNDS ?? 10); round++) {
    const db = await connectTestDb();
    const limiters = ['a', 'b', 'c'].map((p) =>
      limiter({ keyPrefix: `first-${p}`, points: 100, durationSeconds: 60 }),
    );
    const results = await within(
      Promise.all(limiters.flatMap((l) => [l.consume('k1'), l.consume('k2')])),
      10_000,
      `round ${round}`,
    );
    expect(results.every((r) => r.ok)).toBe(true);
    await db.drop();
  }
}, 120_000);
