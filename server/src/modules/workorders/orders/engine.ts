/**
 * The state machine. Which actions exist at a node, and who may take them, is data (the type's node
 * sequence: each node names the action that enters it and the roles allowed); the few actions that
 * are not "go to the next node" (dispatch again, reject, hold/resume, cancel, reopen, not home,
 * escalate) are rules here. Every change is one guarded update on the order's change counter, so two
 * people acting at once cannot both apply; the loser gets 409.
 */
import type { NodeDef, TransitionBody, WorkOrderAction } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { errors } from '../../../platform/http/errors';
import { nodeConfig } from '../config/configs';
import { decideDispatch } from '../dispatch/dispatch.service';
import { APPLICATION_TYPES, CANCELLED_TEXT, ON_HOLD_TEXT, REPLY_TYPES, rejectedText } from './labels';
import { notifyOrderStatus, notifyTechnicianAssigned } from './notify';
import {
  clocksToStart,
  meetClocks,
  pauseClocks,
  refreshDueAt,
  resumeClocks,
  startClocks,
  stopClocks,
  stopClocksTo,
} from '../sla/sla.service';
import { WorkOrderModel, type WorkOrder } from './workorder.model';
import { staffCard as findStaffCard } from '../../accounts';

export type Actor =
  | { kind: 'resident'; id: string }
  | { kind: 'staff'; id: string; roles: string[]; name?: string }
  | { kind: 'system'; name: string };

export type TransitionInput = Partial<TransitionBody> & {
  action: WorkOrderAction;
  /** Taken by the feature named in the order's approvalVia (never set from an HTTP body). */
  viaFeature?: boolean;
};

/** Called after a transition is stored (e.g. the accounts module applies 过户 when it is approved). */
export type TransitionHook = (e: {
  order: WorkOrder;
  action: WorkOrderAction;
  from: string;
  to: string;
  actor: Actor;
  deps: AppDeps;
}) => Promise<void>;
const hooks: TransitionHook[] = [];
export function onWorkOrderTransition(hook: TransitionHook): void {
  hooks.push(hook);
}

const DESK = ['dispatcher', 'supervisor', 'admin'];
const AGENTS = ['agent', 'dispatcher', 'supervisor', 'admin'];
const FOLLOW_UP = ['agent', 'supervisor', 'admin'];

const hasRole = (actor: Actor, roles: readonly string[]) =>
  actor.kind === 'system' || (actor.kind === 'staff' && actor.roles.some((r) => roles.includes(r)));
const isAssignee = (actor: Actor, order: WorkOrder) =>
  actor.kind === 'staff' && !!order.assigneeId && actor.id === order.assigneeId;

function refuse(): never {
  throw errors.notYourOrderAction();
}
function invalid(label: string): never {
  throw errors.invalidTransition(label);
}

/** The node an action leads to: the next node whose action it is, skipping nodes nobody enters by action (评价). */
function nextNodeFor(nodes: NodeDef[], current: string, action: string): NodeDef | undefined {
  const i = nodes.findIndex((n) => n.key === current);
  for (let j = i + 1; j < nodes.length; j++) {
    if (nodes[j].action === action) return nodes[j];
    if (nodes[j].action) return undefined;
  }
  return undefined;
}

export type Plan = {
  to: string;
  set: Record<string, unknown>;
  inc?: Record<string, number>;
  text?: string;
  after?: 'hold' | 'resume' | 'resolve' | 'cancel' | 'reopen' | 'redispatch';
  notify: boolean;
  technicianAssigned?: boolean;
};

async function staffCard(id: string) {
  const s = await findStaffCard(id);
  if (!s || !s.active || !s.roles.includes('technician'))
    throw errors.validation([{ path: 'body.assigneeId', message: '该人员不存在或不是维修人员' }]);
  return { id: s.id, name: s.name, phone: s.phone };
}

