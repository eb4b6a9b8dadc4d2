/**
 * Messages: send (persisted with the next seq before anyone is told: message.writer.ts), history, read
 * receipts, typing. A repeated clientMsgId from the same sender returns the stored message instead of adding one.
 */
import type { ChatMessageContent } from '@portal/types';
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { claimPhotos, type PhotoSigner } from '../uploads';
import type { Auth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { enqueue } from '../../platform/outbox/outbox';
import { enqueueMessage } from '../messaging';
import { localSink, publish } from './chat.bus';
import { partyOf, sessionForRead, sessionForWrite, sessionTargets } from './chat.access';
import { isOnline } from './chat.presence';
import { messageView } from './chat.views';
import { ChatMessageModel, type ChatMessageDoc } from './chatMessage.model';
import { ChatSessionModel } from './chatSession.model';
import { appendMessage, knownSeq, type AppendRequest, type SessionInfo } from './message.writer';

export const LEAVE_MESSAGE_JOB = 'chat.leaveMessage';

type Stored = { message: T.ChatMessage; duplicate: boolean };

/**
 * A note of the server's own (assignment, transfer, close, a work-order card); the session must exist.
 * `to`: who is sent it ('session' = its resident and agent; [] = nobody, the caller shows it itself).
 */
export async function appendSystemMessage(
  deps: AppDeps,
  sessionId: string,
  content: ChatMessageContent | { kind: 'system'; text: string },
  to: AppendRequest['to'] = [],
): Promise<Stored> {
  const stored = await appendMessage(deps, { sessionId, sender: { from: 'system' }, content, to });
  if (!stored) throw errors.chatSessionNotFound();
  await stored.recorded;
  return { message: stored.message, duplicate: stored.duplicate };
}

export type SendOptions = {
  /** The socket that sent it: it gets an ack, not an echo. */
  originConnId?: string;
  /** Called as soon as the message is persisted (the socket acks then), before fan-out. */
  onPersisted?: (stored: Stored) => void;
  /**
   * Called once the message has its place in the writer's queue (its seq will follow those queued
   * before it): the socket may take its next frame then, without waiting for this one to be stored.
   */
  onQueued?: () => void;
};

/**
 * A resident or the assigned agent says something: one insert (message.writer.ts), which also carries it
 * to the other side's sockets; past CHAT_MESSAGES_PER_MINUTE (a resident, all their sockets and HTTP
 * together; an agent 4×) it is refused with CHAT_RATE_LIMITED.
 */
export async function sendMessage(
  deps: AppDeps,
  auth: Auth,
  sessionId: string,
  input: ChatMessageContent & { clientMsgId: string },
  opts: SendOptions = {},
): Promise<Stored> {
  const { clientMsgId, ...content } = input;
  // An image must be the sender's own photo: its signed URL goes to the other side of the conversation.
  if (content.kind === 'image') await claimPhotos(auth, [content.photoId]);
  const party = partyOf(auth);
  const appending = appendMessage(deps, {
    sessionId,
    sender:
      auth.kind === 'resident' ? { from: 'resident', id: auth.userId } : { from: 'agent', id: auth.staffId },
    content: content as ChatMessageContent,
    clientMsgId,
    to: 'session',
    originConnId: opts.originConnId,
  });
  opts.onQueued?.();
  const appended = await appending;
  if (!appended) {
    await sessionForWrite(auth, sessionId); // throws the precise reason: not found, closed, not assigned
    throw errors.chatSessionClosed();
  }
  const { session, recorded, ...stored } = appended;
  opts.onPersisted?.(stored);
  if (stored.duplicate) return stored;

  const after: Promise<unknown>[] = [recorded];
  if (party === 'agent') after.push(notifyIfOffline(deps, session, stored.message));
  if (party === 'resident' && session.status === 'afterHours') {
    after.push(
      enqueue({
        kind: LEAVE_MESSAGE_JOB,
        dedupeKey: `chat-leave-message:${sessionId}`,
        payload: { sessionId },
        runAt: new Date(Date.now() + deps.config.CHAT_LEAVE_MESSAGE_DELAY_MS),
      }),
    );
  }
  await Promise.all(after);
  return stored;
}

/**
 * "客服已回复" as a subscribe message when the resident has no live socket; one per session per hour,
 * carrying the hour's first reply (its seq ranks it: the next reply's notification may be written first).
 */
async function notifyIfOffline(deps: AppDeps, session: SessionInfo, message: T.ChatMessage): Promise<void> {
  const resident = `user:${session.userId}`;
  if (localSink(deps)?.holds(resident) || (await isOnline(resident, deps.config.CHAT_HEARTBEAT_MS))) return;
  const hour = deps.clock.now().toISOString().slice(0, 13); // UTC hour bucket
  const content =
    message.text ??
    (message.kind === 'image'
      ? '[图片]'
      : message.kind === 'card'
        ? `[${message.card?.title ?? '卡片'}]`
        : '');
  await enqueueMessage(
    {
      userId: session.userId,
      event: 'chatReply',
      data: {
        sessionId: session._id.toString(),
        agentName: message.senderName ?? '在线客服',
        content: content.slice(0, 100),
        at: message.createdAt,
      },
      // The chat page opens the resident's own session; it takes no session id.
      page: T.pageLink('chat'),
    },
    `chat-reply:${session._id.toString()}:${hour}`,
    { rank: message.seq },
  );
}

export async function listMessages(
  auth: Auth,
  sessionId: string,
  q: { before?: number; after?: number; limit: number },
  sign?: PhotoSigner,
): Promise<{ items: T.ChatMessage[]; hasMore: boolean; lastSeq: number }> {
  const session = await sessionForRead(auth, sessionId);
  const seq: Record<string, number> = {};
  if (q.after !== undefined) seq.$gt = q.after;
  if (q.before !== undefined) seq.$lt = q.before;
  // With `after`: oldest first from there (catching up). Otherwise the newest page before `before`.
  const forward = q.after !== undefined;
  const docs = await ChatMessageModel.find({ sessionId, ...(Object.keys(seq).length ? { seq } : {}) })
    .sort({ seq: forward ? 1 : -1 })
    .limit(q.limit + 1)
    .lean<ChatMessageDoc[]>();
  const page = docs.slice(0, q.limit);
  if (!forward) page.reverse();
  return {
    items: page.map((m) => messageView(m, sign)),
    hasMore: docs.length > q.limit,
    // The session's lastSeq is recorded seconds after a message (message.writer.ts).
    lastSeq: Math.max(session.lastSeq ?? 0, ...page.map((m) => m.seq)),
  };
}

/** Everything after a seq, in order (resume after a reconnect). */
export async function messagesAfter(auth: Auth, sessionId: string, afterSeq: number, sign?: PhotoSigner) {
  const session = await sessionForRead(auth, sessionId);
  const docs = await ChatMessageModel.find({ sessionId, seq: { $gt: afterSeq } })
    .sort({ seq: 1 })
    .limit(5_000)
    .lean<ChatMessageDoc[]>();
  return {
    items: docs.map((m) => messageView(m, sign)),
    lastSeq: Math.max(session.lastSeq ?? 0, docs.at(-1)?.seq ?? 0),
  };
}

/** Read receipt: the reader has seen everything up to seq; the other side is told. */
export async function markRead(
  deps: AppDeps,
  auth: Auth,
  sessionId: string,
  seq: number,
  originConnId?: string,
): Promise<void> {
  const session = await sessionForRead(auth, sessionId);
  const party = partyOf(auth);
  if (party === 'agent' && session.agentId !== (auth as { staffId: string }).staffId)
    throw errors.chatNotAssigned();
  // The session's lastSeq is recorded just after a message is sent; this process may know a later one.
  const upTo = Math.min(seq, Math.max(session.lastSeq ?? 0, knownSeq(deps, sessionId)));
  const field = party === 'resident' ? 'residentReadSeq' : 'agentReadSeq';
  await ChatSessionModel.updateOne({ _id: sessionId }, { $max: { [field]: upTo } });
  await publish(
    deps,
    sessionTargets(session),
    { type: 'read', sessionId, by: party, seq: upTo },
    originConnId,
  );
}

export async function typing(
  deps: AppDeps,
  auth: Auth,
  sessionId: string,
  originConnId?: string,
): Promise<void> {
  const session = await sessionForWrite(auth, sessionId);
  await publish(
    deps,
    sessionTargets(session),
    { type: 'typing', sessionId, by: partyOf(auth) },
    originConnId,
  );
}
