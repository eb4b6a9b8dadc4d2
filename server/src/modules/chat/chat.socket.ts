/**
 * The chat WebSocket at /ws, attached to the portal's HTTP server. One hub per process holds its
 * sockets by principal ('user:<id>', 'staff:<id>'), delivers frames published in this process at
 * once and what other processes write through the bus's change stream, or its poller (chat.bus.ts).
 *
 * Per socket: frames are handled one after another (a client's sends get seqs in the order sent);
 * a frame over CHAT_MAX_FRAME_BYTES, bad JSON or an unknown shape gets an error frame and the socket
 * stays open; frames over 4× the limit are cut by ws with close 1009; too many errors close it (4429).
 * The socket lives no longer than its session token: at the token's exp it is closed with 4401 (the
 * client reconnects with a fresh token and resumes), and sooner when the token is revoked (a staff
 * member deactivated or given other roles or areas; checked on every frame and every heartbeat).
 * Typing frames are forwarded at most once per TYPING_MIN_INTERVAL_MS per socket; the extra ones are
 * dropped silently (they carry no data). At most CHAT_MAX_QUEUED_FRAMES frames wait per socket: more
 * are refused with an error frame (and count towards the error burst), so a client cannot pile up
 * work faster than it is done.
 */
import type http from 'node:http';
import { chatSockets } from '../../platform/metrics';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { decodeJwt } from 'jose';
import { ChatCloseCode, ClientFrame, type ServerFrame } from '@portal/types';
import type { AppDeps } from '../../deps';
import { photoSigner } from '../uploads';
import type { Auth } from '../../platform/auth/auth';
import { errors, isAppError, type AppError } from '../../platform/http/errors';
import { registerSink, startReceiver, unregisterSink, type LocalSink, type Received } from './chat.bus';
import { isSessionCurrent } from '../accounts';
import { isChatStaff, principalOf } from './chat.access';
import { clearProcess, markConnected, refreshPresence } from './chat.presence';
import { markRead, messagesAfter, sendMessage, typing } from './message.service';
import { messageView } from './chat.views';
import { flushLastSeq, noteMessage } from './message.writer';
import { sessionChanged, trustSessionCache } from './sessionCache';
import { dispatch } from './queue.service';

type Conn = {
  id: string;
  ws: WebSocket;
  auth?: Auth;
  principal?: string;
  agent: boolean;
  lastSeen: number;
  errorTimes: number[];
  queue: Promise<void>;
  /** Frames accepted and not yet handled. */
  pending: number;
  authTimer?: NodeJS.Timeout;
  expiryTimer?: NodeJS.Timeout;
  lastTypingAt: number;
};

const AUTH_TIMEOUT_MS = 10_000;
const ERROR_BURST = 20;
const ERROR_WINDOW_MS = 10_000;
export const TYPING_MIN_INTERVAL_MS = 1_000;
const MAX_TIMER_MS = 2_147_483_647;

