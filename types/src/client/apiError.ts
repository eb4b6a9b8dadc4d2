/**
 * Every failure a call can meet becomes one ApiError: the server's `{error:{code,message,fields?}}`
 * shape, a network failure, a timeout, or an answer that is not ours. The message is always a
 * sentence a person can read: never a raw body, a stack trace or HTML.
 */
import type { ErrorBody } from '../common';

/** One offending field of a validation error ('holderName', 'body.items.0.name'). */
export type FieldProblem = NonNullable<ErrorBody['error']['fields']>[number];

export class ApiError extends Error {
  constructor(
    readonly code: string,
    /** HTTP status; 0 when no answer came. */
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field path → message, for showing beside the input. */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries(this.fields.map((f) => [f.path, f.message]));
  }

  /**
   * The first message for each input of a form, where the input is named by `inputOf(path)` (by default the
   * path's last part: 'body.holder.phone' → 'phone').
   */
  messagesByInput(inputOf: (path: string) => string = (p) => p.split('.').pop()!): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) out[inputOf(f.path)] ??= f.message;
    return out;
  }
}

/** The request never got an answer (offline, DNS, TLS, server down). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** The request got no answer in time. */
export const TIMEOUT = 'TIMEOUT';

/** The sentences shown when the server's own message cannot be (each app may word them for its readers). */
export type ErrorMessages = {
  byStatus: Record<number, string>;
  /** A 5xx without a status of its own above. */
  serverError: string;
  /** Any other status without a sentence above. */
  requestFailed: string;
  network: string;
  timeout: string;
};

export const defaultErrorMessages: ErrorMessages = {
  byStatus: {
    400: '提交的信息有误,请检查后重试',
    401: '登录已过期,请重新登录',
    403: '没有权限执行此操作',
    404: '没有找到相关记录',
    409: '状态已变化,请刷新后重试',
    413: '内容过大,请换一个较小的文件',
    422: '暂时无法办理,请联系客服',
    429: '操作过于频繁,请稍后再试',
    502: '上游服务繁忙,请稍后再试',
    503: '服务暂时不可用,请稍后再试',
    504: '服务响应超时,请稍后再试',
  },
  serverError: '服务暂时不可用,请稍后再试',
  requestFailed: '请求失败,请稍后再试',
  network: '网络连接失败,请检查网络后重试',
  timeout: '网络较慢,请求超时,请稍后重试',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string we can show: short, and not a stack trace or JSON. */
const presentable = (s: unknown): s is string =>
  typeof s === 'string' &&
  s.trim().length > 0 &&
  s.length <= 200 &&
  !/^\s*[[{]/.test(s) &&
  !/\bat .+:\d+:\d+/.test(s);

const isFieldProblem = (v: unknown): v is FieldProblem =>
  isRecord(v) && typeof v.path === 'string' && typeof v.message === 'string';

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** The answer of a request that came back with a status ≥ 400. */
export function errorFromResponse(
  status: number,
  body: unknown,
  messages: ErrorMessages = defaultErrorMessages,
): ApiError {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const code = error && typeof error.code === 'string' ? error.code : `HTTP_${status}`;
  const fallback =
    messages.byStatus[status] ?? (status >= 500 ? messages.serverError : messages.requestFailed);
  const message = error && presentable(error.message) ? error.message : fallback;
  const fields = error && Array.isArray(error.fields) ? error.fields.filter(isFieldProblem) : [];
  const retryAfter =
    error && typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
  return new ApiError(code, status, message, fields, retryAfter);
}

/** A request that never got an answer (offline, DNS, TLS, timed out). */
export function errorFromFailure(failure: unknown, messages: ErrorMessages = defaultErrorMessages): ApiError {
  if (failure instanceof ApiError) return failure;
  const text =
    isRecord(failure) && typeof failure.errMsg === 'string'
      ? failure.errMsg
      : String((failure as Error)?.message ?? failure);
  if (/timeout|timed out|超时/i.test(text)) return new ApiError(TIMEOUT, 0, messages.timeout);
  return new ApiError(NETWORK_ERROR, 0, messages.network);
}

/** A caller's AbortSignal fired: not a failure to report, so it passes through untouched. */
export const isAbort = (e: unknown): boolean =>
  isRecord(e) && (e as { name?: unknown }).name === 'AbortError';
