import { ApiError } from './apiError';
import {
  createApiClient,
  type RenewedSession,
  type SessionTokens,
  type TransportRequest,
  type TransportResponse,
  type UploadRequest,
} from './createApiClient';

function memorySessions(initial?: SessionTokens) {
  let current = initial;
  return {
    get: () => current,
    save: (s: RenewedSession) => void (current = { token: s.token, refreshToken: s.refreshToken }),
    clear: () => void (current = undefined),
  };
}

/**
 * A small stand-in for the portal: accepts the tokens in `valid`, answers /api/auth/refresh by rotating
 * single-use refresh tokens (as the server does), and records every request.
 */
function portal(valid: string[], refreshTokens: Record<string, string> = {}) {
  const accepted = new Set(valid);
  const seen: TransportRequest[] = [];
  const answer = (req: { url: string; headers: Record<string, string> }): TransportResponse => {
    const token = req.headers.Authorization?.replace('Bearer ', '');
    if (!token || !accepted.has(token))
      return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
    return { status: 200, body: { url: req.url, token } };
  };
  return {
    seen,
    refreshes: () => seen.filter((r) => r.url.endsWith('/api/auth/refresh')).length,
    transport: async (req: TransportRequest): Promise<TransportResponse> => {
      seen.push(req);
      await new Promise((r) => setTimeout(r, 5));
      if (req.url.endsWith('/api/auth/refresh')) {
        const given = (req.body as { refreshToken: string }).refreshToken;
        const next = refreshTokens[given];
        if (!next)
          return { status: 401, body: { error: { code: 'REFRESH_TOKEN_INVALID', message: '登录已过期' } } };
        delete refreshTokens[given]; // each refresh token works once
        accepted.add(next);
        return { status: 200, body: { token: next, refreshToken: `${next}-r`, expiresIn: 7200 } };
      }
      return answer(req);
    },
    upload: async (req: UploadRequest<string>): Promise<TransportResponse> => {
      seen.push({
        method: 'POST',
        url: req.url,
        headers: req.headers,
        responseType: 'json',
        timeoutMs: req.timeoutMs,
      });
      return answer(req).status === 200
        ? { status: 201, body: { id: `photo-of-${req.file}`, field: req.field } }
        : answer(req);
    },
  };
}

