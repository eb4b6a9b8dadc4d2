/**
 * The agent's live chat connection (WebSocket at /ws, frames = ClientFrame / ServerFrame in
 * types/src/chat.ts). The first frame is `{type:'auth', token}` (keeps the token out of URLs and logs); the
 * connection counts as open once the server answers `ready`. Pings every heartbeatMs, reconnects with
 * backoff, and says so through onStatus (server/src/modules/chat/README.md).
 */
import type { ClientFrame, ServerFrame } from '@portal/types';

export type ChatEvent = ServerFrame;
export type SocketStatus = 'connecting' | 'open' | 'closed';

type Options = {
  token: string;
  onEvent: (e: ChatEvent) => void;
  onStatus: (s: SocketStatus) => void;
  /** After every (re)authentication: the place to resend and resume. */
  onReady?: () => void;
  /** For tests; defaults to the page's own host. */
  url?: string;
  WebSocketImpl?: typeof WebSocket;
};

export type ChatSocket = { send: (frame: ClientFrame) => boolean; close: () => void };

export function chatSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws`;
}

export function connectChat({ token, onEvent, onStatus, onReady, url, WebSocketImpl = WebSocket }: Options): ChatSocket {
  let ws: WebSocket | undefined;
  let ready = false;
  let attempt = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const open = () => {
    onStatus('connecting');
    ready = false;
    const socket = new WebSocketImpl(url ?? chatSocketUrl(window.location));
    ws = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token } satisfies ClientFrame));
    socket.onmessage = (m) => {
      let e: ChatEvent;
      try {
        e = JSON.parse(String(m.data)) as ChatEvent;
      } catch {
        return; // not a protocol frame
      }
      if (!e || typeof e.type !== 'string') return;
      if (e.type === 'ready') {
        attempt = 0;
        ready = true;
        onStatus('open');
        if (heartbeat) clearInterval(heartbeat);
        heartbeat = setInterval(() => socket.send(JSON.stringify({ type: 'ping', t: Date.now() } satisfies ClientFrame)), e.heartbeatMs);
        onReady?.();
      }
      onEvent(e);
    };
    socket.onclose = () => {
      ready = false;
      if (heartbeat) clearInterval(heartbeat);
      onStatus('closed');
      if (stopped) return;
      attempt += 1;
      timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
    };
  };
  open();

  return {
    send(frame) {
      if (!ready || ws?.readyState !== WebSocketImpl.OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      ws?.close();
    },
  };
}
