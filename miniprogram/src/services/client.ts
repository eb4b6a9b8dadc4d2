/**
 * The HTTP client core, free of Taro so jest can drive it: a transport, a session store and a way to
 * log in again are injected (services/api.ts wires the Taro ones). One behaviour matters most:
 * a 401 triggers ONE silent re-login (refresh token first, then the platform login), shared by every
 * request that failed meanwhile, and the request is retried once.
 */
import { ApiError, errorFromFailure, errorFromResponse } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TransportRequest = {
  url: string;
  method: HttpMethod;
  data?: unknown;
  header: Record<string, string>;
  timeout: number;
};
export type TransportResponse = { statusCode: number; data: unknown };
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export type StoredSession = { token: string; refreshToken?: string; expiresAt?: number };
export type SessionStore = {
  get(): StoredSession | undefined;
  set(session: StoredSession): void;
  clear(): void;
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export type RequestOptions = {
  query?: Query;
  body?: unknown;
  /** false for public endpoints (login, QR bill): no token is sent and a 401 is not retried.
   * 'optional': public endpoints that say more to a signed-in resident (notices): the token is sent
   * when there is one, but a missing one never starts a login. */
  auth?: boolean | 'optional';
  timeoutMs?: number;
};

export type ClientDeps = {
  baseUrl: string;
  transport: Transport;
  sessions: SessionStore;
  /** Obtain a fresh session from the platform (weapp: wx.login; H5: OAuth redirect, which may never resolve). */
  login: () => Promise<StoredSession>;
  /** Exchange a refresh token; undefined when it is missing or rejected. */
  refresh?: (refreshToken: string) => Promise<StoredSession | undefined>;
};

export type ApiClient = ReturnType<typeof createApiClient>;

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${path}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`;
}

export function createApiClient(deps: ClientDeps) {
  let relogin: Promise<StoredSession> | undefined;

  /** One re-login at a time; every 401 waiting meanwhile shares it. */
  const renewSession = (): Promise<StoredSession> => {
    relogin ??= (async () => {
      try {
        const current = deps.sessions.get();
        if (current?.refreshToken && deps.refresh) {
          const refreshed = await deps.refresh(current.refreshToken).catch(() => undefined);
          if (refreshed) {
            deps.sessions.set(refreshed);
            return refreshed;
          }
        }
        deps.sessions.clear();
        const fresh = await deps.login();
        deps.sessions.set(fresh);
        return fresh;
      } finally {
        relogin = undefined;
      }
    })();
    return relogin;
  };

  const send = async (method: HttpMethod, path: string, opts: RequestOptions, token?: string) => {
    const header: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) header.Authorization = `Bearer ${token}`;
    try {
      return await deps.transport({
        url: buildUrl(deps.baseUrl, path, opts.query),
        method,
        data: opts.body,
        header,
        timeout: opts.timeoutMs ?? 15_000,
      });
    } catch (failure) {
      throw errorFromFailure(failure);
    }
  };

  async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const needsAuth = opts.auth !== false && opts.auth !== 'optional';
    let token = opts.auth !== false ? deps.sessions.get()?.token : undefined;
    if (needsAuth && !token) token = (await renewSession()).token;
    let res = await send(method, path, opts, token);
    if (res.statusCode === 401 && needsAuth) {
      token = (await renewSession()).token;
      res = await send(method, path, opts, token);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
    throw errorFromResponse(res.statusCode, res.data);
  }

  return {
    request,
    get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query'>) => request<T>('GET', path, { ...opts, query }),
    post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
    put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...opts, body }),
    del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
    /** Log out locally: the next request logs in again. */
    logout: () => deps.sessions.clear(),
    isApiError: (e: unknown): e is ApiError => e instanceof ApiError,
  };
}