/** The token's exp in ms (the token is verified already; this only reads the claim). */
function expiresAt(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export type ChatHub = {
  processId: string;
  connections(): number;
  /** How frames from other processes arrive, once the bus has started. */
  busMode(): Promise<'changeStream' | 'polling' | undefined>;
  close(): Promise<void>;
};

export function attachChat(server: http.Server, deps: AppDeps): ChatHub {
  const processId = randomUUID().slice(0, 12);
  const {
    CHAT_MAX_FRAME_BYTES: maxFrame,
    CHAT_HEARTBEAT_MS: heartbeatMs,
    CHAT_MAX_QUEUED_FRAMES: maxQueued,
  } = deps.config;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrame * 4 });
  const conns = new Set<Conn>();
  const byPrincipal = new Map<string, Set<Conn>>();
  const agents = new Set<Conn>();
  let connSeq = 0;
  let closing = false;
  /** Messages from sockets of this hub still being stored or sent on (close waits for them). */
  const sends = new Set<Promise<unknown>>();

  const send = (c: Conn, frame: ServerFrame | string) => {
    if (c.ws.readyState !== c.ws.OPEN) return;
    c.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  const deliver: LocalSink['deliver'] = (targets, frame, origin) => {
    const to = new Set<Conn>();
    for (const t of targets) for (const c of t === 'agents' ? agents : (byPrincipal.get(t) ?? [])) to.add(c);
    if (!to.size) return;
    const text = JSON.stringify(frame);
    for (const c of to) if (c.id !== origin) send(c, text);
  };
  const sink: LocalSink = { processId, deliver, holds: (p) => byPrincipal.has(p) };
  registerSink(deps, sink);

  const sign = photoSigner(deps);
  const receive = (r: Received) => {
    // Another process changed a session: forget who may write in it before anyone is told.
    if (r.kind === 'frame' && r.frame.type === 'session') sessionChanged(deps, r.frame.session.id);
    if (r.kind === 'message' && r.message.from === 'system') sessionChanged(deps, r.message.sessionId);
    if (r.kind === 'frame') return deliver(r.route.to, r.frame, r.route.conn);
    noteMessage(deps, r.message);
    deliver(r.route.to, { type: 'message', message: messageView(r.message, sign) }, r.route.conn);
  };
  const receiver = startReceiver({
    processId,
    mode: deps.config.CHAT_BUS,
    pollMs: deps.config.CHAT_POLL_MS,
    receive,
    onError: (err) => deps.logger.warn({ err }, 'chat bus: receiving failed'),
    // Sessions are kept between messages only while every other process's change is heard at once.
    onCaughtUp: (caughtUp) => trustSessionCache(deps, caughtUp && !closing),
    onMode: (mode, why) =>
      mode === 'polling'
        ? deps.logger.info({ why }, `chat bus: polling every ${deps.config.CHAT_POLL_MS} ms`)
        : deps.logger.info('chat bus: change stream'),
  }).catch((err) => {
    deps.logger.error({ err }, 'chat bus did not start');
    return undefined;
  });

  function error(c: Conn, e: AppError, ref?: string) {
    send(c, { type: 'error', code: e.code, message: e.message, ...(ref ? { ref } : {}) });
    const now = Date.now();
    c.errorTimes = c.errorTimes.filter((t) => now - t < ERROR_WINDOW_MS);
    c.errorTimes.push(now);
    if (c.errorTimes.length > ERROR_BURST) c.ws.close(ChatCloseCode.tooManyErrors, 'too many errors');
  }

  /** A frame's handling failed: its error frame (the catalogue's, or "unavailable" for anything else). */
  function failed(c: Conn, err: unknown, ref?: string): void {
    if (isAppError(err)) return error(c, err, ref);
    deps.logger.error({ err }, 'chat frame failed');
    error(c, errors.chatUnavailable(), ref);
  }

  function scheduleExpiry(c: Conn, exp: number): void {
    clearTimeout(c.expiryTimer);
    const left = exp - Date.now();
    if (left > MAX_TIMER_MS) {
      c.expiryTimer = setTimeout(() => scheduleExpiry(c, exp), MAX_TIMER_MS);
      return;
    }
    c.expiryTimer = setTimeout(
      () => {
        const e = errors.tokenExpired();
        send(c, { type: 'error', code: e.code, message: e.message });
        c.ws.close(ChatCloseCode.unauthenticated, 'token expired');
      },
      Math.max(0, left),
    );
    c.expiryTimer.unref();
  }

  function revoked(c: Conn): void {
    const e = errors.sessionRevoked();
    send(c, { type: 'error', code: e.code, message: e.message });
    c.ws.close(ChatCloseCode.unauthenticated, 'session revoked');
  }

  async function authenticate(c: Conn, token: string): Promise<void> {
    if (c.auth) return error(c, errors.alreadyAuthenticated(), 'auth');
    const verified = await deps.tokens.verify(token);
    const auth = verified && (await isSessionCurrent(deps, verified)) ? verified : undefined;
    if (!auth || (auth.kind === 'staff' && !isChatStaff(auth))) {
      const e = auth ? errors.chatForbidden() : errors.unauthenticated();
      send(c, { type: 'error', code: e.code, message: e.message, ref: 'auth' });
      c.ws.close(ChatCloseCode.unauthenticated, auth ? 'forbidden' : 'unauthenticated');
      return;
    }
    clearTimeout(c.authTimer);
    const exp = expiresAt(token);
    if (exp !== undefined) scheduleExpiry(c, exp);
    const principal = principalOf(auth);
    // Presence first, so that at `ready` every process already counts this socket online (dispatch, the
    // offline notice). Frames that arrive meanwhile wait in the socket's queue.
    await markConnected(principal, processId, (byPrincipal.get(principal)?.size ?? 0) + 1);
    if (c.ws.readyState !== c.ws.OPEN) {
      void markConnected(principal, processId, byPrincipal.get(principal)?.size ?? 0).catch(() => undefined);
      return;
    }
    c.auth = auth;
    c.principal = principal;
    c.agent = auth.kind === 'staff';
    let set = byPrincipal.get(principal);
    if (!set) byPrincipal.set(principal, (set = new Set()));
    set.add(c);
    if (c.agent) agents.add(c);
    // `ready` goes out in the same tick as the socket joins: every live frame comes after it, so the
    // client's resume point (what it holds at `ready`) and the live frames meet without a gap.
    send(c, {
      type: 'ready',
      principal: { kind: auth.kind, id: auth.kind === 'resident' ? auth.userId : auth.staffId },
      heartbeatMs,
      serverTime: new Date().toISOString(),
    });
    if (c.agent) void dispatch(deps).catch((err) => deps.logger.warn({ err }, 'chat dispatch failed'));
  }

  async function handle(c: Conn, frame: ClientFrame): Promise<void> {
    if (frame.type === 'auth') return authenticate(c, frame.token);
    const auth = c.auth;
    if (!auth) {
      const e = errors.unauthenticated();
      send(c, { type: 'error', code: e.code, message: e.message, ref: frame.type });
      c.ws.close(ChatCloseCode.unauthenticated, 'unauthenticated');
      return;
    }
    if (!(await isSessionCurrent(deps, auth))) return revoked(c);
    switch (frame.type) {
      case 'send': {
        // The socket's next frame waits only until this message is queued for writing (seqs follow the
        // order sent); storing it and sending it on happen meanwhile, counted in the socket's pending
        // frames until done.
        const { clientMsgId } = frame;
        let queued!: () => void;
        const inQueue = new Promise<void>((resolve) => (queued = resolve));
        c.pending++;
        const sending = sendMessage(
          deps,
          auth,
          frame.sessionId,
          { ...frame.message, clientMsgId },
          {
            originConnId: c.id,
            onQueued: queued,
            onPersisted: ({ message, duplicate }) =>
              send(c, { type: 'ack', clientMsgId, message, duplicate }),
          },
        )
          .catch((err: unknown) => failed(c, err, clientMsgId.slice(0, 64)))
          .finally(() => {
            queued();
            c.pending--;
            sends.delete(sending);
          });
        sends.add(sending);
        return inQueue;
      }
      case 'resume': {
        const { items, lastSeq } = await messagesAfter(
          auth,
          frame.sessionId,
          frame.afterSeq,
          photoSigner(deps),
        );
        for (const message of items) send(c, { type: 'message', message });
        send(c, { type: 'resumed', sessionId: frame.sessionId, lastSeq });
        return;
      }
      case 'read':
        return markRead(deps, auth, frame.sessionId, frame.seq, c.id);
      case 'typing':
        return typing(deps, auth, frame.sessionId, c.id);
      default:
        return;
    }
  }

  function onFrame(c: Conn, data: RawData): void {
    c.lastSeen = Date.now();
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (buf.byteLength > maxFrame) return error(c, errors.frameTooLarge(maxFrame));
    let json: unknown;
    try {
      json = JSON.parse(buf.toString('utf8'));
    } catch {
      return error(c, errors.malformedFrame());
    }
    const parsed = ClientFrame.safeParse(json);
    const ref = (json as { clientMsgId?: unknown; type?: unknown } | null) ?? {};
    const refText =
      typeof ref.clientMsgId === 'string'
        ? ref.clientMsgId
        : typeof ref.type === 'string'
          ? ref.type
          : undefined;
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(frame)').join(', ');
      return error(c, errors.invalidFrame(fields), refText?.slice(0, 64));
    }
    const frame = parsed.data;
    if (frame.type === 'ping') return send(c, { type: 'pong', t: frame.t });
    if (frame.type === 'typing' && c.auth) {
      const now = Date.now();
      if (now - c.lastTypingAt < TYPING_MIN_INTERVAL_MS) return;
      c.lastTypingAt = now;
    }
    if (c.pending >= maxQueued) return error(c, errors.tooManyFrames(), refText?.slice(0, 64));
    c.pending++;
    c.queue = c.queue
      .then(() => handle(c, frame))
      .catch((err: unknown) => failed(c, err, refText?.slice(0, 64)))
      .finally(() => void c.pending--);
  }

  function onClose(c: Conn): void {
    clearTimeout(c.authTimer);
    clearTimeout(c.expiryTimer);
    conns.delete(c);
    agents.delete(c);
    if (!c.principal) return;
    const set = byPrincipal.get(c.principal);
    set?.delete(c);
    const left = set?.size ?? 0;
    if (!left) byPrincipal.delete(c.principal);
    if (!closing) void markConnected(c.principal, processId, left).catch(() => undefined);
  }

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    const c: Conn = {
      id: `${processId}:${++connSeq}`,
      ws,
      agent: false,
      lastSeen: Date.now(),
      errorTimes: [],
      queue: Promise.resolve(),
      pending: 0,
      lastTypingAt: 0,
    };
    conns.add(c);
    chatSockets.inc();
    ws.once('close', () => chatSockets.dec());
    c.authTimer = setTimeout(
      () => !c.auth && ws.close(ChatCloseCode.unauthenticated, 'auth timeout'),
      AUTH_TIMEOUT_MS,
    );
    ws.on('message', (data) => onFrame(c, data));
    ws.on('pong', () => void (c.lastSeen = Date.now()));
    ws.on('close', () => onClose(c));
    ws.on('error', (err) => deps.logger.debug({ err }, 'chat socket error'));
    // Browsers cannot set headers on a WebSocket: the token may come as ?token= (or in the first frame).
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token)
      c.queue = c.queue
        .then(() => authenticate(c, token))
        .catch(() => ws.close(ChatCloseCode.unauthenticated));
  });

  const onUpgrade = (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname !== '/ws') {
      if (server.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    if (closing) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const beat = setInterval(() => {
    const now = Date.now();
    for (const c of conns) {
      if (now - c.lastSeen > 2 * heartbeatMs) {
        c.ws.close(ChatCloseCode.heartbeatTimeout, 'heartbeat timeout');
        setTimeout(() => c.ws.terminate(), 1_000).unref();
      } else {
        c.ws.ping();
        const auth = c.auth;
        if (auth)
          void isSessionCurrent(deps, auth).then(
            (ok) => ok || revoked(c),
            () => undefined,
          );
      }
    }
    void refreshPresence(processId, new Map([...byPrincipal].map(([p, set]) => [p, set.size]))).catch(
      () => undefined,
    );
    if (agents.size) void dispatch(deps).catch((err) => deps.logger.warn({ err }, 'chat dispatch failed'));
  }, heartbeatMs);
  beat.unref();

  return {
    processId,
    connections: () => conns.size,
    busMode: async () => (await receiver)?.mode,
    async close() {
      closing = true;
      trustSessionCache(deps, false);
      clearInterval(beat);
      server.off('upgrade', onUpgrade);
      unregisterSink(deps, sink);
      for (const c of conns) c.ws.close(ChatCloseCode.shuttingDown, 'server shutting down');
      await (await receiver)?.stop();
      await Promise.all([...conns].map((c) => c.queue.catch(() => undefined)));
      await Promise.all([...sends]);
      await flushLastSeq(deps);
      for (const c of conns) c.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await clearProcess(processId).catch(() => undefined);
    },
  };
}
