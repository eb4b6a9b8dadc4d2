/**
 * Households not reached: inspection orders the engine closed as unreachable after the plan's
 * maxAttempts visits nobody was home (engine.ts, notHome). The desk works them as a follow-up list and
 * records what came of each call; the latest outcome is kept, every one is audited.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { actorOf, audit } from '../../../platform/audit';
import { askedAreaFilter, inArea } from '../../../platform/auth/areaScope';
import { findPage } from '../../../platform/db/page';
import { errors } from '../../../platform/http/errors';
import { maskPhone } from '../../../platform/mask';
import { staffCard } from '../../accounts';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { InspectionPlanModel } from './inspection.model';
import { FollowUpModel, type FollowUpDoc } from './unreachableFollowUp.model';

const UNREACHABLE = { type: 'inspection', unreachable: true };

/** Three round trips whatever the page size: the page with its total, the plans on it, their follow-ups. */
export async function listUnreachable(
  deps: AppDeps,
  auth: StaffAuth,
  q: T.ListUnreachableQuery,
): Promise<T.UnreachablePage> {
  const and: Record<string, unknown>[] = [UNREACHABLE, askedAreaFilter(auth, 'workOrders', q.areaPrefix)];
  if (q.handled) {
    const handled = await FollowUpModel.distinct('orderNo');
    and.push({ orderNo: q.handled === 'true' ? { $in: handled } : { $nin: handled } });
  }
  const { items: rows, ...counted } = await findPage<WorkOrder>(
    WorkOrderModel,
    { $and: and },
    {
      sort: { closedAt: -1, orderNo: 1 },
      skip: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
      countUpTo: deps.config.LIST_COUNT_UP_TO,
    },
  );
  const planIds = [...new Set(rows.map((o) => o.inspectionPlanId).filter((x): x is string => !!x))];
  const [plans, followUps] = await Promise.all([
    InspectionPlanModel.find({ _id: { $in: planIds } }, { name: 1 }).lean(),
    FollowUpModel.find({ orderNo: { $in: rows.map((o) => o.orderNo) } }).lean<FollowUpDoc[]>(),
  ]);
  const planName = new Map(plans.map((p) => [String(p._id), p.name]));
  const followUpOf = new Map(followUps.map((f) => [f.orderNo, f]));
  const items = rows.map((o) => {
    const f = followUpOf.get(o.orderNo);
    return {
      orderNo: o.orderNo,
      accountNo: o.accountNo,
      address: o.address,
      areaCode: o.areaCode,
      contactPhoneMasked: o.contactPhone ? maskPhone(o.contactPhone) : null,
      planId: o.inspectionPlanId ?? null,
      planName: (o.inspectionPlanId && planName.get(o.inspectionPlanId)) || null,
      cycle: o.inspectionCycle ?? null,
      attempts: o.attempts ?? 0,
      closedAt: o.closedAt ? o.closedAt.toISOString() : null,
      followUp: f
        ? { outcome: f.outcome, note: f.note ?? null, at: f.at.toISOString(), byName: f.byName }
        : null,
    };
  });
  return { items, ...counted, page: q.page, pageSize: q.pageSize };
}

export async function recordUnreachableFollowUp(
  deps: AppDeps,
  auth: StaffAuth,
  orderNo: string,
  body: T.UnreachableFollowUpBody,
  requestId?: string,
) {
  const order = await WorkOrderModel.findOne({ orderNo, ...UNREACHABLE }, { areaCode: 1 }).lean();
  if (!order || !inArea(auth, 'workOrders', order.areaCode)) throw errors.orderNotFound();
  const now = deps.clock.now();
  const before = await FollowUpModel.findOne({ orderNo }).lean<FollowUpDoc>();
  const me = await staffCard(auth.staffId);
  const entry = {
    orderNo,
    outcome: body.outcome,
    note: body.note ?? null,
    at: now,
    byId: auth.staffId,
    byName: me?.name ?? auth.username,
  };
  await FollowUpModel.replaceOne({ orderNo }, entry, { upsert: true });
  await audit.record({
    actor: actorOf(auth),
    action: 'inspection.unreachableFollowUp',
    target: { kind: 'workOrder', id: orderNo },
    before: before ? { outcome: before.outcome, note: before.note ?? null } : null,
    after: { outcome: entry.outcome, note: entry.note },
    requestId,
    at: now,
  });
  return { outcome: entry.outcome, note: entry.note, at: now.toISOString(), byName: entry.byName };
}
