/**
 * Toasts for failed actions, in Chinese. The antd message/notification instances come from the
 * <App> context (registered by NotifyBridge) so they follow the console's theme and locale.
 */
import type { MessageInstance } from 'antd/es/message/interface';
import type { NotificationInstance } from 'antd/es/notification/interface';
import { ApiError, describeError } from './apiError';

let messageApi: MessageInstance | undefined;
let notificationApi: NotificationInstance | undefined;

export function registerNotifiers(m: MessageInstance, n: NotificationInstance): void {
  messageApi = m;
  notificationApi = n;
}

export function reportError(e: unknown, title = '操作失败'): void {
  if (e instanceof DOMException && e.name === 'AbortError') return;
  const text = describeError(e);
  if (e instanceof ApiError && e.fields.length > 0 && notificationApi) {
    // The fields at fault, in the server's words (a form also shows each beside its field: fieldErrors).
    notificationApi.error({ message: title, description: text });
    return;
  }
  if (messageApi) void messageApi.error(text);
  else console.error(text);
}

export function reportSuccess(text: string): void {
  if (messageApi) void messageApi.success(text);
}
