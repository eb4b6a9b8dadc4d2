/**
 * A real WebSocket chat client for tests (the `ws` package, as a mini-program or browser would speak):
 *   const c = await ChatClient.connect(t.url, resident.token);
 *   c.send({ type: 'send', sessionId, clientMsgId: 'm1', message: { kind: 'text', text: '你好' } });
 *   const ack = await c.next((f) => f.type === 'ack');
 */
import WebSocket from 'ws';
import type { ClientFrame, ServerFrame } from '@portal/types';

export class ChatClient {
  readonly frames: ServerFrame[] = [];
  private unread: ServerFrame[] = [];
  private waiters: {
    pred: (f: ServerFrame) => boolean;
    resolve: (f: ServerFrame) => void;
    timer?: NodeJS.Timeout;
  }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(frame);
      else this.unread.push(frame);
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  /** Opens /ws; with a token, authenticates with the first frame (or ?token= when inUrl) and waits for `ready`. */
  static async connect(baseUrl: string, token?: string, opts: { inUrl?: boolean } = {}): Promise<ChatClient> {
    const url =
      baseUrl.replace(/^http/, 'ws') +
      '/ws' +
      (token && opts.inUrl ? `?token=${encodeURIComponent(token)}` : '');
    const ws = new WebSocket(url);
    const client = new ChatClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (token) {
      if (!opts.inUrl) client.send({ type: 'auth', token });
      await client.next((f) => f.type === 'ready');
    }
    return client;
  }

  send(frame: ClientFrame): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** The first not-yet-taken frame matching pred (already received or still to come). */
  next<F extends ServerFrame = ServerFrame>(
    pred: (f: ServerFrame) => boolean,
    timeoutMs = 5_000,
  ): Promise<F> {
    const i = this.unread.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.unread.splice(i, 1)[0] as F);
    return new Promise<F>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = {
        pred,
        resolve: (f: ServerFrame) => {
          clearTimeout(timer);
          resolve(f as F);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`),
        );
      }, timeoutMs);
      waiter.timer = timer;
      this.waiters.push(waiter);
    });
  }

  /** Sends a message and waits for its ack. */
  async say(sessionId: string, text: string, clientMsgId = `m-${Math.random().toString(36).slice(2)}`) {
    this.send({ type: 'send', sessionId, clientMsgId, message: { kind: 'text', text } });
    return this.next<Extract<ServerFrame, { type: 'ack' }>>(
      (f) => f.type === 'ack' && f.clientMsgId === clientMsgId,
    );
  }

  messages(sessionId: string) {
    return this.frames.flatMap((f) =>
      f.type === 'message' && f.message.sessionId === sessionId ? [f.message] : [],
    );
  }

  /** Closes the socket; waits still pending are dropped, so their timers cannot fail a later test file. */
  async close(): Promise<void> {
    for (const w of this.waiters) clearTimeout(w.timer);
    this.waiters = [];
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export const isMessage = (sessionId: string, text?: string) => (f: ServerFrame) =>
  f.type === 'message' &&
  f.message.sessionId === sessionId &&
  (text === undefined || f.message.text === text);

export const isSession = (sessionId: string, status?: string) => (f: ServerFrame) =>
  f.type === 'session' && f.session.id === sessionId && (status === undefined || f.session.status === status);
