/** Conversations: open (queued, or the after-hours auto-reply), read, transfer, close, rate. */
import type * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { photoSigner, type PhotoSigner } from '../uploads';
import type { Auth, ResidentAuth, StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { boundAccountNos, findAccessibleAccount, staffCard } from '../accounts';
import { billAccountNo } from '../billing';
import { orderAccountNo } from '../workorders';
import { publish } from './chat.bus';
import { sessionForRead, sessionTargets } from './chat.access';
import { sessionChanged } from './sessionCache';
import { messageView, sessionView } from './chat.views';
import { ChatAgentModel } from './chatAgent.model';
import { ChatMessageModel, type ChatMessageDoc } from './chatMessage.model';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';
import { appendSystemMessage, sendMessage } from './message.service';
import { agentRecord, dispatch, queuePosition, releaseSlot } from './queue.service';
import { isWithinDailyWindow } from '../../platform/time';
import { afterHoursReply } from './serviceHours';
import { publicSettings } from '../settings';

const OPEN = { $in: ['queued', 'active', 'afterHours'] };

async function view(s: ChatSessionDoc): Promise<T.ChatSession> {
  return sessionView(s, { queuePosition: await queuePosition(s) });
}

async function reload(sessionId: string): Promise<ChatSessionDoc> {
  return (await ChatSessionModel.findById(sessionId).lean<ChatSessionDoc>())!;
}

/** The resident's open conversation, or a new one (queued in service hours, else the auto-reply). */
export async function openSession(deps: AppDeps, auth: ResidentAuth, body: T.OpenChatSessionBody) {
  const existing = await ChatSessionModel.findOne({
    userId: auth.userId,
    status: OPEN,
  }).lean<ChatSessionDoc>();
  if (existing) return resumeOpen(deps, auth, existing, body.text);
  if (body.accountNo) await findAccessibleAccount(auth, body.accountNo);
  const subjectAccountNo = await checkSubject(auth, body);

  const now = deps.clock.now();
  const settings = await publicSettings(deps.config);
  const inHours = isWithinDailyWindow(settings.chatServiceHours, now);
  let created: ChatSessionDoc;
  try {
    created = (
      await ChatSessionModel.create({
        userId: auth.userId,
        accountNo: body.accountNo ?? subjectAccountNo,
        orderNo: body.orderNo,
        billId: body.billId,
        status: inHours ? 'queued' : 'afterHours',
        queuedAt: now,
        openFor: auth.userId,
      })
    ).toObject() as ChatSessionDoc;
  } catch (e) {
    if ((e as { code?: number }).code !== 11000) throw e;
    const raced = await ChatSessionModel.findOne({
      userId: auth.userId,
      status: OPEN,
    }).lean<ChatSessionDoc>();
    if (!raced) throw e;
    return resumeOpen(deps, auth, raced, body.text);
  }
  const sessionId = created._id.toString();
  if (!inHours) {
    await appendSystemMessage(deps, sessionId, {
      kind: 'system',
      text: afterHoursReply(settings.chatServiceHours, settings.hotline),
    });
  }
  if (body.text)
    await sendMessage(deps, auth, sessionId, {
      kind: 'text',
      text: body.text,
      clientMsgId: `open:${sessionId}`,
    });
  if (inHours) {
    await publish(deps, ['agents'], { type: 'session', session: sessionView(await reload(sessionId)) });
    await dispatch(deps);
  }
  const session = await reload(sessionId);
  return {
    session: await view(session),
    messages: await recent(sessionId, photoSigner(deps)),
    resumed: false,
  };
}

/**
 * The order or bill a conversation is about must belong to one of the resident's bound accounts; anything
 * else is "not found", like a foreign account. Returns that account (the session's account when none is named).
 */
async function checkSubject(auth: ResidentAuth, body: T.OpenChatSessionBody): Promise<string | undefined> {
  if (!body.orderNo && !body.billId) return undefined;
  const mine = await boundAccountNos(auth.userId);
  let accountNo: string | undefined;
  if (body.orderNo) {
    const orderOf = await orderAccountNo(body.orderNo);
    if (!orderOf || !mine.includes(orderOf)) throw errors.orderNotFound();
    accountNo = orderOf;
  }
  if (body.billId) {
    const billOf = await billAccountNo(body.billId);
    if (!billOf || !mine.includes(billOf)) throw errors.billNotFound();
    accountNo ??= billOf;
  }
  return accountNo;
}

async function resumeOpen(deps: AppDeps, auth: ResidentAuth, s: ChatSessionDoc, text?: string) {
  const sessionId = s._id.toString();
  if (text)
    await sendMessage(deps, auth, sessionId, {
      kind: 'text',
      text,
      clientMsgId: `open:${sessionId}:${Date.now()}`,
    });
  return {
    session: await view(await reload(sessionId)),
    messages: await recent(sessionId, photoSigner(deps)),
    resumed: true,
  };
}

async function recent(sessionId: string, sign: PhotoSigner, limit = 50): Promise<T.ChatMessage[]> {
  const docs = await ChatMessageModel.find({ sessionId })
    .sort({ seq: -1 })
    .limit(limit)
    .lean<ChatMessageDoc[]>();
  return docs.reverse().map((m) => messageView(m, sign));
}

export async function getSession(auth: Auth, sessionId: string): Promise<T.ChatSession> {
  return view(await sessionForRead(auth, sessionId));
}

export async function mySessions(auth: ResidentAuth, limit = 20): Promise<T.ChatSession[]> {
  const rows = await ChatSessionModel.find({ userId: auth.userId })
    .sort({ queuedAt: -1 })
    .limit(limit)
    .lean<ChatSessionDoc[]>();
  return Promise.all(rows.map(view));
}

/** Staff: conversations of a customer (the 360° record) or by status. */
export async function listSessions(q: {
  accountNo?: string;
  userId?: string;
  status?: string;
  limit: number;
}) {
  const filter: Record<string, unknown> = {};
  if (q.accountNo) filter.accountNo = q.accountNo;
  if (q.userId) filter.userId = q.userId;
  if (q.status) filter.status = q.status;
  const rows = await ChatSessionModel.find(filter)
    .sort({ queuedAt: -1 })
    .limit(q.limit)
    .lean<ChatSessionDoc[]>();
  return rows.map((s) => sessionView(s));
}

/** The assigned agent (or a supervisor) hands the conversation to another agent. */
export async function transfer(
  deps: AppDeps,
  auth: StaffAuth,
  sessionId: string,
  body: { toStaffId: string; note?: string },
) {
  const s = await sessionForRead(auth, sessionId);
  const supervisor = auth.roles.includes('supervisor') || auth.roles.includes('admin');
  if (s.status !== 'active') throw errors.chatNotTransferable();
  if (s.agentId !== auth.staffId && !supervisor) throw errors.chatNotAssigned();
  if (body.toStaffId === s.agentId) throw errors.chatTransferSameAgent();
  const staff = await staffCard(body.toStaffId);
  if (!staff || !staff.active || !staff.roles.includes('agent')) throw errors.chatAgentNotFound();
  await agentRecord(body.toStaffId);
  const now = deps.clock.now();
  const moved = await ChatSessionModel.findOneAndUpdate(
    { _id: sessionId, status: 'active', agentId: s.agentId },
    {
      $set: { agentId: body.toStaffId, agentName: staff.name, assignedAt: now, agentReadSeq: 0 },
      $push: { transfers: { from: s.agentId, to: body.toStaffId, note: body.note, at: now } },
    },
    { new: true },
  ).lean<ChatSessionDoc>();
  if (!moved) throw errors.chatChanged();
  sessionChanged(deps, sessionId); // the agent it leaves may not write any more
  await ChatAgentModel.updateOne(
    { staffId: body.toStaffId },
    { $inc: { freeSlots: -1 }, $set: { lastAssignedAt: now } },
  );
  await releaseSlot(s.agentId!);
  const targets = [`user:${s.userId}`, `staff:${s.agentId}`, `staff:${body.toStaffId}`] as const;
  const note = await appendSystemMessage(
    deps,
    sessionId,
    { kind: 'system', text: `已为您转接至客服 ${staff.name}` },
    targets,
  );
  const v = sessionView({ ...moved, lastSeq: note.message.seq });
  await publish(deps, [...targets], { type: 'session', session: v });
  return v;
}

/** The agent (with a summary) or the resident ends the conversation. */
export async function close(deps: AppDeps, auth: Auth, sessionId: string, body: { summary?: string }) {
  const s = await sessionForRead(auth, sessionId);
  if (s.status === 'closed') return sessionView(s);
  if (
    auth.kind === 'staff' &&
    s.agentId !== auth.staffId &&
    !auth.roles.some((r) => r === 'supervisor' || r === 'admin')
  ) {
    throw errors.chatNotAssigned();
  }
  const by = auth.kind === 'resident' ? 'resident' : 'agent';
  const targets = [...sessionTargets(s), ...(s.status === 'queued' ? (['agents'] as const) : [])];
  await appendSystemMessage(
    deps,
    sessionId,
    {
      kind: 'system',
      text:
        by === 'resident'
          ? '您已结束本次会话,欢迎对本次服务进行评价'
          : '本次会话已结束,欢迎对本次服务进行评价',
    },
    targets,
  );
  const closed = await closeNow(deps, s, by, body.summary);
  if (!closed) return sessionView(await reload(sessionId));
  const v = sessionView(closed);
  await publish(deps, targets, { type: 'session', session: v });
  if (s.agentId && s.status === 'active') await dispatch(deps);
  return v;
}

/** Status-guarded close; frees the agent's slot once. Returns null when it was already closed. */
export async function closeNow(
  deps: AppDeps,
  s: ChatSessionDoc,
  by: 'resident' | 'agent' | 'system',
  summary?: string,
) {
  const closed = await ChatSessionModel.findOneAndUpdate(
    { _id: s._id, status: { $ne: 'closed' } },
    {
      $set: { status: 'closed', closedAt: deps.clock.now(), closedBy: by, ...(summary ? { summary } : {}) },
      $unset: { openFor: 1 },
    },
    { new: true },
  ).lean<ChatSessionDoc>();
  sessionChanged(deps, String(s._id)); // nobody may write any more
  if (closed && s.status === 'active' && s.agentId) await releaseSlot(closed.agentId ?? s.agentId);
  return closed;
}

export async function rate(
  deps: AppDeps,
  auth: ResidentAuth,
  sessionId: string,
  body: { score: number; comment?: string },
) {
  const s = await sessionForRead(auth, sessionId);
  if (s.status !== 'closed') throw errors.chatNotClosed();
  if (!s.agentId) throw errors.chatNotRateable();
  const rated = await ChatSessionModel.findOneAndUpdate(
    { _id: sessionId, 'rating.score': { $exists: false } },
    { $set: { rating: { score: body.score, comment: body.comment, at: deps.clock.now() } } },
    { new: true },
  ).lean<ChatSessionDoc>();
  if (!rated) throw errors.chatAlreadyRated();
  const v = sessionView(rated);
  await publish(deps, [`staff:${s.agentId}`], { type: 'session', session: v });
  return v;
}
