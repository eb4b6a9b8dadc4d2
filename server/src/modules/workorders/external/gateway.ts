/**
 * One interface, two engines. Built-in (default): the portal dispatches and runs SLA itself.
 * Forwarded: the order is pushed to the utility's field-service system (HMAC-signed HTTP, sent by the
 * outbox with its retries; the request carries the order's full current state and a version, so a
 * retried or late push is harmless), and that system reports progress back through signed webhooks,
 * applied once per event id and never over newer state.
 */
import type { ExternalEvent, WorkOrderType } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { errors } from '../../../platform/http/errors';
import { enqueue } from '../../../platform/outbox/outbox';
import { PermanentError } from '../../../platform/outbox/worker';
import { nodeConfig } from '../config/configs';
import { notifyOrderStatus } from '../orders/notify';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { ExternalEventModel } from './externalEvent.model';
import { signBody, verifySignature } from './signature';

export const EXTERNAL_PUSH = 'workorders.external.push';

export function engineMode(deps: AppDeps, type: WorkOrderType): 'builtin' | 'external' {
  if (deps.config.WORK_ORDER_ENGINE !== 'external') return 'builtin';
  const only = deps.config.EXTERNAL_WO_TYPES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return !only?.length || only.includes(type) ? 'external' : 'builtin';
}

export const EXTERNAL_REPAIR = 'workorders.external.repair';
/** How often the sweep looks for forwarded orders whose push a crash kept out of the outbox. */
export const EXTERNAL_REPAIR_EVERY_MS = 60_000;

/**
 * A forwarded order's state change and its push are two writes. The change sets `external.unqueued` (and a
 * new order `external.createUnqueued`); queuePush clears them once the push is in the outbox, and the
 * repair sweep calls it for orders a crash left marked. Every push carries the order's state as it is when
 * sent, so a create that goes late still carries the latest state; an update queued while the create may
 * not have gone waits a minute, so it reaches the external system after the create.
 */
async function queuePush(order: WorkOrder, action?: string): Promise<void> {
  const createPending = Boolean(order.external?.createUnqueued);
  if (createPending)
    await enqueue({
      kind: EXTERNAL_PUSH,
      dedupeKey: `ext:${order.orderNo}:create`,
      payload: { orderNo: order.orderNo, op: 'create' },
    });
  if (action)
    await enqueue({
      kind: EXTERNAL_PUSH,
      dedupeKey: `ext:${order.orderNo}:${order.seq}`,
      payload: { orderNo: order.orderNo, op: 'update', action },
      ...(createPending ? { runAt: new Date(Date.now() + 60_000) } : {}),
    });
  if (createPending)
    await WorkOrderModel.updateOne(
      { orderNo: order.orderNo, 'external.createUnqueued': true },
      { $unset: { 'external.createUnqueued': 1 } },
    );
  // A later change marked it again: that change's own push clears it.
  await WorkOrderModel.updateOne(
    { orderNo: order.orderNo, seq: order.seq, 'external.unqueued': true },
    { $unset: { 'external.unqueued': 1 } },
  );
}

/** After the insert that wrote `external: { mode: 'forwarded', unqueued: true, createUnqueued: true }`. */
export async function forwardCreate(_deps: AppDeps, order: WorkOrder): Promise<void> {
  await queuePush(order);
}

/** After a change written with `external.unqueued: true`. */
export async function forwardUpdate(_deps: AppDeps, order: WorkOrder, action: string): Promise<void> {
  await queuePush(order, action);
}

/** The repair sweep: queues the push of every forwarded order a crash left marked. */
export async function repairExternalPushes(): Promise<{ repaired: number }> {
  const marked = await WorkOrderModel.find({ 'external.unqueued': true }).limit(500).lean<WorkOrder[]>();
  for (const o of marked) await queuePush(o, o.seq > 1 ? (o.history.at(-1)?.action ?? 'update') : undefined);
  return { repaired: marked.length };
}

/** What the external system receives (contract.ts, ExternalOrder). */
export function wireOrder(o: WorkOrder, action?: string) {
  return {
    orderNo: o.orderNo,
    version: o.seq,
    ...(action ? { action } : {}),
    type: o.type,
    category: o.category,
    priority: o.priority,
    status: o.status,
    state: o.state,
    accountNo: o.accountNo,
    areaCode: o.areaCode,
    address: o.address,
    contactName: o.contactName ?? null,
    contactPhone: o.contactPhone ?? null,
    description: o.description,
    location: o.location?.lat != null ? { lat: o.location.lat, lng: o.location.lng } : null,
    createdAt: new Date(o.createdAt).toISOString(),
    appointment: o.appointmentStartAt
      ? { startAt: o.appointmentStartAt.toISOString(), endAt: o.appointmentEndAt?.toISOString() }
      : null,
  };
}

