/**
 * The API client core, free of any platform: an app gives it a transport (Taro.request, fetch), an
 * upload transport (wx.uploadFile, XMLHttpRequest), a session store and, where it has one, a way to log
 * in again. Calls are by operationId (operations.ts makes them type-checked). What matters most: a 401
 * renews the session ONCE, however many calls saw it at the same time (the refresh token first, then
 * the app's login), and each call is retried once with the new token; uploads go the same way.
 */
import {
  ApiError,
  defaultErrorMessages,
  errorFromFailure,
  errorFromResponse,
  isAbort,
  type ErrorMessages,
} from './apiError';
import {
  operations,
  type Audience,
  type CallArgs,
  type CallInput,
  type HttpMethod,
  type Operation,
  type OperationFor,
  type OperationId,
  type QueryValue,
  type ResponseOf,
  type UploadInput,
  type UploadOperationId,
} from './operations';
import { fillPath, joinUrl, toQueryString } from './url';

export type TransportRequest = {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** A JSON value the transport serialises; undefined: no body. */
  body?: unknown;
  /** 'json': parse the answer; 'raw': hand it back as the platform's binary type (a file to save or show). */
  responseType: 'json' | 'raw';
  timeoutMs: number;
  signal?: AbortSignal;
};
/** What came back. A request that got no answer rejects instead (with whatever the platform threw). */
export type TransportResponse = { status: number; body: unknown };
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export type UploadRequest<F> = {
  url: string;
  headers: Record<string, string>;
  /** The multipart field the operation reads the file from. */
  field: string;
  file: F;
  timeoutMs: number;
  onProgress?: (percent: number) => void;
};
export type UploadTransport<F> = (request: UploadRequest<F>) => Promise<TransportResponse>;

export type SessionTokens = { token: string; refreshToken?: string };
/** A new session: refreshSession's answer or a fresh login (the app keeps whatever else it carries). */
export type RenewedSession = SessionTokens & { expiresIn?: number };
export type SessionStore = {
  get(): SessionTokens | undefined;
  save(session: RenewedSession): void;
  clear(): void;
};

export type ClientOptions<A extends Audience, F> = {
  audience: A;
  /** Origin of the API ('' = the page's own). */
  baseUrl?: string;
  transport: Transport;
  upload?: UploadTransport<F>;
  sessions: SessionStore;
  /** A new session from the platform when there is none or the refresh token is refused (mini-program:
   * wx.login; H5: the OAuth redirect, which may never resolve). Without it the session just ends. */
  login?: () => Promise<RenewedSession>;
  messages?: Partial<ErrorMessages>;
  /** A call's time limit unless it gives its own: 15 s for JSON. */
  timeoutMs?: number;
  /** The same for a file answer (a receipt, an export, a QR sheet of a whole area): 120 s. */
  fileTimeoutMs?: number;
};

/** Operations the app may call as JSON (uploads go through `upload`). */
type CallableId<A extends Audience> = Exclude<OperationFor<A>, UploadOperationId>;

export type ApiClient<A extends Audience, F = never> = {
  call<K extends CallableId<A>>(operationId: K, ...args: CallArgs<K>): Promise<ResponseOf<K>>;
  upload<K extends Extract<OperationFor<A>, UploadOperationId>>(
    operationId: K,
    input: UploadInput<K, F>,
  ): Promise<ResponseOf<K>>;
  /** The URL of a call (for what the platform fetches itself: an image, a download link). */
  url<K extends OperationFor<A>>(operationId: K, input?: { params?: object; query?: object }): string;
  /** Renews the session now (the chat socket was refused); false when it is over. */
  renewSession(): Promise<boolean>;
  /** Forgets the session locally; the next protected call signs in again where the app can. */
  logout(): void;
};

