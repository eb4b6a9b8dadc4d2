/**
 * Rate limits shared by every instance (counters in MongoDB, rate-limiter-flexible): the public QR
 * lookup is limited per client IP and per token, so neither a scraper nor a leaked sticker can be
 * hammered.
 */
import type Koa from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { errors } from '../../platform/http/errors';

export type Limit = { keyPrefix: string; points: number; durationSeconds: number };

export function rateLimit(limits: Array<Limit & { key: (ctx: Koa.Context) => string | undefined }>): Koa.Middleware {
  let limiters: RateLimiterMongo[] | undefined;
  const get = () =>
    (limiters ??= limits.map(
      (l) =>
        new RateLimiterMongo({
          storeClient: mongoose.connection.getClient(),
          dbName: mongoose.connection.name,
          tableName: 'rateLimits',
          keyPrefix: l.keyPrefix,
          points: l.points,
          duration: l.durationSeconds,
        }),
    ));
  return async (ctx, next) => {
    const all = get();
    for (let i = 0; i < limits.length; i++) {
      const key = limits[i].key(ctx);
      if (!key) continue;
      try {
        await all[i].consume(key);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw errors.rateLimited(e.msBeforeNext / 1000);
        throw e;
      }
    }
    await next();
  };
}
