/**
 * Writing messages, one insert each, in batches. Messages that arrive while a batch is being written wait
 * for the next one, so a busy process spends a fixed number of round trips per batch, not per message:
 *   1. the batch's sessions (who may write, their last seq), one read, skipped for the sessions kept from
 *      earlier batches while the bus hears every change at once (sessionCache.ts);
 *   2. one unordered insertMany of the messages, each with the next seq of its session;
 *   3. the sessions' lastSeq and lastMessageAt: not per message. The server's own notes (assignment,
 *      transfer, close) are recorded at once; other messages RECORD_EVERY_MS later, all sessions that
 *      waited together, in small bulkWrites off the senders' path (an update costs the stand-in ten
 *      inserts, and a big bulkWrite held every other command up: it was most of a round trip's latency).
 *      Nothing depends on lastSeq being current: the next seq falls back on the unique index, read
 *      receipts and history take the messages' own seqs, and session views show the later of the stored
 *      lastSeq and the last message this process knows of (latest.ts).
 * The send rate (CHAT_MESSAGES_PER_MINUTE) is counted from the messages themselves as they pass: the ones
 * this process writes and the ones the bus brings from the others (noteMessage), so it holds for a sender's
 * sockets and HTTP requests on every instance together, as soon as the bus has delivered (milliseconds). A
 * process that has just started has seen no minute yet: it may let one more minute's allowance through.
 * The seq of a session comes from this process's memory of it (fed by its own inserts and the bus), else
 * from the session's lastSeq. Another process may have used it meanwhile: the unique (sessionId, seq)
 * index refuses the insert, the session's highest seq is read and the message goes into the next batch.
 * A clientMsgId the sender used before is refused by its unique index too, and answered with the stored
 * message (duplicate). Ordering per sender holds because a socket sends one frame at a time.
 */
import mongoose, { mongo } from 'mongoose';
import type { ChatMessageContent } from '@portal/types';
import type * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { photoSigner } from '../uploads';
import { localSink, routeFor, type Target } from './chat.bus';
import { sessionTargets } from './chat.access';
import { noteLatest } from './latest';
import { messageView } from './chat.views';
import { ChatMessageModel, type ChatMessageDoc } from './chatMessage.model';
import { ChatSessionModel } from './chatSession.model';
import { cachedSessions, keepSessions, type SessionInfo } from './sessionCache';

export type Sender = { from: 'resident' | 'agent' | 'system'; id?: string; name?: string };

export type { SessionInfo };

export type AppendRequest = {
  sessionId: string;
  sender: Sender;
  content: ChatMessageContent | { kind: 'system'; text: string };
  clientMsgId?: string;
  /** Who is sent the message: 'session' = its resident and agent; or these targets; [] = nobody. */
  to: 'session' | readonly Target[];
  /** The socket that sent it: it gets an ack, not an echo. */
  originConnId?: string;
};

export type Appended = {
  message: T.ChatMessage;
  duplicate: boolean;
  session: SessionInfo;
  /** Settles once the session's lastSeq and lastMessageAt include the message (never rejects). */
  recorded: Promise<void>;
};

type Pending = {
  req: AppendRequest;
  attempts: number;
  resolve: (a: Appended | null) => void;
  reject: (e: unknown) => void;
};

type Writer = {
  queue: Pending[];
  running: boolean;
  seqs: Map<string, number>;
  /** Per sender, when their messages of the last RATE_WINDOW_MS were written (ms, oldest first). */
  sent: Map<string, number[]>;
  /** What waits to be recorded on the sessions (lastSeq, lastMessageAt). */
  deferred: Map<string, { seq: number; at: Date }>;
  flushTimer?: NodeJS.Timeout;
};

const MAX_BATCH = 500;
const MAX_ATTEMPTS = 5;
const RATE_WINDOW_MS = 60_000;
const SEQ_MEMORY = 50_000;
/** How long a session's lastSeq may wait to be recorded (views add what this process knows: latest.ts). */
export const RECORD_EVERY_MS = 10_000;
/** Sessions per bulkWrite when recording lastSeq. */
const RECORD_CHUNK = 20;
const PROJECTION = { userId: 1, agentId: 1, agentName: 1, status: 1, lastSeq: 1 } as const;

