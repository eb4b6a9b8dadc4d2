/**
 * The browser's WebSocket as the socket of the shared chat connection (types/src/client/chat.ts, which
 * speaks the /ws protocol: auth, resume after ready, heartbeats, reconnect with backoff, renewal on 4401).
 */
import { chatSocketUrl, type OpenSocket } from '@portal/types/src/client';

/** The chat socket of the server this page came from. */
export const deskSocketUrl = (location: Pick<Location, 'origin'> = window.location): string =>
  chatSocketUrl(location.origin);

export const openBrowserSocket: OpenSocket = (url, events) => {
  const ws = new WebSocket(url);
  ws.onopen = () => events.onOpen();
  ws.onmessage = (m) => events.onMessage(String(m.data));
  ws.onclose = (e) => events.onClose(e.code);
  return { send: (data) => ws.send(data), close: (code) => ws.close(code) };
};