/** Works out what an action does to an order, or refuses it (403 wrong role, 409 wrong state). */
export async function planTransition(
  order: WorkOrder,
  nodes: NodeDef[],
  actor: Actor,
  input: TransitionInput,
  now: Date,
): Promise<Plan> {
  const label = nodes.find((n) => n.key === order.status)?.label ?? order.status;
  const open = order.state === 'open';
  const idx = (k: string) => nodes.findIndex((n) => n.key === k);
  const forwarded = order.external?.mode === 'forwarded';
  const { action } = input;

  if (forwarded && !['cancel', 'close', 'reopen', 'escalate'].includes(action)) {
    throw errors.orderForwarded();
  }

  switch (action) {
    case 'dispatch': {
      if (!hasRole(actor, DESK)) refuse();
      if (
        !open ||
        order.onHold ||
        !['accepted', 'dispatched', 'taken'].includes(order.status) ||
        idx('dispatched') < 0
      )
        invalid(label);
      const tech = input.assigneeId
        ? await staffCard(input.assigneeId)
        : (await decideDispatch({ ...order, location: order.location, exclude: order.passedOver ?? [], now }))
            .technician;
      if (!tech) throw errors.noTechnician();
      return {
        to: 'dispatched',
        set: { assigneeId: tech.id, assigneeName: tech.name, assigneePhone: tech.phone, queue: 'none' },
        text: `已安排服务人员 ${tech.name}`,
        after: 'redispatch',
        notify: true,
      };
    }
    case 'reject': {
      if (!isAssignee(actor, order)) refuse();
      if (!open || order.status !== 'dispatched') invalid(label);
      return reassignPlan(order, 'reject');
    }
    case 'hold':
    case 'resume': {
      if (!(hasRole(actor, AGENTS) || isAssignee(actor, order))) refuse();
      if (!open || order.onHold === (action === 'hold')) invalid(label);
      return {
        to: order.status,
        set: { onHold: action === 'hold' },
        text: action === 'hold' ? ON_HOLD_TEXT : '已恢复处理',
        after: action,
        notify: true,
      };
    }
    case 'cancel': {
      const residentMayCancel = actor.kind === 'resident' && idx(order.status) < Math.max(idx('taken'), 1);
      if (!(residentMayCancel || hasRole(actor, AGENTS))) refuse();
      if (!open) invalid(label);
      return {
        to: 'cancelled',
        set: { state: 'cancelled', closedAt: now },
        text:
          APPLICATION_TYPES.includes(order.type) && input.note && actor.kind !== 'resident'
            ? rejectedText(input.note)
            : CANCELLED_TEXT,
        after: 'cancel',
        notify: true,
      };
    }
    case 'reopen': {
      if (!hasRole(actor, FOLLOW_UP)) refuse();
      if (order.state !== 'resolved' && order.state !== 'closed') invalid(label);
      return {
        to: 'accepted',
        set: { state: 'open', queue: 'dispatch', onHold: false, passedOver: [] },
        inc: { reopenCount: 1 },
        text: '工单已重新打开,将再次为您处理',
        after: 'reopen',
        notify: true,
      };
    }
    case 'notHome': {
      if (!isAssignee(actor, order)) refuse();
      if (!open || !['departed', 'arrived'].includes(order.status)) invalid(label);
      const attempts = (order.attempts ?? 0) + 1;
      const max = order.inspectionPlanId
        ? await maxAttemptsOf(order.inspectionPlanId)
        : Number.POSITIVE_INFINITY;
      if (attempts >= max) {
        return {
          to: 'closed',
          set: { attempts, unreachable: true, state: 'closed', closedAt: now },
          text: `多次上门未遇(${attempts} 次),工单已关闭,如需服务请再次预约`,
          after: 'cancel',
          notify: true,
        };
      }
      return { to: 'taken', set: { attempts }, text: '上门未遇,工作人员将与您另约时间', notify: true };
    }
    case 'escalate': {
      if (!hasRole(actor, AGENTS)) refuse();
      if (!open) invalid(label);
      return {
        to: order.status,
        set: { escalated: true },
        inc: { escalationLevel: 1 },
        text: input.note,
        notify: false,
      };
    }
    default: {
      if (actor.kind === 'resident') refuse();
      if (action === 'approve' && order.approvalVia && !input.viaFeature) throw errors.approvedElsewhere();
      const target = nextNodeFor(nodes, order.status, action);
      if (!target || !(open || (order.state === 'resolved' && target.key === 'closed'))) invalid(label);
      if (
        target.assigneeOnly
          ? !(isAssignee(actor, order) || actor.kind === 'system')
          : !hasRole(actor, target.roles ?? [])
      )
        refuse();
      if (order.onHold) throw errors.orderOnHold();
      const set: Record<string, unknown> = {};
      if (input.eta) set.eta = new Date(input.eta);
      const resolving = target.key === 'completed';
      // A complaint or a suggestion is answered in words the resident reads on the timeline.
      if (resolving && REPLY_TYPES.includes(order.type) && !input.note?.trim())
        throw errors.validation([{ path: 'body.note', message: '请填写给居民的答复内容' }]);
      if (resolving) {
        set.state = 'resolved';
        set.resolvedAt = now;
        // Materials recorded from the catalogue (field/orderWork) are kept: a free list sent with the
        // completion would leave their cost behind.
        if (input.materials && !order.workRecordedAt) set.materials = input.materials;
        if (input.labourMinutes !== undefined) set.labourMinutes = input.labourMinutes;
      }
      if (target.key === 'closed') {
        set.state = 'closed';
        set.closedAt = now;
      }
      return {
        to: target.key,
        set,
        text: target.residentText,
        after: resolving || target.key === 'closed' ? 'resolve' : undefined,
        notify: true,
        technicianAssigned: target.key === 'taken',
      };
    }
  }
}

async function maxAttemptsOf(planId: string): Promise<number> {
  const { InspectionPlanModel } = await import('../inspections/inspection.model');
  const plan = await InspectionPlanModel.findById(planId, { maxAttempts: 1 }).lean();
  return plan?.maxAttempts ?? 3;
}