/** The outbox handler: one signed request per entry; 4xx is permanent, anything else is retried. */
export const pushToExternal =
  (deps: AppDeps) => async (payload: Record<string, unknown>, ctx: { entry: { dedupeKey: string } }) => {
    const base = deps.config.EXTERNAL_WO_BASE_URL;
    const secret = deps.config.EXTERNAL_WO_SECRET;
    if (!base || !secret) throw new PermanentError('external work-order system is not configured');
    const order = await WorkOrderModel.findOne({ orderNo: String(payload.orderNo) }).lean<WorkOrder>();
    if (!order) throw new PermanentError('order vanished');
    const body = JSON.stringify(wireOrder(order, payload.action as string | undefined));
    const create = payload.op === 'create';
    const url = create ? `${base}/orders` : `${base}/orders/${order.orderNo}`;
    const res = await fetch(url, {
      method: create ? 'POST' : 'PUT',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': ctx.entry.dedupeKey,
        ...signBody(secret, body),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status >= 400 && res.status < 500 && res.status !== 429)
      throw new PermanentError(`external system refused: ${res.status} ${text.slice(0, 200)}`, res.status);
    if (!res.ok) throw new Error(`external system ${res.status}`);
    const ref = (JSON.parse(text || '{}') as { externalRef?: string }).externalRef;
    if (ref) await WorkOrderModel.updateOne({ orderNo: order.orderNo }, { $set: { 'external.ref': ref } });
    return { status: res.status, externalRef: ref ?? null };
  };

const STATE_OF: Record<string, 'open' | 'resolved' | 'closed' | 'cancelled'> = {
  completed: 'resolved',
  rated: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

export function verifyWebhook(
  deps: AppDeps,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): void {
  const secret = deps.config.EXTERNAL_WO_SECRET;
  const h = (k: string) => (typeof headers[k] === 'string' ? (headers[k] as string) : undefined);
  if (
    !secret ||
    !verifySignature(
      secret,
      { timestamp: h('x-wo-timestamp'), nonce: h('x-wo-nonce'), signature: h('x-wo-signature') },
      rawBody,
      deps.clock.now().getTime(),
    )
  ) {
    throw errors.badSignature();
  }
}

/** Applies a status event once; an event older than what the order already shows changes nothing. */
export async function applyExternalEvent(
  deps: AppDeps,
  e: ExternalEvent,
): Promise<{ applied: boolean; duplicate: boolean }> {
  if (await ExternalEventModel.exists({ _id: e.eventId })) return { applied: false, duplicate: true };
  const order = await WorkOrderModel.findOne({
    orderNo: e.orderNo,
    'external.mode': 'forwarded',
  }).lean<WorkOrder>();
  if (!order) throw errors.orderNotFound();
  const { nodes } = await nodeConfig(order.type);
  if (e.status !== 'cancelled' && !nodes.some((n) => n.key === e.status)) {
    throw errors.validation([{ path: 'body.status', message: `未知状态 ${e.status}` }]);
  }
  const at = new Date(e.occurredAt);
  const now = deps.clock.now();
  const set: Record<string, unknown> = {
    status: e.status,
    state: STATE_OF[e.status] ?? 'open',
    'external.lastEventAt': at,
    'external.lastStatus': e.status,
    ...(e.externalRef ? { 'external.ref': e.externalRef } : {}),
    ...(e.technician
      ? { 'external.technicianName': e.technician.name, 'external.technicianPhone': e.technician.phone }
      : {}),
    ...(e.eta ? { eta: new Date(e.eta) } : {}),
    ...(STATE_OF[e.status] === 'resolved' ? { resolvedAt: at } : {}),
  };
  const updated = await WorkOrderModel.findOneAndUpdate(
    {
      orderNo: e.orderNo,
      $or: [{ 'external.lastEventAt': { $exists: false } }, { 'external.lastEventAt': { $lt: at } }],
    },
    {
      $set: set,
      $inc: { seq: 1 },
      $push: {
        history: {
          at,
          action: 'external',
          from: order.status,
          to: e.status,
          by: { kind: 'system', name: '外部工单系统' },
          ...(e.note ? { note: e.note } : {}),
        },
      },
    },
    { new: true },
  ).lean<WorkOrder>();
  await ExternalEventModel.create({
    _id: e.eventId,
    orderNo: e.orderNo,
    status: e.status,
    occurredAt: at,
    applied: !!updated,
  }).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  if (updated) {
    const node = nodes.find((n) => n.key === e.status);
    await notifyOrderStatus(
      updated,
      e.status === 'cancelled' ? '已取消' : (node?.label ?? e.status),
      node?.residentText ?? '工单进度已更新',
      now,
    );
  }
  return { applied: !!updated, duplicate: false };
}
