/**
 * The agent's live chat connection (WebSocket at /ws, frames = ClientFrame / ServerFrame in
 * types/src/chat.ts). The staff token goes in the `token` query parameter (browsers cannot set headers
 * on a WebSocket); reconnects with backoff, and says so through onStatus.
 */
import type { ClientFrame, ServerFrame } from '@portal/types';

export type ChatEvent = ServerFrame;
export type SocketStatus = 'connecting' | 'open' | 'closed';

type Options = {
  token: string;
  onEvent: (e: ChatEvent) => void;
  onStatus: (s: SocketStatus) => void;
  /** For tests; defaults to the page's own host. */
  url?: string;
  WebSocketImpl?: typeof WebSocket;
};

export type ChatSocket = { send: (frame: ClientFrame) => boolean; close: () => void };

export function chatSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

export function connectChat({ token, onEvent, onStatus, url, WebSocketImpl = WebSocket }: Options): ChatSocket {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    onStatus('connecting');
    ws = new WebSocketImpl(url ?? chatSocketUrl(window.location, token));
    ws.onopen = () => {
      attempt = 0;
      onStatus('open');
    };
    ws.onmessage = (m) => {
      try {
        const e = JSON.parse(String(m.data)) as ChatEvent;
        if (e && typeof e.type === 'string') onEvent(e);
      } catch {
        /* not a protocol frame; ignore */
      }
    };
    ws.onclose = () => {
      onStatus('closed');
      if (stopped) return;
      attempt += 1;
      timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
    };
  };
  open();

  return {
    send(frame) {
      if (ws?.readyState !== WebSocketImpl.OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
