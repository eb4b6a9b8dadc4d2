/**
 * Messages: append (persisted with the next seq before anyone is told), history, read receipts, typing.
 * A repeated clientMsgId from the same sender returns the stored message instead of adding one.
 */
import type { ChatMessageContent } from '@portal/types';
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { claimPhotos, photoSigner, type PhotoSigner } from '../uploads';
import type { Auth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { enqueue } from '../../platform/outbox/outbox';
import { limiter, type Limiter } from '../../platform/rateLimit';
import { enqueueMessage } from '../messaging';
import { publish } from './chat.bus';
import { partyOf, sessionForRead, sessionForWrite, sessionTargets } from './chat.access';
import { isOnline } from './chat.presence';
import { messageView } from './chat.views';
import { ChatMessageModel, type ChatMessageDoc } from './chatMessage.model';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';

export const LEAVE_MESSAGE_JOB = 'chat.leaveMessage';

type Sender = { from: 'resident' | 'agent' | 'system'; id?: string; name?: string };
type Stored = { message: T.ChatMessage; duplicate: boolean };

type Bumped = Pick<ChatSessionDoc, '_id' | 'userId' | 'agentId' | 'agentName' | 'status' | 'lastSeq'>;

/**
 * Writes one message with the session's next seq: two writes (the seq $inc, the insert). `guard` adds
 * conditions to the $inc (who may write), so access and numbering are one round trip. A clientMsgId
 * already stored by this sender is caught by the unique index and that message returned (its seq
 * $inc is then a harmless gap). Returns null when the guarded session was not found or is closed.
 */
export async function appendMessage(
  deps: AppDeps,
  sessionId: string,
  sender: Sender,
  content: ChatMessageContent | { kind: 'system'; text: string },
  clientMsgId?: string,
  guard: Record<string, unknown> = {},
): Promise<(Stored & { session: Bumped }) | null> {
  const now = deps.clock.now();
  const session = await ChatSessionModel.findOneAndUpdate(
    { _id: sessionId, ...(sender.from === 'system' ? {} : { status: { $ne: 'closed' } }), ...guard },
    { $inc: { lastSeq: 1 }, $set: { lastMessageAt: now } },
    { new: true, projection: { userId: 1, agentId: 1, agentName: 1, status: 1, lastSeq: 1 } },
  ).lean<Bumped>();
  if (!session) return null;
  try {
    const doc = await ChatMessageModel.create({
      sessionId,
      seq: session.lastSeq,
      from: sender.from,
      senderId: sender.id,
      senderName: sender.name ?? (sender.from === 'agent' ? (session.agentName ?? undefined) : undefined),
      kind: content.kind,
      text: 'text' in content ? content.text : undefined,
      photoId: 'photoId' in content ? content.photoId : undefined,
      card: 'card' in content ? content.card : undefined,
      clientMsgId,
      createdAt: now,
    });
    return {
      message: messageView(doc.toObject() as ChatMessageDoc, photoSigner(deps)),
      duplicate: false,
      session,
    };
  } catch (e) {
    if ((e as { code?: number }).code !== 11000 || !clientMsgId) throw e;
    const existing = await ChatMessageModel.findOne({
      sessionId,
      senderId: sender.id,
      clientMsgId,
    }).lean<ChatMessageDoc>();
    if (!existing) throw e;
    return { message: messageView(existing, photoSigner(deps)), duplicate: true, session };
  }
}

/** appendMessage for the server's own notes (assignment, transfer, close); the session must exist. */
export async function appendSystemMessage(
  deps: AppDeps,
  sessionId: string,
  content: ChatMessageContent | { kind: 'system'; text: string },
): Promise<Stored> {
  const stored = await appendMessage(deps, sessionId, { from: 'system' }, content);
  if (!stored) throw errors.chatSessionNotFound();
  return stored;
}

export type SendOptions = {
  /** The socket that sent it: it gets an ack, not an echo. */
  originConnId?: string;
  /** Called as soon as the message is persisted (the socket acks then), before fan-out. */
  onPersisted?: (stored: Stored) => void;
};

/** A resident or the assigned agent says something. */
const sendLimits = new WeakMap<AppDeps, { resident: Limiter; staff: Limiter }>();
/** Messages per minute: CHAT_MESSAGES_PER_MINUTE for a resident (all their sockets together), 4× for an agent. */
function sendLimit(deps: AppDeps, auth: Auth): Promise<void> {
  let l = sendLimits.get(deps);
  if (!l) {
    const points = deps.config.CHAT_MESSAGES_PER_MINUTE;
    l = {
      resident: limiter({ keyPrefix: 'chat-send-user', points, durationSeconds: 60 }),
      staff: limiter({ keyPrefix: 'chat-send-staff', points: points * 4, durationSeconds: 60 }),
    };
    sendLimits.set(deps, l);
  }
  return auth.kind === 'resident'
    ? l.resident.take(auth.userId, errors.chatRateLimited)
    : l.staff.take(auth.staffId, errors.chatRateLimited);
}

export async function sendMessage(
  deps: AppDeps,
  auth: Auth,
  sessionId: string,
  input: ChatMessageContent & { clientMsgId: string },
  opts: SendOptions = {},
): Promise<Stored> {
  const { clientMsgId, ...content } = input;
  await sendLimit(deps, auth);
  // An image must be the sender's own photo: its signed URL goes to the other side of the conversation.
  if (content.kind === 'image') await claimPhotos(auth, [content.photoId]);
  const party = partyOf(auth);
  const sender: Sender =
    auth.kind === 'resident' ? { from: 'resident', id: auth.userId } : { from: 'agent', id: auth.staffId };
  const guard = auth.kind === 'resident' ? { userId: auth.userId } : { agentId: auth.staffId };
  const appended = await appendMessage(
    deps,
    sessionId,
    sender,
    content as ChatMessageContent,
    clientMsgId,
    guard,
  );
  if (!appended) {
    await sessionForWrite(auth, sessionId); // throws the precise reason: not found, closed, not assigned
    throw errors.chatSessionClosed();
  }
  const { session, ...stored } = appended;
  opts.onPersisted?.(stored);
  if (stored.duplicate) return stored;

  const after: Promise<unknown>[] = [
    publish(deps, sessionTargets(session), { type: 'message', message: stored.message }, opts.originConnId),
  ];
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

/** "客服已回复" as a subscribe message when the resident has no live socket; one per session per hour. */
async function notifyIfOffline(deps: AppDeps, session: Bumped, message: T.ChatMessage): Promise<void> {
  if (await isOnline(`user:${session.userId}`, deps.config.CHAT_HEARTBEAT_MS)) return;
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
    lastSeq: session.lastSeq ?? 0,
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
  const upTo = Math.min(seq, session.lastSeq ?? 0);
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
