/** Koa plumbing shared by the sandbox's route files: raw body, fault/rate-limit wrapper, replies. */
import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { ApiName } from './faults';
import type { SandboxState } from './state';

export type SandboxCtx = Koa.ParameterizedContext<{ raw: string; json: unknown }> & {
  params: Record<string, string>;
};
/**
 * A JSON body as a caller sent it, read field by field the loose way WeChat's and Tencent Cloud's servers
 * read theirs (each handler checks the fields it uses and answers the service's own error for a bad one).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseBody = Record<string, any>;

export type Handler = (ctx: SandboxCtx) => Promise<void> | void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const randomId = (n: number) =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);

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

/** Every access token (of `appid`, or of every app) expires now: the next call with one gets 42001. Returns how many. */
export function expireTokens(state: SandboxState, appid?: string): number {
  let n = 0;
  for (const t of state.tokens.values()) {
    if (!appid || t.appid === appid) {
      t.expiresAt = Math.min(t.expiresAt, state.options.now().getTime() - 1);
      n++;
    }
  }
  return n;
}

/**
 * Applies the injected faults and the rate limit of one API call. `answered`: the call was answered
 * by a fault (5xx) or the rate limit (errcode 45009 / 429 FREQUENCY_LIMITED, by `style`); `forged`: the
 * answer is to be signed with a stranger's key (WeChat Pay only).
 */
export async function applyFaults(
  state: SandboxState,
  api: ApiName,
  style: 'wx' | 'pay',
  ctx: SandboxCtx,
): Promise<{ answered: boolean; forged: boolean }> {
  state.faults.countCall(api);
  const fault = state.faults.forApi(api);
  if (fault.expireTokens) expireTokens(state);
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.status) {
    ctx.status = fault.status;
    ctx.body = style === 'pay' ? { code: 'SYSTEM_ERROR', message: '系统错误' } : 'system error';
    return { answered: true, forged: fault.forged };
  }
  if (state.faults.overRate(api, Date.now())) {
    if (style === 'pay') payError(ctx, 429, 'FREQUENCY_LIMITED', '频率超限');
    else wxError(ctx, 45009, 'reach max api daily quota limit');
    return { answered: true, forged: fault.forged };
  }
  return { answered: false, forged: fault.forged };
}

/** Wraps a mini-program / official-account handler with the injected faults and the rate limit for its API. */
export function withFaults(
  state: SandboxState,
  api: ApiName,
  style: 'wx' | 'pay',
  handler: Handler,
): Handler {
  return async (ctx) => {
    if ((await applyFaults(state, api, style, ctx)).answered) return;
    await handler(ctx);
  };
}
