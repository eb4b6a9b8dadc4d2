/**
 * GET /metrics on the public port, for a Prometheus that can only reach that port: only with
 * METRICS_TOKEN set, and only with `Authorization: Bearer <METRICS_TOKEN>`; otherwise the path does not
 * exist. The usual way is METRICS_PORT: a listener of its own, on METRICS_HOST, that the load balancer
 * does not expose (startMetricsServer).
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppDeps } from '../../deps';
import { bearerToken } from '../auth/auth';
import { metricsContentType, metricsText } from '../metrics';
import { errors } from './errors';
import { listen } from './listen';
import { access, collectRoutes, type RouteDef } from './route';

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function metricsRoutes(deps: AppDeps): RouteDef[] {
  const token = deps.config.METRICS_TOKEN;
  return collectRoutes((r) => {
    r.get(
      '/metrics',
      {
        operationId: 'getMetrics',
        summary: 'Prometheus metrics (with METRICS_TOKEN as bearer token; absent without METRICS_TOKEN)',
        tags: ['system'],
        access: access.public,
        raw: { contentType: 'text/plain', description: 'Prometheus text exposition format' },
        errors: { 401: 'METRICS_TOKEN required as bearer token', 404: 'METRICS_TOKEN not set' },
      },
      async ({ ctx }) => {
        if (!token) throw errors.routeNotFound();
        const given = bearerToken(ctx.get('authorization'));
        if (!given || !same(given, token)) throw errors.unauthenticated();
        ctx.type = metricsContentType;
        ctx.body = await metricsText();
      },
    );
  });
}

/** /metrics on a port of its own (METRICS_PORT, on METRICS_HOST), without a token. */
export async function startMetricsServer(
  host: string,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsText().then(
      (text) => res.writeHead(200, { 'content-type': metricsContentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await listen(server, port, host, 'METRICS_PORT');
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
