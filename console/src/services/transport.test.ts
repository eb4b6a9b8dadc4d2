/**
 * @jest-environment node
 *
 * The console's fetch transport against a real HTTP server: a request the server never answers (or whose
 * body never ends) fails with 请求超时 at the client's time limit, so a screen's busy button comes back; the
 * caller's own abort still passes through as an abort; an answer within the limit arrives whole.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '@portal/types/src/client';
import { staffErrorMessages } from './apiError';
import { fetchTransport } from './transport';

let server: http.Server;
let base: string;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.includes('/silent')) return void held.push(res); // accepted, never answered
    if (req.url?.includes('/half')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":'); // the body never ends
      return void held.push(res);
    }
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'S1', status: 'active' }));
    }, 150);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  held.forEach((r) => r.destroy());
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const request = (path: string, timeoutMs: number, signal?: AbortSignal) =>
  fetchTransport({
    method: 'GET',
    url: `${base}${path}`,
    headers: {},
    responseType: 'json',
    timeoutMs,
    signal,
  });

it('fails a request the server never answers at the time limit, as a timeout', async () => {
  const t0 = Date.now();
  await expect(request('/silent', 300)).rejects.toMatchObject({ name: 'TimeoutError' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  expect(Date.now() - t0).toBeLessThan(5_000);
});

it('fails an answer whose body never ends at the time limit too', async () => {
  await expect(request('/half', 300)).rejects.toMatchObject({ name: 'TimeoutError' });
});

it('lets the caller abort, and that stays an abort', async () => {
  const caller = new AbortController();
  const pending = request('/silent', 10_000, caller.signal);
  setTimeout(() => caller.abort(), 50);
  await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
});

it('returns an answer that arrives within the limit', async () => {
  await expect(request('/slow', 2_000)).resolves.toEqual({
    status: 200,
    body: { id: 'S1', status: 'active' },
  });
});

it('reports the timeout to staff in Chinese through the API client', async () => {
  const client = createApiClient({
    audience: 'staff',
    baseUrl: `${base}/silent`,
    transport: fetchTransport,
    timeoutMs: 300,
    sessions: { get: () => ({ token: 't' }), save: () => undefined, clear: () => undefined },
    messages: staffErrorMessages,
  });
  await expect(client.call('getChatSession', { params: { sessionId: 'S1' } })).rejects.toMatchObject({
    code: 'TIMEOUT',
    message: expect.stringMatching(/超时/),
  });
});

it('gives a file answer (an export, a QR sheet) 120 s and JSON 15 s unless the call says otherwise', async () => {
  const limits: Record<string, number> = {};
  const client = createApiClient({
    audience: 'staff',
    transport: async (req) => {
      limits[req.url.split('?')[0]!] = req.timeoutMs;
      return { status: 200, body: {} };
    },
    sessions: { get: () => ({ token: 't' }), save: () => undefined, clear: () => undefined },
  });
  await client.call('getQrSheet', { query: { areaCode: 'CY' } } as never);
  await client.call('getChatSession', { params: { sessionId: 'S1' } });
  await client.call('getChatSession', { params: { sessionId: 'S2' }, timeoutMs: 5_000 });
  expect(limits).toEqual({
    '/api/staff/qr-sheet.pdf': 120_000,
    '/api/chat/sessions/S1': 15_000,
    '/api/chat/sessions/S2': 5_000,
  });
});
