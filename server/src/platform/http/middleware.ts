/** Request id and context, access log with request metrics, and the one error middleware. */
import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { runAsWork, type Work } from '../context';
import type { Logger } from '../log';
import { httpRequestDuration } from '../metrics';
import { AppError, errors } from './errors';
import { mapExternalError } from './mapErrors';

export function requestContext(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    // Everything this request runs (services, outbox entries it enqueues, their logs) knows its id.
    const work: Work = { requestId };
    try {
      await runAsWork(work, () => {
        ctx.state.work = work;
        return next();
      });
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const operationId = (ctx.state.operationId as string | undefined) ?? 'none';
      httpRequestDuration.observe(
        { operation_id: operationId, method: ctx.method, status: String(ctx.status) },
        ms / 1000,
      );
      if (ctx.path !== '/healthz') {
        logger.info(
          {
            requestId,
            operationId,
            method: ctx.method,
            path: ctx.path,
            status: ctx.status,
            ms: Math.round(ms * 10) / 10,
            ...(work.roundTrips !== undefined ? { dbRoundTrips: work.roundTrips } : {}),
          },
          'request',
        );
      }
    }
  };
}

export function errorHandler(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw errors.routeNotFound();
    } catch (raw) {
      const err: AppError = raw instanceof AppError ? raw : (mapExternalError(raw) ?? errors.internal());
      const requestId = ctx.state.requestId as string | undefined;
      if (err.status >= 500) logger.error({ err: raw, requestId }, 'request failed');
      else logger.debug({ code: err.code, requestId }, 'request refused');
      ctx.status = err.status;
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) ctx.set(k, v);
      ctx.body = {
        error: {
          code: err.code,
          message: err.message,
          requestId,
          ...(err.extra.fields ? { fields: err.extra.fields } : {}),
          ...(err.extra.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: Math.ceil(err.extra.retryAfterSeconds) }
            : {}),
        },
      };
    }
  };
}

type MatchesPaths = {
  match(path: string, method: string): { path: { methods: string[]; paramNames: unknown[] }[] };
};

/**
 * A declared path asked with a method it does not declare (TRACE, or PUT on a GET-only path): 405 in the
 * error shape with `Allow` naming the methods it does (HEAD with GET); OPTIONS answers 204 with `Allow`.
 * A fixed path wins over a parameter path that also matches it: '/api/staff/notices/preview' is POST only,
 * so PATCH there is a 405, not an update of the notice with id "preview". Runs before the router.
 */
export function methodNotAllowed(router: MatchesPaths): Koa.Middleware {
  return async (ctx, next) => {
    const layers = router.match(ctx.path, ctx.method).path;
    if (!layers.length) return next();
    const fewest = Math.min(...layers.map((l) => l.paramNames.length));
    const allow = [
      ...new Set(layers.filter((l) => l.paramNames.length === fewest).flatMap((l) => l.methods)),
    ];
    if (allow.includes(ctx.method)) return next();
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Allow', allow.join(', '));
      return;
    }
    throw errors.methodNotAllowed(allow);
  };
}
