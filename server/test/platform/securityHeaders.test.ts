/**
 * Security headers on every answer: a Content-Security-Policy that allows this origin only and no framing,
 * each page's own inline scripts by hash and no others, and HSTS only in production or behind TLS.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { securityHeaders } from '../../src/platform/http/securityHeaders';
import { serveStaticApps } from '../../src/platform/http/staticApps';
import { startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ features: [] });
});
afterAll(() => t.close());

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k!, v]),
  );
const hashOf = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;

/** A bare Koa app with the headers and the given middleware, over real HTTP. */
async function serve(config: ReturnType<typeof testConfig>, ...mw: Koa.Middleware[]) {
  const app = new Koa({ proxy: true });
  app.use(securityHeaders(config));
  for (const m of mw) app.use(m);
  app.use((ctx) => void (ctx.body = { ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

it('sends the headers on API answers and errors alike: own origin only, never framed, no sniffing', async () => {
  for (const p of ['/healthz', '/api/no-such-thing']) {
    const res = await fetch(`${t.url}${p}`);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // A developer's plain-http localhost is never pinned to https.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  }
});

it('lets the API reference run its one inline script, by hash', async () => {
  const res = await fetch(`${t.url}/docs`);
  const html = await res.text();
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(inline).toHaveLength(1);
  const scriptSrc = directives(res.headers.get('content-security-policy')).get('script-src');
  expect(scriptSrc).toEqual(["'self'", hashOf(inline[0]!)]);
});

it('lets an app page run exactly its own inline scripts (the run-time settings and the build’s), nothing else', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-app-'));
  const buildScript = 'document.documentElement.style.fontSize="20px"';
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><script>${buildScript}</script><script defer src="/h5/js/app.js"></script></head><body></body></html>`,
  );
  const config = testConfig();
  const s = await serve(
    config,
    serveStaticApps(config, [{ prefix: '/h5', dir, name: 'H5', runtimeConfig: () => ({ sandbox: true }) }]),
  );
  try {
    const res = await fetch(`${s.url}/h5/`);
    const html = await res.text();
    expect(html).toContain('window.__PORTAL_CONFIG__={"sandbox":true}');
    expect(directives(res.headers.get('content-security-policy')).get('script-src')).toEqual([
      "'self'",
      hashOf('window.__PORTAL_CONFIG__={"sandbox":true}'),
      hashOf(buildScript),
    ]);
  } finally {
    await s.close();
  }
});

it('sends HSTS in production and on requests that came over TLS, not on plain http in development', async () => {
  const dev = await serve(testConfig());
  const prod = await serve({ ...testConfig(), isProduction: true });
  try {
    expect((await fetch(dev.url)).headers.get('strict-transport-security')).toBeNull();
    const behindTls = await fetch(dev.url, { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers.get('strict-transport-security')).toMatch(
      /^max-age=15552000; includeSubDomains$/,
    );
    const production = await fetch(prod.url);
    expect(production.headers.get('strict-transport-security')).toMatch(/max-age=15552000/);
    expect(
      directives(production.headers.get('content-security-policy')).has('upgrade-insecure-requests'),
    ).toBe(true);
  } finally {
    await dev.close();
    await prod.close();
  }
});
