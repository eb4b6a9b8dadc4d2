/**
 * Taro.connectSocket as the socket of the shared chat connection (types/src/client/chat.ts, which speaks
 * the protocol: auth, resend + resume after ready, heartbeats, reconnect with backoff, renewal on 4401):
 * one code path for weapp and H5.
 */
import Taro from '@tarojs/taro';
import { chatSocketUrl, type OpenSocket } from '@portal/types/src/client';
import { apiBaseUrl } from '../../services/config';

export function socketUrl(): string {
  let base = apiBaseUrl();
  if (!base && typeof window !== 'undefined') base = window.location.origin;
  return chatSocketUrl(base);
}

export const openTaroSocket: OpenSocket = async (url, events) => {
  const task = await Taro.connectSocket({ url });
  task.onOpen(() => events.onOpen());
  task.onMessage((ev) => events.onMessage(String(ev.data)));
  task.onClose((ev) => events.onClose((ev as { code?: number }).code));
  task.onError(() => undefined); // onClose follows and reconnects
  return { send: (data) => void task.send({ data }), close: (code) => void task.close({ code }) };
};
