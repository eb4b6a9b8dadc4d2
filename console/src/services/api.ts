/**
 * The console's one HTTP client. Every call names an operationId (resolved through /openapi.json),
 * carries the staff bearer token, and fails with an ApiError in DESIGN.md's shape. A 401 on a signed-in
 * call tries the refresh token once, then ends the session (the app goes back to the login page).
 */
import { ApiError, NETWORK_ERROR, NOT_AVAILABLE, toApiError } from './apiError';
import { fillPath, indexOperations, toQueryString, type OperationIndex, type QueryValue } from './operations';
import { session, type StaffSession } from './session';

export type CallInput = {
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
};

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

let operations: Promise<OperationIndex> | undefined;

function loadOperations(): Promise<OperationIndex> {
  operations ??= fetch('/openapi.json', { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw toApiError(res.status, await res.json().catch(() => undefined));
      return indexOperations(await res.json());
    })
    .catch((e: unknown) => {
      operations = undefined; // try again on the next call
      throw e instanceof ApiError ? e : new ApiError(NETWORK_ERROR, 0, '无法连接服务器,请检查网络');
    });
  return operations;
}

async function resolve(operationId: string): Promise<{ method: string; path: string }> {
  const ref = (await loadOperations()).get(operationId);
  if (!ref) throw new ApiError(NOT_AVAILABLE, 0, `服务端尚未提供此功能(${operationId})`);
  return ref;
}

/** Whether the running server declares an operation (menus and buttons may hide what is missing). */
export async function hasOperation(operationId: string): Promise<boolean> {
  try {
    return (await loadOperations()).has(operationId);
  } catch {
    return false;
  }
}

async function send(method: string, url: string, init: RequestInit, token: string | undefined): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(url, { ...init, method: method.toUpperCase(), headers });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(NETWORK_ERROR, 0, '无法连接服务器,请检查网络');
  }
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return res.json();
  return res.blob();
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time, however many calls saw the 401. */
function refreshOnce(s: StaffSession): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      if (!s.refreshToken) return false;
      const ref = (await loadOperations()).get('refreshSession');
      if (!ref) return false;
      const res = await send(ref.method, ref.path, {
        body: JSON.stringify({ refreshToken: s.refreshToken }),
        headers: { 'content-type': 'application/json' },
      }, undefined);
      if (!res.ok) return false;
      const next = (await res.json()) as { token: string; refreshToken?: string };
      session.set({ ...s, token: next.token, refreshToken: next.refreshToken ?? s.refreshToken });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

export async function call<T>(operationId: string, input: CallInput = {}): Promise<T> {
  const ref = await resolve(operationId);
  const url = fillPath(ref.path, input.params) + toQueryString(input.query);
  const isForm = typeof FormData !== 'undefined' && input.body instanceof FormData;
  const init: RequestInit = { signal: input.signal };
  if (input.body !== undefined) {
    init.body = isForm ? (input.body as FormData) : JSON.stringify(input.body);
    if (!isForm) init.headers = { 'content-type': 'application/json' };
  }
  const s = session.get();
  let res = await send(ref.method, url, init, s?.token);
  if (res.status === 401 && s) {
    if (await refreshOnce(s)) res = await send(ref.method, url, init, session.get()?.token);
    if (res.status === 401) session.set(undefined);
  }
  const body = await readBody(res);
  if (!res.ok) throw toApiError(res.status, body);
  return body as T;
}

/** Multipart upload with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export async function upload<T>(
  operationId: string,
  form: FormData,
  onProgress: (percent: number) => void,
  input: Omit<CallInput, 'body' | 'signal'> = {},
): Promise<T> {
  const ref = await resolve(operationId);
  const url = fillPath(ref.path, input.params) + toQueryString(input.query);
  return new Promise<T>((resolveUpload, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ref.method.toUpperCase(), url);
    xhr.setRequestHeader('accept', 'application/json');
    const token = session.get()?.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError(NETWORK_ERROR, 0, '上传失败,请检查网络'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === 401) session.set(undefined);
      if (xhr.status >= 200 && xhr.status < 300) resolveUpload(body as T);
      else reject(toApiError(xhr.status, body));
    };
    xhr.send(form);
  });
}

/** Downloads a file an operation returns (error reports, exports) under the given name. */
export async function download(operationId: string, fileName: string, input: CallInput = {}): Promise<void> {
  const body = await call<unknown>(operationId, input);
  const blob = body instanceof Blob ? body : new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export type StaffLoginBody = { username: string; password: string };

/** operationId staffLogin: POST {username, password} → {token, refreshToken?, staff}. */
export async function staffLogin(body: StaffLoginBody): Promise<StaffSession> {
  const result = await call<StaffSession>('staffLogin', { body });
  session.set(result);
  return result;
}

export function logout(): void {
  session.set(undefined);
}

/** For tests: forget the cached operation index. */
export function resetOperationIndex(): void {
  operations = undefined;
}