/** Gives the order to the next candidate (skipping everyone passed over), or to the dispatcher queue. */
export async function reassignPlan(order: WorkOrder, why: 'reject' | 'timeout'): Promise<Plan> {
  const passedOver = [
    ...new Set([...(order.passedOver ?? []), ...(order.assigneeId ? [order.assigneeId] : [])]),
  ];
  const d = await decideDispatch({ ...order, location: order.location, exclude: passedOver });
  const note = why === 'timeout' ? '超时未接单' : '服务人员无法接单';
  if (!d.technician) {
    return {
      to: 'accepted',
      set: { passedOver, queue: 'dispatch', assigneeId: null, assigneeName: null, assigneePhone: null },
      text: `${note},正在为您重新安排服务人员`,
      after: 'redispatch',
      notify: true,
    };
  }
  return {
    to: 'dispatched',
    set: {
      passedOver,
      queue: 'none',
      assigneeId: d.technician.id,
      assigneeName: d.technician.name,
      assigneePhone: d.technician.phone,
    },
    text: `${note},已改派服务人员 ${d.technician.name}`,
    after: 'redispatch',
    notify: true,
  };
}

const actorStamp = (a: Actor) =>
  a.kind === 'system'
    ? { kind: 'system', name: a.name }
    : a.kind === 'staff'
      ? { kind: 'staff', id: a.id, name: a.name }
      : { kind: 'resident', id: a.id };

/** Stores a planned change (guarded by seq) and runs its consequences: SLA, notifications, hooks. */
export async function applyPlan(
  deps: AppDeps,
  order: WorkOrder,
  nodes: NodeDef[],
  actor: Actor,
  input: TransitionInput,
  plan: Plan,
): Promise<WorkOrder> {
  const now = deps.clock.now();
  const entry = {
    at: now,
    action: input.action,
    from: order.status,
    to: plan.to,
    by: actorStamp(actor),
    ...(input.note
      ? { note: input.note }
      : plan.text && input.action === 'escalate'
        ? { note: plan.text }
        : {}),
    ...(input.photos?.length ? { photos: input.photos } : {}),
    ...(input.location ? { location: input.location } : {}),
  };
  const updated = await WorkOrderModel.findOneAndUpdate(
    { orderNo: order.orderNo, seq: order.seq },
    {
      $set: {
        ...plan.set,
        status: plan.to,
        // Its push to the external system is queued after this write (external/gateway.ts).
        ...(order.external?.mode === 'forwarded' ? { 'external.unqueued': true } : {}),
      },
      $inc: { seq: 1, ...plan.inc },
      $push: { history: entry },
    },
    { new: true },
  ).lean<WorkOrder>();
  if (!updated) throw errors.orderChanged();

  if (!updated.external?.mode) await clockEffects(updated, order, nodes, plan, now);
  if (plan.notify) {
    const label =
      plan.to === 'cancelled' ? '已取消' : (nodes.find((n) => n.key === plan.to)?.label ?? plan.to);
    await notifyOrderStatus(updated, label, plan.text ?? label, now);
    if (plan.technicianAssigned) await notifyTechnicianAssigned(updated, now);
  }
  const { forwardUpdate } = await import('../external/gateway');
  if (updated.external?.mode === 'forwarded') await forwardUpdate(deps, updated, input.action);
  for (const hook of hooks) {
    await hook({ order: updated, action: input.action, from: order.status, to: plan.to, actor, deps }).catch(
      (err) => deps.logger.error({ err, orderNo: order.orderNo }, 'work-order hook failed'),
    );
  }
  return updated;
}

async function clockEffects(
  updated: WorkOrder,
  before: WorkOrder,
  nodes: NodeDef[],
  plan: Plan,
  now: Date,
): Promise<void> {
  switch (plan.after) {
    case 'hold':
      await pauseClocks(updated.orderNo, now);
      break;
    case 'resume':
      await resumeClocks(updated.orderNo, now);
      break;
    case 'resolve':
      await stopClocks(updated.orderNo, now, 'met');
      break;
    case 'cancel':
      await stopClocks(updated.orderNo, now, 'stopped');
      break;
    default: {
      if (plan.after === 'redispatch' || plan.after === 'reopen')
        await stopClocksTo(updated.orderNo, 'taken', now);
      if (plan.to !== before.status || plan.after === 'redispatch') {
        await meetClocks(updated.orderNo, plan.to, nodes, now);
        await startClocks(await clocksToStart(updated, [plan.to], plan.to, nodes, now));
      }
    }
  }
  await refreshDueAt(updated.orderNo);
}

export async function transition(
  deps: AppDeps,
  order: WorkOrder,
  actor: Actor,
  input: TransitionInput,
): Promise<WorkOrder> {
  const { nodes } = await nodeConfig(order.type);
  const plan = await planTransition(order, nodes, actor, input, deps.clock.now());
  return applyPlan(deps, order, nodes, actor, input, plan);
}
