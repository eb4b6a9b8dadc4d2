/**
 * The queue: waiting sessions go to online agents with a free slot, longest-waiting first, to the agent
 * with the most free slots (then the one idle longest). Any process may run dispatch at any time:
 * a slot is reserved with a guarded $inc and the session claimed with a status-guarded update, so two
 * processes never assign one session twice or an agent beyond capacity.
 */
import type * as T from '@portal/types';
import { sampleGauge } from '../../platform/metrics';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { windowOf } from '../../platform/db/batches';
import { errors } from '../../platform/http/errors';
import { staffCard } from '../accounts';
import { publish } from './chat.bus';
import { onlineStaffIds } from './chat.presence';
import { sessionView } from './chat.views';
import { ChatAgentModel, type ChatAgentDoc } from './chatAgent.model';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';
import { sessionChanged } from './sessionCache';
import { appendSystemMessage } from './message.service';

sampleGauge('chatQueue', () => ChatSessionModel.countDocuments({ status: 'queued' }));

export async function agentRecord(staffId: string): Promise<ChatAgentDoc> {
  const existing = await ChatAgentModel.findOne({ staffId }).lean<ChatAgentDoc>();
  if (existing) return existing;
  const staff = await staffCard(staffId);
  const capacity = staff?.chatCapacity ?? 5;
  await ChatAgentModel.updateOne(
    { staffId },
    { $setOnInsert: { staffId, name: staff?.name, status: 'offline', capacity, freeSlots: capacity } },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  return (await ChatAgentModel.findOne({ staffId }).lean<ChatAgentDoc>())!;
}

export const agentStatusView = (a: ChatAgentDoc): T.z.input<typeof T.ChatAgentStatus> => ({
  staffId: a.staffId,
  status: a.status as 'online' | 'away' | 'offline',
  capacity: a.capacity,
  active: a.capacity - a.freeSlots,
});

export async function setAgentStatus(
  deps: AppDeps,
  auth: StaffAuth,
  body: { status: 'online' | 'away' | 'offline'; capacity?: number },
) {
  const a = await agentRecord(auth.staffId);
  const update: Record<string, unknown> = { $set: { status: body.status } };
  if (body.capacity !== undefined && body.capacity !== a.capacity) {
    update.$set = { status: body.status, capacity: body.capacity };
    update.$inc = { freeSlots: body.capacity - a.capacity };
  }
  await ChatAgentModel.updateOne({ staffId: auth.staffId }, update);
  if (body.status === 'online') await dispatch(deps);
  return agentStatusView((await ChatAgentModel.findOne({ staffId: auth.staffId }).lean<ChatAgentDoc>())!);
}

/** Returns a slot (a chat closed or moved away). */
export async function releaseSlot(staffId: string): Promise<void> {
  await ChatAgentModel.updateOne({ staffId }, { $inc: { freeSlots: 1 } });
}

async function reserveSlot(staffId: string, force = false): Promise<boolean> {
  const r = await ChatAgentModel.updateOne(force ? { staffId } : { staffId, freeSlots: { $gt: 0 } }, {
    $inc: { freeSlots: -1 },
    $set: { lastAssignedAt: new Date() },
  });
  return r.modifiedCount === 1;
}

/** Claims a session for an agent whose slot is already reserved; tells everyone concerned. */
async function claimFor(
  deps: AppDeps,
  staffId: string,
  filter: Record<string, unknown>,
): Promise<ChatSessionDoc | null> {
  const agent = await ChatAgentModel.findOne({ staffId }, { name: 1 }).lean();
  const now = deps.clock.now();
  const s = await ChatSessionModel.findOneAndUpdate(
    { ...filter, status: 'queued' },
    { $set: { status: 'active', agentId: staffId, agentName: agent?.name ?? '在线客服', assignedAt: now } },
    { sort: { queuedAt: 1 }, new: true },
  ).lean<ChatSessionDoc>();
  if (!s) return null;
  sessionChanged(deps, s._id.toString());
  const stored = await appendSystemMessage(
    deps,
    s._id.toString(),
    { kind: 'system', text: `客服 ${s.agentName} 为您服务` },
    [`user:${s.userId}`, `staff:${staffId}`],
  );
  const view = sessionView({ ...s, lastSeq: stored.message.seq });
  await publish(deps, [`user:${s.userId}`, `staff:${staffId}`, 'agents'], { type: 'session', session: view });
  return s;
}

let dispatching: Promise<number> | undefined;

/** Assigns waiting sessions while there are agents with room. Returns how many were assigned. */
export function dispatch(deps: AppDeps): Promise<number> {
  // One pass at a time per process; a pass started meanwhile would find the same work.
  return (dispatching ??= runDispatch(deps).finally(() => (dispatching = undefined)));
}

async function runDispatch(deps: AppDeps): Promise<number> {
  let assigned = 0;
  for (;;) {
    if (!(await ChatSessionModel.exists({ status: 'queued' }))) return assigned;
    const online = await onlineStaffIds(deps.config.CHAT_HEARTBEAT_MS);
    const agents = await ChatAgentModel.find({
      staffId: { $in: online },
      status: 'online',
      freeSlots: { $gt: 0 },
    })
      .sort({ freeSlots: -1, lastAssignedAt: 1 })
      .limit(50)
      .lean<ChatAgentDoc[]>();
    if (!agents.length) return assigned;
    let progress = false;
    for (const a of agents) {
      if (!(await reserveSlot(a.staffId))) continue;
      const s = await claimFor(deps, a.staffId, {});
      if (!s) {
        await releaseSlot(a.staffId);
        return assigned;
      }
      assigned++;
      progress = true;
    }
    if (!progress) return assigned;
  }
}

/** An agent takes a particular waiting session (beyond auto-assignment; may exceed capacity by choice). */
export async function pick(deps: AppDeps, auth: StaffAuth, sessionId: string): Promise<T.ChatSession> {
  await agentRecord(auth.staffId);
  await reserveSlot(auth.staffId, true);
  const s = await claimFor(deps, auth.staffId, { _id: sessionId });
  if (!s) {
    await releaseSlot(auth.staffId);
    const exists = await ChatSessionModel.exists({ _id: sessionId });
    if (!exists) throw errors.chatSessionNotFound();
    throw errors.chatAlreadyAssigned();
  }
  return sessionView((await ChatSessionModel.findById(sessionId).lean<ChatSessionDoc>())!);
}

/** How many waiting residents the desk lists, those waiting longest first. */
export const WAITING_LISTED = 200;

export async function queueFor(auth: StaffAuth) {
  const [waiting, mine, agent] = await Promise.all([
    windowOf<ChatSessionDoc>(
      ChatSessionModel.find({ status: 'queued' }).sort({ queuedAt: 1 }),
      WAITING_LISTED,
    ),
    ChatSessionModel.find({ agentId: auth.staffId, status: 'active' })
      .sort({ assignedAt: 1 })
      .lean<ChatSessionDoc[]>(),
    agentRecord(auth.staffId),
  ]);
  return {
    waiting: waiting.rows.map((s, i) => sessionView(s, { queuePosition: i + 1 })),
    waitingMore: waiting.more,
    mine: mine.map((s) => sessionView(s)),
    agent: agentStatusView(agent),
  };
}

export async function queuePosition(s: ChatSessionDoc): Promise<number | undefined> {
  if (s.status !== 'queued') return undefined;
  return (await ChatSessionModel.countDocuments({ status: 'queued', queuedAt: { $lt: s.queuedAt } })) + 1;
}
