/**
 * SLA clocks per order: started when the order enters a policy's start node, met when it reaches the
 * target node (or any node after it), paused while waiting on the customer, stopped at resolution or
 * cancellation. A breach escalates (inbox entry for the area's supervisors plus one SMS each through the
 * outbox, order marked, priority raised) or, for accept clocks, takes the order from the silent assignee.
 */
import type { NodeDef, SlaPolicy, WorkOrderPriority } from '@portal/types';
import { slaBreaches } from '../../../platform/metrics';
import { supervisorsCovering } from '../../accounts';
import { enqueue } from '../../../platform/outbox/outbox';
import type { AppDeps } from '../../../deps';
import { addWorkingTime, workingTimeBetween } from '../../../platform/time';
import { calendar as loadCalendar, slaPolicies } from '../config/configs';
import { EscalationModel, SlaTimerModel, type SlaTimer } from './sla.model';
import { WorkOrderModel } from '../orders/workorder.model';
import { RAISE_PRIORITY } from '../orders/labels';
import { ESCALATION_NOTIFY } from './escalation.service';

type OrderLike = {
  orderNo: string;
  type: string;
  category: string;
  priority: string;
  areaCode: string;
  assigneeId?: string | null;
  seq: number;
};

const specificity = (p: SlaPolicy) => (p.category ? 2 : 0) + (p.priority ? 1 : 0);

/** For each start→target pair, the most specific policy matching the order. */
export function applicablePolicies(
  policies: SlaPolicy[],
  order: Pick<OrderLike, 'category' | 'priority'>,
): SlaPolicy[] {
  const best = new Map<string, SlaPolicy>();
  for (const p of policies) {
    if (p.enabled === false) continue;
    if (p.category && p.category !== order.category) continue;
    if (p.priority && p.priority !== order.priority) continue;
    const slot = `${p.startNode}>${p.targetNode}`;
    const cur = best.get(slot);
    if (!cur || specificity(p) > specificity(cur)) best.set(slot, p);
  }
  return [...best.values()];
}

const indexOf = (nodes: NodeDef[], key: string) => nodes.findIndex((n) => n.key === key);

/**
 * Clocks for an order that has just entered `entered` nodes (in order) at `at`; clocks whose target
 * is already reached by `current` are not started. Returns the documents to insert.
 */
export async function clocksToStart(
  order: OrderLike,
  entered: string[],
  current: string,
  nodes: NodeDef[],
  at: Date,
): Promise<SlaTimer[]> {
  const policies = applicablePolicies(await slaPolicies(order.type), order);
  const cur = indexOf(nodes, current);
  const out: SlaTimer[] = [];
  for (const p of policies) {
    if (!entered.includes(p.startNode)) continue;
    const target = indexOf(nodes, p.targetNode);
    if (target < 0 || target <= cur) continue;
    const cal = await loadCalendar(p.calendar);
    const budgetMs = p.minutes * 60_000;
    out.push({
      _id: `${order.orderNo}:${p.key}:${order.seq}`,
      orderNo: order.orderNo,
      policyKey: p.key,
      label: p.label,
      targetNode: p.targetNode,
      onBreach: p.onBreach,
      calendar: p.calendar,
      areaCode: order.areaCode,
      budgetMs,
      consumedMs: 0,
      runningSince: at,
      deadline: addWorkingTime(cal, at, budgetMs),
      status: 'running',
      startedAt: at,
      ...(p.onBreach === 'reassign' && order.assigneeId ? { assigneeId: order.assigneeId } : {}),
    } as SlaTimer);
  }
  return out;
}

export async function startClocks(timers: SlaTimer[]): Promise<void> {
  if (!timers.length) return;
  await SlaTimerModel.insertMany(timers, { ordered: false }).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
}

/** Clocks whose target the order has now reached (or passed) stop as met. */
export async function meetClocks(
  orderNo: string,
  current: string,
  nodes: NodeDef[],
  at: Date,
): Promise<void> {
  const cur = indexOf(nodes, current);
  const reached = nodes.filter((_, i) => i <= cur).map((n) => n.key);
  await SlaTimerModel.updateMany(
    { orderNo, status: { $in: ['running', 'paused'] }, targetNode: { $in: reached } },
    { $set: { status: 'met', endedAt: at }, $unset: { deadline: 1, runningSince: 1 } },
  );
}

/** Resolution or cancellation: nothing keeps counting. */
export async function stopClocks(
  orderNo: string,
  at: Date,
  status: 'met' | 'stopped' = 'stopped',
): Promise<void> {
  await SlaTimerModel.updateMany(
    { orderNo, status: { $in: ['running', 'paused'] } },
    { $set: { status, endedAt: at }, $unset: { deadline: 1, runningSince: 1 } },
  );
}

/** Accept clocks of a previous assignee end when the order is re-dispatched. */
export async function stopClocksTo(orderNo: string, targetNode: string, at: Date): Promise<void> {
  await SlaTimerModel.updateMany(
    { orderNo, targetNode, status: { $in: ['running', 'paused'] } },
    { $set: { status: 'stopped', endedAt: at }, $unset: { deadline: 1, runningSince: 1 } },
  );
}

