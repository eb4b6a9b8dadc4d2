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

/**
 * One line for a toast. The server's message already names the fields at fault in words ("请检查:目标节点须在起始
 * 节点之后"); their paths (body.targetNode) are for the form that shows each problem beside its field
 * (`fieldErrors`), never for staff to read.
 */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return `操作失败:${e.message}`;
  return '操作失败,请稍后再试';
}

/**
 * A refusal's field problems as a form shows them (antd `form.setFields`): `body.targetNode` → the form's
 * `targetNode`, `body.nodes.3.label` → ['nodes', 3, 'label']. Only fields the form has (`has`); none otherwise.
 */
export function fieldErrors(
  e: unknown,
  has: (name: string) => boolean,
): { name: (string | number)[]; errors: string[] }[] {
  if (!(e instanceof ApiError)) return [];
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const f of e.fields) {
    if (!f.path.startsWith('body.')) continue;
    const name = f.path
      .slice('body.'.length)
      .split('.')
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (typeof name[0] !== 'string' || !has(name[0])) continue;
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byName.set(key, entry);
  }
  return [...byName.values()];
}
