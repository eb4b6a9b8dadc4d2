/**
 * Every failure a page can meet becomes an ApiError with a plain Chinese message: the server's
 * `{error:{code,message,fields?}}` shape, a network failure, a timeout, or a body that is not ours.
 * Pages show `error.message` (and `fields` beside inputs); they never show a raw object.
 */
export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field path → message, for showing beside the input ('holderName' or 'items.0.name'). */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries(this.fields.map((f) => [f.path, f.message]));
  }
}

const byStatus: Record<number, string> = {
  400: '提交的信息有误,请检查后重试',
  401: '登录已过期,请重新进入',
  403: '没有权限执行此操作',
  404: '没有找到相关记录',
  409: '状态已变化,请刷新后重试',
  413: '内容过大,请换一张较小的图片',
  422: '暂时无法办理,请联系客服',
  429: '操作过于频繁,请稍后再试',
  502: '微信服务繁忙,请稍后再试',
  503: '服务暂时不可用,请稍后再试',
  504: '服务响应超时,请稍后再试',
};

export const NETWORK_ERROR = 'NETWORK_ERROR';
export const TIMEOUT = 'TIMEOUT';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string we can show: short, and not a stack trace or JSON. */
const presentable = (s: unknown): s is string =>
  typeof s === 'string' && s.trim().length > 0 && s.length <= 200 && !/^\s*[[{]/.test(s) && !/\bat .+:\d+:\d+/.test(s);

/** The answer of a request that came back with a status ≥ 400. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const code = error && typeof error.code === 'string' ? error.code : `HTTP_${status}`;
  const fallback = byStatus[status] ?? (status >= 500 ? '服务暂时不可用,请稍后再试' : '请求失败,请稍后再试');
  const message = error && presentable(error.message) ? error.message : fallback;
  const fields = error && Array.isArray(error.fields) ? error.fields.filter(isFieldProblem) : [];
  const retryAfter = error && typeof error.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
  return new ApiError(code, message, status, fields, retryAfter);
}

/** A request that never got an answer (offline, DNS, TLS, aborted, timed out). */
export function errorFromFailure(failure: unknown): ApiError {
  const text = isRecord(failure) && typeof failure.errMsg === 'string' ? failure.errMsg : String((failure as Error)?.message ?? failure);
  if (/timeout|timed out|超时/i.test(text)) return new ApiError(TIMEOUT, '网络较慢,请求超时,请稍后重试', 0);
  return new ApiError(NETWORK_ERROR, '网络连接失败,请检查网络后重试', 0);
}

/** Whatever was thrown → a sentence for the resident. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (isRecord(e) && typeof e.errMsg === 'string') {
    // Taro/WeChat API failures: the resident cancelled, or the platform refused.
    if (/cancel/i.test(e.errMsg)) return '已取消';
    return '操作未完成,请稍后重试';
  }
  return '出了点问题,请稍后重试';
}

function isFieldProblem(v: unknown): v is FieldProblem {
  return isRecord(v) && typeof v.path === 'string' && typeof v.message === 'string';
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
