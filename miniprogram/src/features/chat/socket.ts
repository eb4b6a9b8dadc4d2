/**
 * The chat WebSocket (`/ws`) through Taro.connectSocket, so one code path serves weapp and H5.
 * Protocol (server/src/modules/chat/README.md): first frame `auth`; after `ready`, resend the
 * unacknowledged messages with their clientMsgId, then `resume {afterSeq}`; ping every heartbeatMs;
 * reconnect with backoff on any close. The page dedupes by seq (features/chat/merge.ts).
 */
import Taro from '@tarojs/taro';
import type { ClientFrame, ServerFrame } from '@portal/types';
import { apiBaseUrl } from '../../services/config';
import { backoffMs } from './merge';

export type SocketStatus = 'connecting' | 'online' | 'offline';

export type ChatSocketHandlers = {
  /** A fresh token (the session may have been renewed meanwhile). */
  token: () => string | undefined;
  /** Called after `ready`: return the frames to send (resends, then resume). */
  onReady: () => ClientFrame[];
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: SocketStatus) => void;
  /** 4401: the token was refused; renew the session before the next attempt. */
  onUnauthorized: () => Promise<void>;
};

export function socketUrl(): string {
  let base = apiBaseUrl();
  if (!base && typeof window !== 'undefined') base = window.location.origin;
  return `${base.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws`;
}

export class ChatSocket {
  private task: Taro.SocketTask | undefined;
  private attempt = 0;
  private stopped = false;
  private ready = false;
  private ping: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly h: ChatSocketHandlers) {}

  start() {
    this.stopped = false;
    void this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.ping);
    this.task?.close({ code: 1000 });
    this.task = undefined;
  }

  /** false when not connected (the caller keeps the message pending and it is resent on ready). */
  send(frame: ClientFrame): boolean {
    if (!this.task || !this.ready) return false;
    this.task.send({ data: JSON.stringify(frame) });
    return true;
  }

  private async connect() {
    if (this.stopped) return;
    this.h.onStatus('connecting');
    this.ready = false;
    let task: Taro.SocketTask;
    try {
      task = await Taro.connectSocket({ url: socketUrl() });
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      task.close({});
      return;
    }
    this.task = task;
    task.onOpen(() => {
      const token = this.h.token();
      task.send({ data: JSON.stringify({ type: 'auth', token: token ?? '' }) });
    });
    task.onMessage((ev) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        this.ready = true;
        this.attempt = 0;
        this.h.onStatus('online');
        clearInterval(this.ping);
        this.ping = setInterval(() => this.send({ type: 'ping', t: Date.now() }), Math.max(5000, frame.heartbeatMs));
        for (const f of this.h.onReady()) this.send(f);
      }
      this.h.onFrame(frame);
    });
    task.onClose((ev) => {
      if (this.task !== task) return;
      this.task = undefined;
      this.ready = false;
      clearInterval(this.ping);
      if (this.stopped) return;
      this.h.onStatus('offline');
      if ((ev as { code?: number }).code === 4401) {
        this.h.onUnauthorized().finally(() => this.scheduleReconnect());
      } else this.scheduleReconnect();
    });
    task.onError(() => undefined); // onClose follows and reconnects
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    this.h.onStatus('offline');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), backoffMs(this.attempt++));
  }
}