const writers = new WeakMap<AppDeps, Writer>();
const writerOf = (deps: AppDeps): Writer => {
  let w = writers.get(deps);
  if (!w)
    writers.set(
      deps,
      (w = {
        queue: [],
        running: false,
        seqs: new Map(),
        sent: new Map(),
        deferred: new Map(),
      }),
    );
  return w;
};

/**
 * Appends one message. null when the session does not exist, is closed (system notes excepted), or is
 * not the sender's to write in; throws CHAT_RATE_LIMITED past the sender's messages per minute.
 */
export function appendMessage(deps: AppDeps, req: AppendRequest): Promise<Appended | null> {
  return new Promise((resolve, reject) => {
    const w = writerOf(deps);
    w.queue.push({ req, attempts: 0, resolve, reject });
    if (!w.running) {
      w.running = true;
      setImmediate(() => void drain(deps, w));
    }
  });
}

/** The highest seq this process knows of in a session (0 when none): read receipts are capped by it. */
export function knownSeq(deps: AppDeps, sessionId: string): number {
  return writers.get(deps)?.seqs.get(sessionId) ?? 0;
}

/** The bus saw a message another process wrote: the next seq here starts after it; it counts to the rate. */
export function noteMessage(
  deps: AppDeps,
  m: { sessionId: string; seq: number; senderId?: string | null; createdAt?: Date | null },
): void {
  const w = writerOf(deps);
  if ((w.seqs.get(m.sessionId) ?? 0) < m.seq) remember(w.seqs, m.sessionId, m.seq);
  noteLatest(m.sessionId, m.seq, new Date(m.createdAt ?? Date.now()));
  if (m.senderId) countSend(w, m.senderId, new Date(m.createdAt ?? Date.now()).getTime());
}

/** A sender's messages inside the window ending `now` (pruning the older ones). */
function sendsInWindow(w: Writer, senderId: string, now: number): number[] {
  const times = w.sent.get(senderId);
  if (!times) return [];
  while (times.length && times[0] <= now - RATE_WINDOW_MS) times.shift();
  if (!times.length) w.sent.delete(senderId);
  return times;
}

function countSend(w: Writer, senderId: string, at: number): void {
  let times = w.sent.get(senderId);
  if (!times) {
    w.sent.set(senderId, (times = []));
    if (w.sent.size > SEQ_MEMORY) w.sent.delete(w.sent.keys().next().value!);
  }
  let i = times.length;
  while (i > 0 && times[i - 1] > at) i--;
  times.splice(i, 0, at);
}

function remember(seqs: Map<string, number>, sessionId: string, seq: number): void {
  seqs.delete(sessionId); // re-insert: the Map keeps the sessions written to last at its end
  seqs.set(sessionId, seq);
  if (seqs.size > SEQ_MEMORY) seqs.delete(seqs.keys().next().value!);
}

async function drain(deps: AppDeps, w: Writer): Promise<void> {
  try {
    while (w.queue.length) {
      const batch = w.queue.splice(0, MAX_BATCH);
      await writeBatch(deps, w, batch).catch((err: unknown) => {
        for (const p of batch) p.reject(err);
      });
    }
  } finally {
    w.running = false;
  }
}

const mayWrite = (s: SessionInfo, sender: Sender) =>
  sender.from === 'system' ||
  (s.status !== 'closed' && (sender.from === 'resident' ? s.userId === sender.id : s.agentId === sender.id));

type Placed = {
  p: Pending;
  doc: ChatMessageDoc & { route: ReturnType<typeof routeFor> };
  session: SessionInfo;
};

