/**
 * Rate limiting, one way for the whole portal: counters in MongoDB through rate-limiter-flexible, so
 * every instance shares them. A limit is a number of points per window per key.
 *
 *   const perUser = limiter({ keyPrefix: 'bind-code-user', points: 5, durationSeconds: 3600 });
 *   await perUser.take(userId, errors.bindingCodeLimited);             // 429 with Retry-After when used up
 *
 *   r.get('/api/qr/:token', { ..., before: [rateLimit([{ ...qrPerIp, key: (ctx) => ctx.ip }])] }, ...)
 *
 * Sends to WeChat and SMS use the same counters through `waitTurn` (a worker waits instead of failing).
 */
import type Koa from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { errors, type AppError } from './http/errors';

/** A catalogue factory for the 429 (errors.rateLimited unless the refusal has its own code and message). */
export type TooMany = (retryAfterSeconds: number) => AppError;

export type Limit = { keyPrefix: string; points: number; durationSeconds: number };

/**
 * The counters' collection and the indexes rate-limiter-flexible would build (TTL on `expire`, unique `key`),
 * declared as a model so they are built like every other model's: in connectDb before the server listens
 * (autoIndex), by `portal migrate` otherwise, and checked by assertIndexesBuilt. The library must not build
 * them itself: it starts that createIndexes without waiting and upserts the first counter at once, and an
 * upsert that creates a collection while a createIndexes creates the same one deadlocks the SecantusDB
 * stand-in (it then spins on a core and answers nothing). Unused as a model: the library writes the documents.
 */
const rateLimitSchema = new mongoose.Schema(
  { key: String, points: Number, expire: Date },
  { versionKey: false, strict: false },
);
rateLimitSchema.index({ expire: -1 }, { expireAfterSeconds: 0 });
rateLimitSchema.index({ key: 1 }, { unique: true });
export const RateLimitModel = mongoose.model('RateLimit', rateLimitSchema, 'rateLimits');

export type Limiter = {
  /** Uses `points` (default 1) of the key's allowance; false (with the wait) when it is used up. */
  consume(
    key: string,
    points?: number,
  ): Promise<{ ok: true; remaining: number } | { ok: false; retryAfterMs: number }>;
  /** consume, or throw the 429 `tooMany` makes (Retry-After set; default errors.rateLimited). */
  take(key: string, tooMany?: TooMany): Promise<void>;
  /** How much of the allowance is used now (0 when untouched). */
  used(key: string): Promise<number>;
  /** Blocks the key for `ms` (e.g. after the far side asked to slow down). */
  block(key: string, ms: number): Promise<void>;
};

export function limiter(l: Limit): Limiter {
  let ready: Promise<RateLimiterMongo> | undefined;
  // The model's init has resolved once connectDb has returned; a first use racing a late registration waits here.
  const get = () =>
    (ready ??= RateLimitModel.init().then(
      () =>
        new RateLimiterMongo({
          storeClient: mongoose.connection.getClient(),
          dbName: mongoose.connection.name,
          tableName: RateLimitModel.collection.collectionName,
          keyPrefix: l.keyPrefix,
          points: l.points,
          duration: l.durationSeconds,
          disableIndexesCreation: true,
        }),
    ));
  const consume = async (key: string, points = 1): ReturnType<Limiter['consume']> => {
    try {
      const r = await (await get()).consume(key, points);
      return { ok: true, remaining: r.remainingPoints };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
      // Two first uses of a key at once race to insert its counter. The SecantusDB stand-in applies the
      // losing upsert's increment but answers it with no document, and the library then throws a TypeError.
      // Consuming again would count the attempt twice; the counter as it stands now already holds it.
      if (e instanceof TypeError) {
        const now = await (await get()).get(key);
        if (!now) throw e;
        return now.consumedPoints <= l.points
          ? { ok: true, remaining: now.remainingPoints }
          : { ok: false, retryAfterMs: now.msBeforeNext };
      }
      throw e;
    }
  };
  return {
    consume,
    async take(key, tooMany = errors.rateLimited) {
      const r = await consume(key);
      if (!r.ok) throw tooMany(r.retryAfterMs / 1000);
    },
    async used(key) {
      const r = await (await get()).get(key);
      return r?.consumedPoints ?? 0;
    },
    async block(key, ms) {
      await (await get()).block(key, Math.max(1, Math.ceil(ms / 1000)));
    },
  };
}

/** Route middleware: every limit whose key is defined for the request must have a point left. */
export function rateLimit(
  limits: Array<Limit & { key: (ctx: Koa.Context) => string | undefined; tooMany?: TooMany }>,
): Koa.Middleware {
  const all = limits.map((l) => ({ ...l, limiter: limiter(l) }));
  return async (ctx, next) => {
    for (const l of all) {
      const key = l.key(ctx);
      if (key) await l.limiter.take(key, l.tooMany);
    }
    await next();
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the key has `points` (default 1) left (workers sending at a shared rate); spreads wake-ups a little. */
export async function waitTurn(l: Limiter, key: string, points = 1): Promise<void> {
  for (;;) {
    const r = await l.consume(key, points);
    if (r.ok) return;
    await sleep(r.retryAfterMs + Math.random() * 20);
  }
}
