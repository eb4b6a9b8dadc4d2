/** Errors as staff read them: the shared ApiError (types/src/client), worded for the console. */
import { ApiError, defaultErrorMessages, NETWORK_ERROR, type ErrorMessages } from '@portal/types/src/client';

export { ApiError, NETWORK_ERROR };
export type { FieldProblem } from '@portal/types/src/client';

export const staffErrorMessages: Partial<ErrorMessages> = {
  byStatus: {
    ...defaultErrorMessages.byStatus,
    400: '请求参数有误',
    401: '登录已失效,请重新登录',
    404: '请求的内容不存在',
    409: '数据已被修改,请刷新后重试',
    413: '上传内容过大',
    422: '不符合业务规则',
  },
  network: '无法连接服务器,请检查网络',
};

/** One line for a toast: the message, and for validation errors the fields at fault. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.fields.length === 0) return e.message;
    return `${e.message}:${e.fields.map((f) => `${f.path || '请求'} ${f.message}`).join(';')}`;
  }
  if (e instanceof Error && e.message) return `操作失败:${e.message}`;
  return '操作失败,请稍后再试';
}