async function writeBatch(deps: AppDeps, w: Writer, batch: Pending[]): Promise<void> {
  const now = deps.clock.now();
  const ids = [...new Set(batch.map((p) => p.req.sessionId))].filter((id) => mongoose.isValidObjectId(id));
  // Sessions kept from earlier batches (sessionCache.ts) answer for the senders they allow; the others,
  // and the senders a kept one does not allow (an agent just assigned), are read.
  const { found: byId, mark } = cachedSessions(deps, ids);
  for (const p of batch) {
    const s = byId.get(p.req.sessionId);
    if (s && !mayWrite(s, p.req.sender)) byId.delete(p.req.sessionId);
  }
  const toRead = ids.filter((id) => !byId.has(id));
  if (toRead.length) {
    const read = await ChatSessionModel.find({ _id: { $in: toRead } }, PROJECTION).lean<SessionInfo[]>();
    keepSessions(deps, read, mark);
    for (const s of read) byId.set(String(s._id), s);
  }
  const perMinute = deps.config.CHAT_MESSAGES_PER_MINUTE;

  const placed: Placed[] = [];
  for (const p of batch) {
    const { sessionId, sender, content, clientMsgId, to, originConnId } = p.req;
    const s = byId.get(sessionId);
    if (!s || !mayWrite(s, sender)) {
      p.resolve(null);
      continue;
    }
    if (sender.from !== 'system' && sender.id) {
      const limit = sender.from === 'agent' ? perMinute * 4 : perMinute;
      const times = sendsInWindow(w, sender.id, now.getTime());
      if (times.length >= limit) {
        p.reject(errors.chatRateLimited((times[0] + RATE_WINDOW_MS - now.getTime()) / 1000));
        continue;
      }
      // Counted now, so the batch's later messages see it; taken back if the insert does not happen.
      countSend(w, sender.id, now.getTime());
    }
    const seq = Math.max(w.seqs.get(sessionId) ?? 0, s.lastSeq ?? 0) + 1;
    remember(w.seqs, sessionId, seq);
    const doc = {
      _id: new mongoose.Types.ObjectId(),
      sessionId,
      seq,
      from: sender.from,
      senderId: sender.id,
      senderName: sender.name ?? (sender.from === 'agent' ? (s.agentName ?? undefined) : undefined),
      kind: content.kind,
      text: 'text' in content ? content.text : undefined,
      photoId: 'photoId' in content ? content.photoId : undefined,
      card: 'card' in content ? content.card : undefined,
      clientMsgId,
      route: routeFor(deps, to === 'session' ? sessionTargets(s) : to, originConnId),
      createdAt: now,
    };
    for (const k of Object.keys(doc) as (keyof typeof doc)[]) if (doc[k] === undefined) delete doc[k];
    placed.push({ p, doc: doc as Placed['doc'], session: s });
  }
  if (!placed.length) return;

  const refused = new Map<number, mongo.WriteError>();
  try {
    await ChatMessageModel.collection.insertMany(
      placed.map((x) => x.doc),
      { ordered: false },
    );
  } catch (e) {
    if (!(e instanceof mongo.MongoBulkWriteError)) {
      for (const x of placed) {
        w.seqs.delete(x.doc.sessionId);
        uncount(w, x.doc);
      }
      throw e;
    }
    for (const we of ([] as mongo.WriteError[]).concat(
      e.writeErrors as mongo.WriteError | mongo.WriteError[],
    ))
      refused.set(we.index, we);
  }

  const sign = photoSigner(deps);
  const sink = localSink(deps);
  const written: Placed[] = [];
  const clashes: Placed[] = [];
  placed.forEach((x, i) => {
    const we = refused.get(i);
    if (!we) return written.push(x);
    uncount(w, x.doc);
    if (we.code === 11000) return clashes.push(x);
    w.seqs.delete(x.doc.sessionId);
    x.p.reject(new mongo.MongoServerError({ message: we.errmsg ?? 'insert failed', code: we.code }));
  });

  const recorded = recordLastSeq(deps, w, written, now);
  for (const x of written) {
    noteLatest(x.doc.sessionId, x.doc.seq, x.doc.createdAt);
    const message = messageView(x.doc, sign);
    if (x.doc.route.to.length) sink?.deliver(x.doc.route.to, { type: 'message', message }, x.doc.route.conn);
    x.p.resolve({ message, duplicate: false, session: x.session, recorded });
  }
  if (clashes.length) await settleClashes(deps, w, clashes, sign, recorded);
}

/** A message placed in a batch but not written no longer counts towards its sender's rate. */
function uncount(w: Writer, doc: { senderId?: string | null; createdAt: Date }): void {
  const times = doc.senderId ? w.sent.get(doc.senderId) : undefined;
  const i = times?.lastIndexOf(doc.createdAt.getTime()) ?? -1;
  if (i >= 0) times!.splice(i, 1);
}