export function createApiClient<A extends Audience, F = never>(
  options: ClientOptions<A, F>,
): ApiClient<A, F> {
  const messages: ErrorMessages = { ...defaultErrorMessages, ...options.messages };
  const baseUrl = options.baseUrl ?? '';
  const defaultTimeout = options.timeoutMs ?? 15_000;
  const fileTimeout = options.fileTimeoutMs ?? 120_000;
  const { sessions } = options;

  const urlOf = (op: Operation, input: { params?: object; query?: object } = {}) =>
    joinUrl(baseUrl, fillPath(op.path, input.params as Record<string, unknown>)) +
    toQueryString(input.query as Record<string, QueryValue>);

  /** Exchanges the refresh token; undefined when the server refuses it (a failed request throws). */
  async function refresh(refreshToken: string): Promise<RenewedSession | undefined> {
    const res = await options
      .transport({
        method: operations.refreshSession.method,
        url: urlOf(operations.refreshSession),
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: { refreshToken },
        responseType: 'json',
        timeoutMs: defaultTimeout,
      })
      .catch((failure: unknown) => {
        throw errorFromFailure(failure, messages);
      });
    return res.status >= 200 && res.status < 300 ? (res.body as RenewedSession) : undefined;
  }

  async function renew(): Promise<string | undefined> {
    const current = sessions.get();
    if (current?.refreshToken) {
      const refreshed = await refresh(current.refreshToken);
      if (refreshed) {
        sessions.save(refreshed);
        return refreshed.token;
      }
    }
    sessions.clear();
    if (!options.login) return undefined;
    const fresh = await options.login();
    sessions.save(fresh);
    return fresh.token;
  }

  let renewing: Promise<string | undefined> | undefined;
  /** One renewal at a time: every call that saw a 401 meanwhile waits for the same one. */
  const renewOnce = (): Promise<string | undefined> => {
    renewing ??= renew().finally(() => {
      renewing = undefined;
    });
    return renewing;
  };

  /** Sends with the session's token; on 401 renews (once for everyone) and sends again, once. */
  async function withSession(
    op: Operation,
    send: (token: string | undefined) => Promise<TransportResponse>,
  ): Promise<unknown> {
    const isPublic = op.access === 'public';
    let token = sessions.get()?.token;
    if (!isPublic && !token && options.login) token = await renewOnce();
    const attempt = (t: string | undefined) =>
      send(t).catch((failure: unknown) => {
        throw isAbort(failure) ? failure : errorFromFailure(failure, messages);
      });
    let res = await attempt(token);
    if (res.status === 401 && !isPublic) {
      // Another call may have renewed the session while this one was under way: use that, do not renew again.
      const current = sessions.get()?.token;
      const next = current && current !== token ? current : await renewOnce();
      if (next) res = await attempt(next);
      if (res.status === 401) sessions.clear();
    }
    if (res.status >= 200 && res.status < 300) return res.body;
    throw errorFromResponse(res.status, res.body, messages);
  }

  const headersWith = (token: string | undefined, extra: Record<string, string> = {}) => ({
    Accept: 'application/json',
    ...extra,
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });

  return {
    call<K extends CallableId<A>>(operationId: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
      const op: Operation = operations[operationId];
      const input = (args[0] ?? {}) as CallInput<OperationId> & {
        params?: object;
        query?: object;
        body?: unknown;
        idempotencyKey?: string;
      };
      const url = urlOf(op, input);
      const extra: Record<string, string> = {};
      if (input.body !== undefined) extra['Content-Type'] = 'application/json';
      if (input.idempotencyKey) extra['Idempotency-Key'] = input.idempotencyKey;
      return withSession(op, (token) =>
        options.transport({
          method: op.method,
          url,
          headers: headersWith(token, extra),
          body: input.body,
          responseType: 'raw' in op ? 'raw' : 'json',
          timeoutMs: input.timeoutMs ?? ('raw' in op ? fileTimeout : defaultTimeout),
          signal: input.signal,
        }),
      ) as Promise<ResponseOf<K>>;
    },

    upload<K extends Extract<OperationFor<A>, UploadOperationId>>(
      operationId: K,
      input: UploadInput<K, F>,
    ): Promise<ResponseOf<K>> {
      const op: Operation = operations[operationId];
      const uploadTransport = options.upload;
      if (!uploadTransport || !('upload' in op))
        throw new ApiError('UPLOAD_UNAVAILABLE', 0, messages.requestFailed);
      const url = urlOf(op, input as { params?: object; query?: object });
      return withSession(op, (token) =>
        uploadTransport({
          url,
          headers: headersWith(token),
          field: op.upload,
          file: input.file,
          timeoutMs: input.timeoutMs ?? 60_000,
          onProgress: input.onProgress,
        }),
      ) as Promise<ResponseOf<K>>;
    },

    url: (operationId, input) => urlOf(operations[operationId], input),
    renewSession: async () => Boolean(await renewOnce()),
    logout: () => sessions.clear(),
  };
}
