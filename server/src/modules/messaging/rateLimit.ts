/**
 * A send rate shared by every worker process: one counter document per API per second in MongoDB
 * (fixed window). A worker that finds the second full waits for the next one. After WeChat answers
 * 45009 every worker pauses: the coming seconds are filled up (`penalize`).
 */
import mongoose from 'mongoose';

type WindowDoc = { _id: string; n: number; at: Date };

const windows = () => mongoose.connection.collection<WindowDoc>('rate_windows');
let indexed: Promise<unknown> | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type RateLimiter = {
  /** Waits until a send of `api` is allowed (at most `perSecond` across all processes). */
  acquire(api: string): Promise<void>;
  /** Stops every process from sending on `api` for `ms` (after a 45009). */
  penalize(api: string, ms: number): Promise<void>;
};

export function createRateLimiter(limits: Record<string, number>, now: () => number = Date.now): RateLimiter {
  indexed ??= windows()
    .createIndex({ at: 1 }, { expireAfterSeconds: 120 })
    .catch(() => undefined);
  return {
    async acquire(api) {
      const limit = limits[api];
      if (!limit) return;
      for (;;) {
        const t = now();
        const second = Math.floor(t / 1000);
        const r = await windows().findOneAndUpdate(
          { _id: `${api}:${second}` },
          { $inc: { n: 1 }, $setOnInsert: { at: new Date(second * 1000) } },
          { upsert: true, returnDocument: 'after' },
        );
        if ((r?.n ?? 0) <= limit) return;
        // Full: wait for the next second, spread a little so waiting workers do not all wake at once.
        await sleep((second + 1) * 1000 - t + Math.random() * 20);
      }
    },
    async penalize(api, ms) {
      const limit = limits[api];
      if (!limit) return;
      const from = Math.floor(now() / 1000);
      const to = Math.floor((now() + Math.min(ms, 30_000)) / 1000);
      const ops = [];
      for (let s = from; s <= to; s++) {
        ops.push({
          updateOne: {
            filter: { _id: `${api}:${s}` },
            update: { $max: { n: limit }, $setOnInsert: { at: new Date(s * 1000) } },
            upsert: true,
          },
        });
      }
      await windows().bulkWrite(ops, { ordered: false });
    },
  };
}
