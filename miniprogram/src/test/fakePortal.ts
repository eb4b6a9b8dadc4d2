/**
 * A real HTTP server standing in for the portal API in component tests: canned answers per `METHOD path`, every
 * request recorded in arrival order, CORS as a browser needs it (jsdom enforces it). Taro's H5 request goes
 * through jsdom's XMLHttpRequest to it for real.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Recorded = { method: string; path: string; body: unknown; at: number };
type Answer = { status?: number; body: unknown } | ((body: unknown) => { status?: number; body: unknown });

export async function startFakePortal(routes: Record<string, Answer>) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ method: req.method ?? '', path, body, at: Date.now() });
      const route = routes[`${req.method} ${path}`];
      const answer = typeof route === 'function' ? route(body) : route;
      res.writeHead(answer?.status ?? (answer ? 200 : 404), { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ? answer.body : { error: { code: 'NOT_FOUND', message: '不存在' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** Requests to one `METHOD path`. */
    to: (key: string) => requests.filter((r) => `${r.method} ${r.path}` === key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
