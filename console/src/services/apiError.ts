/** DESIGN.md's one error shape, as the console sees it (plus two codes of its own). */
import type { ErrorBody } from '@portal/types';

export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server does not declare this operationId yet (its feature has not landed). */
export const NOT_AVAILABLE = 'NOT_AVAILABLE';
/** The request never got an answer (server down, network gone). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

const isErrorBody = (x: unknown): x is ErrorBody =>
  typeof x === 'object' && x !== null && typeof (x as ErrorBody).error?.code === 'string';

const statusMessages: Record<number, string> = {
  400: '请求参数有误',
  401: '登录已失效,请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '数据已被修改,请刷新后重试',
  413: '上传内容过大',
  422: '不符合业务规则',
  429: '操作过于频繁,请稍后再试',
  503: '服务暂时不可用,请稍后再试',
};

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(body.error.code, status, body.error.message, body.error.fields ?? []);
  return new ApiError(`HTTP_${status}`, status, statusMessages[status] ?? `服务器错误(${status})`);
}

/** One line for a toast: the message, and for validation errors the fields at fault. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.fields.length === 0) return e.message;
    return `${e.message}:${e.fields.map((f) => `${f.path || '请求'} ${f.message}`).join(';')}`;
  }
  if (e instanceof Error && e.message) return `操作失败:${e.message}`;
  return '操作失败,请稍后再试';
}