describe('the API client core', () => {
  it('calls by operationId: method, filled and encoded path, query without blanks, bearer token', async () => {
    const server = portal(['t1']);
    const api = createApiClient({
      audience: 'resident',
      baseUrl: 'https://p.example.com/',
      transport: server.transport,
      sessions: memorySessions({ token: 't1' }),
    });
    await api.call('listBills', {
      query: { accountNo: '3101000123', status: 'unpaid,overdue', page: 2, year: undefined },
    });
    await api.call('getBill', { params: { billId: 'b 1' } });
    await api.call('bindAccount', { body: { accountNo: '3101000123', holderName: '张三' } });
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET https://p.example.com/api/bills?accountNo=3101000123&status=unpaid%2Coverdue&page=2',
      'GET https://p.example.com/api/bills/b%201',
      'POST https://p.example.com/api/accounts/bind',
    ]);
    expect(server.seen[2]!.body).toEqual({ accountNo: '3101000123', holderName: '张三' });
    expect(server.seen[2]!.headers).toMatchObject({
      Authorization: 'Bearer t1',
      'Content-Type': 'application/json',
    });
    expect(server.seen[0]!.headers['Content-Type']).toBeUndefined();
  });

  it('names a refund attempt with its Idempotency-Key header, the same on every retry of it', async () => {
    const server = portal(['t1']);
    const api = createApiClient({
      audience: 'staff',
      baseUrl: '',
      transport: server.transport,
      sessions: memorySessions({ token: 't1' }),
    });
    const attempt = {
      params: { outTradeNo: 'P1' },
      body: { reason: '多收' },
      idempotencyKey: 'refund-attempt-1',
    };
    await api.call('refundPayment', attempt);
    await api.call('refundPayment', attempt);
    expect(server.seen.map((r) => r.headers['Idempotency-Key'])).toEqual([
      'refund-attempt-1',
      'refund-attempt-1',
    ]);
    await api.call('getStaffPayment', { params: { outTradeNo: 'P1' } });
    expect(server.seen.at(-1)!.headers['Idempotency-Key']).toBeUndefined();
  });

  it('renews an expired session once for every call that failed together, with the refresh token', async () => {
    const server = portal([], { r1: 'fresh' });
    const sessions = memorySessions({ token: 'expired', refreshToken: 'r1' });
    const login = jest.fn();
    const api = createApiClient({ audience: 'resident', transport: server.transport, sessions, login });
    const answers = await Promise.all([
      api.call('getMe'),
      api.call('listMyAccounts'),
      api.call('getMySubscriptions'),
    ]);
    expect(answers.map((a) => (a as unknown as { token: string }).token)).toEqual([
      'fresh',
      'fresh',
      'fresh',
    ]);
    expect(server.refreshes()).toBe(1);
    expect(login).not.toHaveBeenCalled();
    expect(sessions.get()).toEqual({ token: 'fresh', refreshToken: 'fresh-r' });
  });

  it('does not renew again for a 401 that arrives after the session was renewed', async () => {
    const server = portal([], { r1: 'fresh' });
    const sessions = memorySessions({ token: 'expired', refreshToken: 'r1' });
    let renewed: () => void = () => undefined;
    const renewal = new Promise<void>((resolve) => (renewed = resolve));
    // getMe's answer (401, sent with the old token) is held back until listMyAccounts has renewed the session.
    const api = createApiClient({
      audience: 'resident',
      sessions,
      transport: async (req) => {
        const res = await server.transport(req);
        if (req.url.endsWith('/api/me')) await renewal;
        if (req.url.endsWith('/api/accounts') && res.status === 200) renewed();
        return res;
      },
    });
    const [me] = await Promise.all([api.call('getMe'), api.call('listMyAccounts')]);
    expect(me).toMatchObject({ token: 'fresh' });
    expect(server.refreshes()).toBe(1);
  });

  it('logs in again through the app when the refresh token is refused, and signs in before a first protected call', async () => {
    const server = portal(['from-login']);
    const sessions = memorySessions({ token: 'expired', refreshToken: 'revoked' });
    const login = jest.fn(async () => ({ token: 'from-login', refreshToken: 'r9' }));
    const api = createApiClient({ audience: 'resident', transport: server.transport, sessions, login });
    await expect(api.call('getMe')).resolves.toMatchObject({ token: 'from-login' });
    expect(login).toHaveBeenCalledTimes(1);

    const fresh = memorySessions();
    const login2 = jest.fn(async () => ({ token: 'from-login' }));
    const api2 = createApiClient({
      audience: 'resident',
      transport: server.transport,
      sessions: fresh,
      login: login2,
    });
    await Promise.all([api2.call('getMe'), api2.call('listMyAccounts')]);
    expect(login2).toHaveBeenCalledTimes(1);
    expect(
      server.seen.filter((r) => r.headers.Authorization === undefined && !r.url.endsWith('/refresh')),
    ).toEqual([]);
  });

  it('ends the session when it cannot be renewed and there is no login (the console goes back to its login page)', async () => {
    const server = portal([], {});
    const sessions = memorySessions({ token: 'expired', refreshToken: 'revoked' });
    const api = createApiClient({ audience: 'staff', transport: server.transport, sessions });
    const error = await api
      .call('getKpis', { query: { from: '2026-11-01', to: '2026-11-30' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(sessions.get()).toBeUndefined();
  });

  it('gives up after one retry when even the new session is refused', async () => {
    const server = portal([]);
    const api = createApiClient({
      audience: 'resident',
      transport: server.transport,
      sessions: memorySessions(),
      login: async () => ({ token: 'still-bad' }),
    });
    await expect(api.call('getMe')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(server.seen.map((r) => r.headers.Authorization)).toEqual(['Bearer still-bad', 'Bearer still-bad']);
  });

  it('never signs in for a public operation, but sends the token it has (notices say more to a signed-in resident)', async () => {
    const server = portal(['t1']);
    const login = jest.fn();
    const anonymous = createApiClient({
      audience: 'resident',
      transport: server.transport,
      sessions: memorySessions(),
      login,
    });
    await expect(anonymous.call('getQrBill', { params: { token: 'abc' } })).rejects.toMatchObject({
      status: 401,
    });
    expect(login).not.toHaveBeenCalled();
    const signedIn = createApiClient({
      audience: 'resident',
      transport: server.transport,
      sessions: memorySessions({ token: 't1' }),
      login,
    });
    await signedIn.call('listNotices');
    expect(server.seen.at(-1)!.headers.Authorization).toBe('Bearer t1');
  });

  it('uploads through the same renewal as calls', async () => {
    const server = portal([], { r1: 'fresh' });
    const api = createApiClient({
      audience: 'resident',
      transport: server.transport,
      upload: server.upload,
      sessions: memorySessions({ token: 'expired', refreshToken: 'r1' }),
    });
    const [photo, me] = await Promise.all([
      api.upload('uploadPhoto', { file: 'tmp/leak.jpg' }),
      api.call('getMe'),
    ]);
    expect(photo).toEqual({ id: 'photo-of-tmp/leak.jpg', field: 'file' });
    expect(me).toMatchObject({ token: 'fresh' });
    expect(server.refreshes()).toBe(1);
  });

  it('asks the transport for a file when the operation answers one', async () => {
    const server = portal(['t1']);
    const api = createApiClient({
      audience: 'staff',
      transport: server.transport,
      sessions: memorySessions({ token: 't1' }),
    });
    await api.call('exportKpis', { query: { from: '2026-11-01', to: '2026-11-30', format: 'csv' } });
    await api.call('getKpis', { query: { from: '2026-11-01', to: '2026-11-30' } });
    expect(server.seen.map((r) => r.responseType)).toEqual(['raw', 'json']);
  });

  it('turns failures into ApiError with a sentence, and lets a cancelled call pass as it is', async () => {
    const down = createApiClient({
      audience: 'resident',
      transport: async () => {
        throw { errMsg: 'request:fail' };
      },
      sessions: memorySessions({ token: 't' }),
    });
    await expect(down.call('getMe')).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      message: '网络连接失败,请检查网络后重试',
    });

    const busy = createApiClient({
      audience: 'resident',
      transport: async () => ({
        status: 503,
        body: { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用,请稍后再试' } },
      }),
      sessions: memorySessions({ token: 't' }),
      messages: { network: '无法连接服务器' },
    });
    await expect(busy.call('getMe')).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });

    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const cancelled = createApiClient({
      audience: 'resident',
      transport: async () => {
        throw abort;
      },
      sessions: memorySessions({ token: 't' }),
    });
    await expect(cancelled.call('getMe')).rejects.toBe(abort);
  });

  it('keeps the session when the refresh request itself gets no answer', async () => {
    const sessions = memorySessions({ token: 'expired', refreshToken: 'r1' });
    const api = createApiClient({
      audience: 'staff',
      transport: async (req) => {
        if (req.url.endsWith('/api/auth/refresh')) throw new TypeError('Failed to fetch');
        return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
      },
      sessions,
    });
    await expect(api.call('getStaffMe')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(sessions.get()).toEqual({ token: 'expired', refreshToken: 'r1' });
  });
});
