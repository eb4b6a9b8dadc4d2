/**
 * Whatever a page caught → one sentence for the resident. API failures are already ApiErrors with a
 * plain Chinese message (types/src/client); Taro/WeChat API failures carry an `errMsg`.
 */
import { ApiError } from '@portal/types/src/client';

export { ApiError };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (isRecord(e) && typeof e.errMsg === 'string') {
    // Taro/WeChat API failures: the resident cancelled, or the platform refused.
    if (/cancel/i.test(e.errMsg)) return '已取消';
    return '操作未完成,请稍后重试';
  }
  return '出了点问题,请稍后重试';
}