export async function pauseClocks(orderNo: string, at: Date): Promise<void> {
  const running = await SlaTimerModel.find({ orderNo, status: 'running' }).lean();
  for (const t of running) {
    const cal = await loadCalendar(t.calendar);
    const used = workingTimeBetween(cal, t.runningSince ?? at, at);
    await SlaTimerModel.updateOne(
      { _id: t._id, status: 'running' },
      {
        $set: { status: 'paused', consumedMs: (t.consumedMs ?? 0) + used },
        $unset: { deadline: 1, runningSince: 1 },
      },
    );
  }
}

export async function resumeClocks(orderNo: string, at: Date): Promise<void> {
  const paused = await SlaTimerModel.find({ orderNo, status: 'paused' }).lean();
  for (const t of paused) {
    const cal = await loadCalendar(t.calendar);
    const left = Math.max(0, t.budgetMs - (t.consumedMs ?? 0));
    await SlaTimerModel.updateOne(
      { _id: t._id, status: 'paused' },
      { $set: { status: 'running', runningSince: at, deadline: addWorkingTime(cal, at, left) } },
    );
  }
}

/** Earliest running deadline, kept on the order for the board's countdown. */
export async function refreshDueAt(orderNo: string): Promise<void> {
  const next = await SlaTimerModel.findOne({ orderNo, status: 'running' }, { deadline: 1 })
    .sort({ deadline: 1 })
    .lean();
  await WorkOrderModel.updateOne(
    { orderNo },
    next?.deadline ? { $set: { slaDueAt: next.deadline } } : { $unset: { slaDueAt: 1 } },
  );
}

export async function clocksOf(orderNo: string) {
  return SlaTimerModel.find({ orderNo }).sort({ startedAt: 1 }).lean();
}

const CLOCKS_BATCH = 5_000;

/** The clocks of several orders in one round trip (list pages), by orderNo, each in start order. */
export async function clocksOfOrders(orderNos: string[]): Promise<Map<string, SlaTimer[]>> {
  const byOrder = new Map<string, SlaTimer[]>(orderNos.map((no) => [no, []]));
  if (!orderNos.length) return byOrder;
  // One batch: the driver's default first batch (101 documents) would add a getMore on a full page.
  const timers = await SlaTimerModel.find({ orderNo: { $in: orderNos } })
    .sort({ orderNo: 1, startedAt: 1 })
    .batchSize(CLOCKS_BATCH)
    .lean<SlaTimer[]>();
  for (const t of timers) byOrder.get(t.orderNo)?.push(t);
  return byOrder;
}

export type BreachHandler = (timer: SlaTimer, deps: AppDeps) => Promise<void>;

/**
 * Claims due clocks one at a time (running → breached, atomically) and acts on each. Safe to run in
 * any number of workers at once: a clock is claimed by exactly one of them.
 */
export async function sweepSla(
  deps: AppDeps,
  workerId: string,
  onReassign: BreachHandler,
  limit = 500,
): Promise<number> {
  let n = 0;
  for (; n < limit; n++) {
    const now = deps.clock.now();
    const timer = await SlaTimerModel.findOneAndUpdate(
      { status: 'running', deadline: { $lte: now } },
      { $set: { status: 'breached', breachedAt: now, endedAt: now, claimedBy: workerId } },
      { sort: { deadline: 1 }, new: true },
    ).lean<SlaTimer>();
    if (!timer) break;
    slaBreaches.inc({ policy: timer.policyKey, on_breach: timer.onBreach });
    if (timer.onBreach === 'reassign') await onReassign(timer, deps);
    else await escalate(timer, now);
    await refreshDueAt(timer.orderNo);
  }
  return n;
}

async function escalate(timer: SlaTimer, now: Date): Promise<void> {
  const order = await WorkOrderModel.findOne(
    { orderNo: timer.orderNo },
    { priority: 1, escalationLevel: 1, status: 1 },
  ).lean();
  if (!order) return;
  const level = (order.escalationLevel ?? 0) + 1;
  const supervisorIds = (await supervisorsCovering(timer.areaCode)).map((s) => s.id);
  // The inbox entry is keyed by the clock: a worker that dies after this line and is re-run adds nothing.
  const created = await EscalationModel.updateOne(
    { _id: timer._id },
    {
      $setOnInsert: {
        orderNo: timer.orderNo,
        policy: timer.policyKey,
        label: timer.label,
        areaCode: timer.areaCode,
        breachedAt: now,
        level,
        supervisorIds,
      },
    },
    { upsert: true },
  );
  // Each supervisor is told once per escalation (as kpi alerts do: SMS through the outbox); the dedupe
  // key (clock + supervisor) makes a repeated pass harmless, so it is written on every pass.
  const escalationId = String(timer._id);
  for (const staffId of supervisorIds) {
    await enqueue({
      kind: ESCALATION_NOTIFY,
      dedupeKey: `wo-escalation:${escalationId}:${staffId}`,
      payload: { escalationId, staffId },
    });
  }
  if (created.upsertedCount !== 1) return;
  await WorkOrderModel.updateOne(
    { orderNo: timer.orderNo },
    {
      $set: {
        escalated: true,
        priority: RAISE_PRIORITY[order.priority as WorkOrderPriority] ?? order.priority,
      },
      $inc: { escalationLevel: 1, seq: 1 },
      $push: {
        history: {
          at: now,
          action: 'escalate',
          from: order.status,
          to: order.status,
          by: { kind: 'system', name: 'SLA' },
          note: `超时升级:${timer.label}`,
        },
      },
    },
  );
}
