/**
 * A send rate shared by every worker process, per API (subscribe / template / sms), on the portal's one
 * rate limiter (platform/rateLimit.ts): at most `perSecond` sends a second across all processes; a
 * worker that finds the second used up waits for the next. After WeChat answers 45009 every worker
 * pauses: the key is blocked for a while (`penalize`).
 *
 * A batch asks for its sends at once (`grant`): at most a tenth of a second's allowance per call, so one
 * worker's batch never takes a whole second from the others and a small limit still sends steadily.
 */
import { limiter, waitTurn, type Limiter } from '../../platform/rateLimit';

export type RateLimiter = {
  /** Waits until a send of `api` is allowed (at most `perSecond` across all processes). */
  acquire(api: string): Promise<void>;
  /** Waits until some of `wanted` sends of `api` are allowed; returns how many (1..wanted) may go now. */
  grant(api: string, wanted: number): Promise<number>;
  /** Stops every process from sending on `api` for `ms` (after a 45009). */
  penalize(api: string, ms: number): Promise<void>;
};

export function createRateLimiter(limits: Record<string, number>): RateLimiter {
  const byApi = new Map<string, Limiter>();
  const of = (api: string) => {
    const perSecond = limits[api];
    if (!perSecond) return undefined;
    let l = byApi.get(api);
    if (!l)
      byApi.set(api, (l = limiter({ keyPrefix: `send-${api}`, points: perSecond, durationSeconds: 1 })));
    return l;
  };
  return {
    async acquire(api) {
      const l = of(api);
      if (l) await waitTurn(l, api);
    },
    async grant(api, wanted) {
      const l = of(api);
      if (!l || wanted <= 0) return Math.max(0, wanted);
      const n = Math.min(wanted, Math.max(1, Math.floor(limits[api] / 10)));
      await waitTurn(l, api, n);
      return n;
    },
    async penalize(api, ms) {
      await of(api)?.block(api, Math.min(ms, 30_000));
    },
  };
}
