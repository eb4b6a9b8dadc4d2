/**
 * The chat protocol on the WebSocket at /ws (server/src/modules/chat/README.md), free of any platform:
 * each app hands over how to open its socket (Taro.connectSocket, the browser's WebSocket). First frame
 * `auth`; after `ready`, the frames the app wants sent (its unacknowledged messages with their
 * clientMsgId, then `resume {afterSeq}`); a ping every heartbeat; on any close, reconnect with backoff,
 * after renewing the session when the server refused the token (4401). Messages merge by seq, so
 * whatever mix of history, acks, live messages and replays brought them, each shows once, in order.
 */
import type { ChatMessage, ClientFrame, ServerFrame } from '../chat';

export const CHAT_SOCKET_PATH = '/ws';
/** The server closes a socket whose token it refuses with this code (ChatCloseCode.unauthenticated). */
const UNAUTHENTICATED = 4401;

/** ws(s)://host/ws for an API origin (http → ws, https → wss). */
export const chatSocketUrl = (apiOrigin: string): string =>
  `${apiOrigin.replace(/^http/, 'ws').replace(/\/+$/, '')}${CHAT_SOCKET_PATH}`;

/** Adds messages, keeping one per seq, in seq order. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, ChatMessage>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export const lastSeq = (messages: ChatMessage[]): number =>
  messages.length ? messages[messages.length - 1]!.seq : 0;

/**
 * Where a `resume` starts: the last seq before the first hole in what is held. Live messages can arrive
 * past one not yet delivered (a message written before the socket joined, or one from another instance
 * that the bus brings a moment later); resuming after the highest seq would skip it for good. A seq the
 * server never used (a refused duplicate) costs only a replay of what follows it.
 */
export function resumeAfterSeq(messages: ChatMessage[]): number {
  if (!messages.length) return 0;
  let seq = messages[0]!.seq;
  for (const m of messages.slice(1)) {
    if (m.seq !== seq + 1) return seq;
    seq = m.seq;
  }
  return seq;
}

export const newClientMsgId = (): string =>
  `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** Reconnect backoff: 1 s, 2 s, 4 s … capped at 30 s. */
export const backoffMs = (attempt: number): number => Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));

/** The platform's socket, as far as the protocol needs it. */
export type SocketHandle = { send(data: string): void; close(code?: number): void };
export type SocketEvents = { onOpen(): void; onMessage(data: string): void; onClose(code?: number): void };
/** Opens a socket and reports its events (Taro's connectSocket answers asynchronously, hence the promise). */
export type OpenSocket = (url: string, events: SocketEvents) => SocketHandle | Promise<SocketHandle>;

export type ChatStatus = 'connecting' | 'online' | 'offline';

export type ChatConnectionOptions = {
  url: string;
  open: OpenSocket;
  /** The current session token (it may have been renewed since the last connection). */
  token: () => string | undefined;
  onFrame: (frame: ServerFrame) => void;
  onStatus?: (status: ChatStatus) => void;
  /** After every `ready`: the frames to send now (resends, then resumes). */
  onReady?: () => ClientFrame[];
  /** The server refused the token (4401): renew the session; the connection retries afterwards. */
  onUnauthorized?: () => Promise<unknown>;
  /** For tests: the wait before reconnect attempt n. */
  backoff?: (attempt: number) => number;
};

export type ChatConnection = {
  /** false when not connected: keep the message pending; it is resent on the next `ready`. */
  send(frame: ClientFrame): boolean;
  close(): void;
};

export function connectChat(o: ChatConnectionOptions): ChatConnection {
  const backoff = o.backoff ?? backoffMs;
  let socket: SocketHandle | undefined;
  let ready = false;
  let attempt = 0;
  let stopped = false;
  /** Events of a socket that has been replaced or closed by us are ignored. */
  let generation = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;

  const sendNow = (frame: ClientFrame): boolean => {
    if (!socket || !ready) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false; // closing under us: onClose follows and reconnects
    }
  };

  const scheduleReconnect = () => {
    if (stopped) return;
    o.onStatus?.('offline');
    clearTimeout(retry);
    retry = setTimeout(() => void open(), backoff(attempt++));
  };

  async function open(): Promise<void> {
    if (stopped) return;
    const mine = ++generation;
    ready = false;
    o.onStatus?.('connecting');
    let handle: SocketHandle | undefined;
    const events: SocketEvents = {
      onOpen: () => {
        if (mine === generation)
          handle?.send(JSON.stringify({ type: 'auth', token: o.token() ?? '' } satisfies ClientFrame));
      },
      onMessage: (data) => {
        if (mine !== generation) return;
        let frame: ServerFrame;
        try {
          frame = JSON.parse(data) as ServerFrame;
        } catch {
          return; // not a protocol frame
        }
        if (!frame || typeof frame.type !== 'string') return;
        if (frame.type === 'ready') {
          ready = true;
          attempt = 0;
          o.onStatus?.('online');
          clearInterval(ping);
          ping = setInterval(
            () => sendNow({ type: 'ping', t: Date.now() }),
            Math.max(1000, frame.heartbeatMs),
          );
          for (const f of o.onReady?.() ?? []) sendNow(f);
        }
        o.onFrame(frame);
      },
      onClose: (code) => {
        if (mine !== generation) return;
        generation += 1;
        socket = undefined;
        ready = false;
        clearInterval(ping);
        if (stopped) return;
        if (code === UNAUTHENTICATED && o.onUnauthorized) {
          o.onStatus?.('offline');
          o.onUnauthorized()
            .catch(() => undefined)
            .finally(scheduleReconnect);
        } else scheduleReconnect();
      },
    };
    try {
      handle = await o.open(o.url, events);
    } catch {
      if (mine === generation) scheduleReconnect();
      return;
    }
    if (stopped || mine !== generation) {
      handle.close(1000);
      return;
    }
    socket = handle;
  }

  void open();
  return {
    send: sendNow,
    close() {
      stopped = true;
      generation += 1;
      clearTimeout(retry);
      clearInterval(ping);
      socket?.close(1000);
      socket = undefined;
      ready = false;
    },
  };
}
