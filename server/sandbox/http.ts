/** Koa plumbing shared by the sandbox's route files: raw body, fault/rate-limit wrapper, replies. */
import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { ApiName } from './faults';
import type { SandboxState } from './state';

export type SandboxCtx = Koa.ParameterizedContext<{ raw: string; json: unknown }> & { params: Record<string, string> };
export type Handler = (ctx: SandboxCtx) => Promise<void> | void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const randomId = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

/** Reads the exact request bytes (signatures are over them) and parses JSON when it is JSON. */
export const rawBody: Koa.Middleware = async (ctx, next) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  ctx.state.raw = raw;
  try {
    ctx.state.json = raw ? JSON.parse(raw) : undefined;
  } catch {
    ctx.state.json = undefined;
  }
  await next();
};

/** Mini-program / official-account style: HTTP 200 with errcode. */
export function wxError(ctx: SandboxCtx, errcode: number, errmsg: string): void {
  ctx.status = 200;
  ctx.body = { errcode, errmsg: `${errmsg} rid: ${randomId(8)}-${randomId(8)}` };
}

/** WeChat Pay style: HTTP status with {code, message}. */
export function payError(ctx: SandboxCtx, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { code, message };
}

/**
 * Wraps a handler with the injected faults and the rate limit for its API. `style` picks how a
 * rate limit answers: errcode 45009 (mini-program/OA) or 429 FREQUENCY_LIMITED (WeChat Pay).
 */
export function withFaults(state: SandboxState, api: ApiName, style: 'wx' | 'pay', handler: Handler): Handler {
  return async (ctx) => {
    state.faults.countCall(api);
    const fault = state.faults.forApi(api);
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.status) {
      ctx.status = fault.status;
      ctx.body = style === 'pay' ? { code: 'SYSTEM_ERROR', message: '系统错误' } : 'system error';
      return;
    }
    if (state.faults.overRate(api, Date.now())) {
      if (style === 'pay') payError(ctx, 429, 'FREQUENCY_LIMITED', '频率超限');
      else wxError(ctx, 45009, 'reach max api daily quota limit');
      return;
    }
    await handler(ctx);
  };
}
