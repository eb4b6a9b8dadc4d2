/**
 * createApp(deps): the Koa application, buildable by tests without listening.
 * Order: request id + access log → errors → body parser → landing page + API reference → static front ends → authentication →
 * feature middleware → 405 for undeclared methods → routes.
 */
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { AppDeps } from './deps';
import { features as allFeatures } from './modules';
import type { Feature } from './platform/feature';
import { authenticate } from './platform/auth/auth';
import { errorHandler, methodNotAllowed, requestContext } from './platform/http/middleware';
import { buildOpenApi } from './platform/http/openapi';
import { toMiddleware, type RouteDef } from './platform/http/route';
import { systemRoutes } from './platform/http/systemRoutes';
import { metricsRoutes } from './platform/http/metricsRoutes';
import { serveStaticApps } from './platform/http/staticApps';
import { serveLanding } from './platform/http/landing';
import { securityHeaders } from './platform/http/securityHeaders';

export type App = Koa & { routes: RouteDef[] };

export function createApp(deps: AppDeps, features: Feature[] = allFeatures): App {
  // Behind proxies, ctx.ip is the address the nearest TRUST_PROXY_HOPS proxies saw, never a client-written
  // leftmost X-Forwarded-For entry (per-address limits depend on it).
  const app = new Koa({ proxy: deps.config.TRUST_PROXY, maxIpsCount: deps.config.TRUST_PROXY_HOPS }) as App;
  const featureRoutes = features.flatMap((f) => f.routes?.(deps) ?? []);
  let openApiDoc: object | undefined;
  const openApi = () =>
    (openApiDoc ??= buildOpenApi(app.routes, { title: '公用事业客户自助服务平台 API', version: '0.1.0' }));
  app.routes = [...systemRoutes(openApi), ...metricsRoutes(deps), ...featureRoutes];

  const router = new Router();
  const seen = new Set<string>();
  for (const def of app.routes) {
    if (seen.has(def.spec.operationId)) throw new Error(`duplicate operationId ${def.spec.operationId}`);
    seen.add(def.spec.operationId);
    router[def.method](def.path, ...(toMiddleware(def) as Router.Middleware[]));
  }

  // Errors that never reach a response (a browser cancelling a download) are logged quietly, not to stderr.
  app.on('error', (err: Error & { code?: string }) => {
    const aborted =
      err.code === 'ECONNRESET' ||
      err.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
      err.message === 'Premature close';
    if (aborted) deps.logger.debug({ err }, 'client went away');
    else deps.logger.error({ err }, 'unhandled app error');
  });
  app.use(requestContext(deps.logger));
  app.use(errorHandler(deps.logger));
  app.use(securityHeaders(deps.config));
  app.use(
    bodyParser({
      // xml: the official account's message push (residentContact).
      enableTypes: ['json', 'form', 'text', 'xml'],
      xmlLimit: '64kb',
      jsonLimit: deps.config.BODY_LIMIT,
      formLimit: deps.config.BODY_LIMIT,
      textLimit: deps.config.BODY_LIMIT,
      // WeChat Pay notifications are verified over the exact bytes received.
      encoding: 'utf-8',
    }),
  );
  app.use(serveLanding(deps.config));
  app.use(serveStaticApps(deps.config));
  app.use(authenticate(deps.tokens));
  for (const f of features) for (const mw of f.middleware?.(deps) ?? []) app.use(mw);
  app.use(methodNotAllowed(router));
  app.use(router.routes());
  return app;
}