/**
 * Inserts the unique indexes refused: a clientMsgId the sender used before (answered with the stored
 * message), or a seq another process took (the session's highest seq is read; the message is retried).
 */
async function settleClashes(
  deps: AppDeps,
  w: Writer,
  clashes: Placed[],
  sign: ReturnType<typeof photoSigner>,
  recorded: Promise<void>,
): Promise<void> {
  const sessionIds = [...new Set(clashes.map((x) => x.doc.sessionId))];
  const msgIds = clashes.flatMap((x) => (x.doc.clientMsgId ? [x.doc.clientMsgId] : []));
  const [stored, highest] = await Promise.all([
    msgIds.length
      ? ChatMessageModel.find({ sessionId: { $in: sessionIds }, clientMsgId: { $in: msgIds } }).lean<
          ChatMessageDoc[]
        >()
      : Promise.resolve([]),
    ChatMessageModel.aggregate<{ _id: string; seq: number }>([
      { $match: { sessionId: { $in: sessionIds } } },
      { $group: { _id: '$sessionId', seq: { $max: '$seq' } } },
    ]),
  ]);
  const key = (m: { sessionId: string; senderId?: string | null; clientMsgId?: string | null }) =>
    `${m.sessionId}|${m.senderId ?? ''}|${m.clientMsgId}`;
  const byKey = new Map(stored.map((m) => [key(m), m]));
  for (const h of highest) if ((w.seqs.get(h._id) ?? 0) < h.seq) remember(w.seqs, h._id, h.seq);
  const retry: Pending[] = [];
  for (const x of clashes) {
    const existing = x.doc.clientMsgId ? byKey.get(key(x.doc)) : undefined;
    if (existing) {
      x.p.resolve({ message: messageView(existing, sign), duplicate: true, session: x.session, recorded });
    } else if (++x.p.attempts < MAX_ATTEMPTS) retry.push(x.p);
    else x.p.reject(errors.chatUnavailable());
  }
  if (retry.length) w.queue.unshift(...retry);
}

/**
 * The sessions' lastSeq and lastMessageAt ($max: a later write may land first). A server's note (assignment,
 * transfer, close, a card) is recorded at once, with whatever of its session waits; any other message waits
 * for the next flush, RECORD_EVERY_MS after the first one unrecorded, written in small bulkWrites so no other
 * command waits long behind them. A message costs its insert only; views show the later of the stored
 * lastSeq and what this process knows (latest.ts).
 */
function recordLastSeq(deps: AppDeps, w: Writer, written: Placed[], now: Date): Promise<void> {
  const due = new Map<string, { seq: number; at: Date }>();
  for (const x of written) {
    const id = x.doc.sessionId;
    const latest = { seq: Math.max(x.doc.seq, w.deferred.get(id)?.seq ?? 0, due.get(id)?.seq ?? 0), at: now };
    if (x.doc.from === 'system' || due.has(id)) {
      due.set(id, latest);
      w.deferred.delete(id);
    } else w.deferred.set(id, latest);
  }
  if (w.deferred.size && !w.flushTimer) {
    w.flushTimer = setTimeout(() => void flushLastSeq(deps), RECORD_EVERY_MS);
    w.flushTimer.unref();
  }
  return writeLastSeq(deps, due);
}

/** Records at once what waits to be recorded on the sessions (the hub calls it when it closes). */
export function flushLastSeq(deps: AppDeps): Promise<void> {
  const w = writers.get(deps);
  if (!w?.deferred.size) return Promise.resolve();
  clearTimeout(w.flushTimer);
  w.flushTimer = undefined;
  const later = new Map(w.deferred);
  w.deferred.clear();
  return writeLastSeq(deps, later);
}

async function writeLastSeq(deps: AppDeps, last: Map<string, { seq: number; at: Date }>): Promise<void> {
  const updates = [...last].map(([id, { seq, at }]) => ({
    updateOne: { filter: { _id: id }, update: { $max: { lastSeq: seq, lastMessageAt: at } } },
  }));
  for (let i = 0; i < updates.length; i += RECORD_CHUNK) {
    await ChatSessionModel.bulkWrite(updates.slice(i, i + RECORD_CHUNK), { ordered: false }).catch(
      (err: unknown) => deps.logger.warn({ err }, 'chat: recording the last message seq failed'),
    );
  }
}
