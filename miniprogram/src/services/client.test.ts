import { buildUrl, createApiClient, type StoredSession, type Transport, type TransportRequest } from './client';
import { ApiError } from './errors';

function memorySessions(initial?: StoredSession) {
  let current = initial;
  return { get: () => current, set: (s: StoredSession) => void (current = s), clear: () => void (current = undefined) };
}

/** A tiny fake server: answers by token; records every request. */
function fakeServer(valid: Set<string>) {
  const seen: TransportRequest[] = [];
  const transport: Transport = async (req) => {
    seen.push(req);
    const token = req.header.Authorization?.replace('Bearer ', '');
    if (!token || !valid.has(token)) return { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
    return { statusCode: 200, data: { ok: true, url: req.url } };
  };
  return { seen, transport };
}

describe('API client', () => {
  it('sends the bearer token and builds query strings', async () => {
    const server = fakeServer(new Set(['t1']));
    const api = createApiClient({ baseUrl: 'http://x/', transport: server.transport, sessions: memorySessions({ token: 't1' }), login: jest.fn() });
    await api.get('/api/bills', { status: 'unpaid', page: 2, year: undefined });
    expect(server.seen[0].url).toBe('http://x/api/bills?status=unpaid&page=2');
    expect(server.seen[0].header.Authorization).toBe('Bearer t1');
  });

  it('logs in silently once on 401 and retries the request', async () => {
    const server = fakeServer(new Set(['fresh']));
    const sessions = memorySessions({ token: 'expired' });
    const login = jest.fn(async () => ({ token: 'fresh' }));
    const api = createApiClient({ baseUrl: '', transport: server.transport, sessions, login });
    await expect(api.get('/api/me')).resolves.toMatchObject({ ok: true });
    expect(login).toHaveBeenCalledTimes(1);
    expect(sessions.get()?.token).toBe('fresh');
    expect(server.seen.map((r) => r.header.Authorization)).toEqual(['Bearer expired', 'Bearer fresh']);
  });

  it('shares one re-login among requests that fail together', async () => {
    const server = fakeServer(new Set(['fresh']));
    const login = jest.fn(async () => ({ token: 'fresh' }));
    const api = createApiClient({ baseUrl: '', transport: server.transport, sessions: memorySessions({ token: 'old' }), login });
    await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(login).toHaveBeenCalledTimes(1);
  });

  it('prefers the refresh token over a new platform login', async () => {
    const server = fakeServer(new Set(['refreshed']));
    const login = jest.fn();
    const refresh = jest.fn(async () => ({ token: 'refreshed', refreshToken: 'r2' }));
    const sessions = memorySessions({ token: 'old', refreshToken: 'r1' });
    const api = createApiClient({ baseUrl: '', transport: server.transport, sessions, login, refresh });
    await api.get('/api/me');
    expect(refresh).toHaveBeenCalledWith('r1');
    expect(login).not.toHaveBeenCalled();
    expect(sessions.get()).toEqual({ token: 'refreshed', refreshToken: 'r2' });
  });

  it('gives up after one retry with a plain message', async () => {
    const server = fakeServer(new Set());
    const api = createApiClient({ baseUrl: '', transport: server.transport, sessions: memorySessions(), login: async () => ({ token: 'still-bad' }) });
    const error = await api.get('/api/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('UNAUTHENTICATED');
    expect(server.seen).toHaveLength(2);
  });

  it('does not log in for public endpoints', async () => {
    const login = jest.fn();
    const transport: Transport = async () => ({ statusCode: 200, data: { bills: [] } });
    const api = createApiClient({ baseUrl: '', transport, sessions: memorySessions(), login });
    await api.get('/api/qr/abc', undefined, { auth: false });
    expect(login).not.toHaveBeenCalled();
  });

  it('maps network failures and server errors to ApiError', async () => {
    const down: Transport = async () => {
      throw { errMsg: 'request:fail' };
    };
    const api = createApiClient({ baseUrl: '', transport: down, sessions: memorySessions({ token: 't' }), login: jest.fn() });
    await expect(api.get('/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: '网络连接失败,请检查网络后重试' });

    const failing: Transport = async () => ({ statusCode: 503, data: { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用,请稍后再试' } } });
    const api2 = createApiClient({ baseUrl: '', transport: failing, sessions: memorySessions({ token: 't' }), login: jest.fn() });
    await expect(api2.post('/x', {})).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('joins base URL and path without doubled slashes', () => {
    expect(buildUrl('https://p.example.com/', '/api/me')).toBe('https://p.example.com/api/me');
    expect(buildUrl('', '/api/x?a=1', { b: '中' })).toBe('/api/x?a=1&b=%E4%B8%AD');
  });
});
