/**
 * Periodic safety inspections: a plan covers every active account under an area prefix; each run
 * (cycle) creates one inspection order per account that has no open one from this plan; the
 * completion rate per area is the 安检完成率 KPI; households not reached after maxAttempts visits are
 * flagged unreachable (engine: notHome).
 */
import type * as T from '@portal/types';
import type { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { actorOf, audit } from '../../../platform/audit';
import { areaFilter, inArea } from '../../../platform/auth/areaScope';
import { errors } from '../../../platform/http/errors';
import { dayEnd, dayStart } from '../../../platform/time';
import { activeAccountNosUnder } from '../../accounts';
import { InspectionPlanModel } from './inspection.model';
import { WorkOrderModel } from '../orders/workorder.model';
import { createWorkOrder } from '../orders/workorder.service';

export const INSPECTION_RUN = 'workorders.inspections.run';

type PlanDoc = {
  _id: unknown;
  name: string;
  areaPrefix: string;
  cycleMonths: number;
  maxAttempts: number;
  active: boolean;
  cycle: number;
  lastRunAt?: Date | null;
  nextRunAt?: Date | null;
};
const view = (p: PlanDoc) => ({
  id: String(p._id),
  name: p.name,
  areaPrefix: p.areaPrefix,
  cycleMonths: p.cycleMonths,
  maxAttempts: p.maxAttempts,
  active: p.active,
  cycle: p.cycle,
  lastRunAt: p.lastRunAt ? p.lastRunAt.toISOString() : null,
  nextRunAt: p.active && p.nextRunAt ? p.nextRunAt.toISOString() : null,
});

/** A plan's area: supervisors plan inside their own areas (workOrders policy); 404 for someone else's plan. */
export async function createPlan(
  deps: AppDeps,
  auth: StaffAuth,
  body: z.infer<typeof T.InspectionPlanBody>,
  requestId?: string,
) {
  if (!inArea(auth, 'workOrders', body.areaPrefix)) throw errors.outsideYourAreas();
  const { nextRunOn, ...fields } = body;
  const p = await InspectionPlanModel.create({
    ...fields,
    nextRunAt: nextRunOn ? firstRunAt(deps, nextRunOn) : deps.clock.now(),
  });
  const plan = view(p.toObject() as PlanDoc);
  await audit.record({
    actor: actorOf(auth),
    action: 'inspectionPlan.create',
    target: { kind: 'inspectionPlan', id: plan.id },
    before: null,
    after: plan,
    requestId,
    at: deps.clock.now(),
  });
  return plan;
}

/** A schedule day as the instant its cycle runs (start of that Shanghai day); never in the past. */
function firstRunAt(deps: AppDeps, day: string): Date {
  if (dayEnd(day) < deps.clock.now())
    throw errors.validation([{ path: 'body.nextRunOn', message: '下次执行日期不能早于今天' }]);
  return dayStart(day);
}

/** Edits a plan: name, cycle, visits before unreachable, pause/resume, the next run's day. Audited. */
export async function updatePlan(
  deps: AppDeps,
  auth: StaffAuth,
  planId: string,
  body: z.infer<typeof T.UpdateInspectionPlanBody>,
  requestId?: string,
) {
  const before = await InspectionPlanModel.findById(planId).lean<PlanDoc>();
  if (!before || !inArea(auth, 'workOrders', before.areaPrefix)) throw errors.planNotFound();
  const { nextRunOn, ...fields } = body;
  const set: Record<string, unknown> = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  );
  if (nextRunOn) set.nextRunAt = firstRunAt(deps, nextRunOn);
  else if (body.active && !before.active && !before.nextRunAt) set.nextRunAt = deps.clock.now();
  const after = await InspectionPlanModel.findByIdAndUpdate(
    planId,
    { $set: set },
    { new: true },
  ).lean<PlanDoc>();
  const plan = view(after!);
  await audit.record({
    actor: actorOf(auth),
    action: 'inspectionPlan.update',
    target: { kind: 'inspectionPlan', id: plan.id },
    before: view(before),
    after: plan,
    requestId,
    at: deps.clock.now(),
  });
  return plan;
}

export async function listPlans(auth: StaffAuth) {
  return (
    await InspectionPlanModel.find(areaFilter(auth, 'workOrders', { field: 'areaPrefix' }))
      .sort({ createdAt: -1 })
      .lean<PlanDoc[]>()
  ).map(view);
}

/** Runs a plan's next cycle: by its schedule (no `auth`), or by a staff member, which is audited. */
export async function runPlan(deps: AppDeps, planId: string, auth?: StaffAuth, requestId?: string) {
  const now = deps.clock.now();
  const base = await InspectionPlanModel.findById(planId).lean<PlanDoc>();
  if (!base || (auth && !inArea(auth, 'workOrders', base.areaPrefix))) throw errors.planNotFound();
  // Claiming the next cycle number is the guard: two runs at once make two distinct cycles at worst, never duplicates within one.
  const plan = await InspectionPlanModel.findOneAndUpdate(
    { _id: planId, cycle: base.cycle },
    {
      $inc: { cycle: 1 },
      $set: { lastRunAt: now, nextRunAt: new Date(now.getTime() + base.cycleMonths * 30 * 86400_000) },
    },
    { new: true },
  ).lean<PlanDoc>();
  if (!plan) throw errors.planRunning();
  const accountNos = await activeAccountNosUnder(plan.areaPrefix);
  const stillOpen = new Set(
    await WorkOrderModel.distinct('accountNo', {
      inspectionPlanId: String(plan._id),
      state: 'open',
      inspectionCycle: { $lt: plan.cycle },
    }),
  );
  let created = 0;
  let skipped = 0;
  for (const accountNo of accountNos) {
    if (stillOpen.has(accountNo)) {
      skipped++;
      continue;
    }
    await createWorkOrder(
      deps,
      { kind: 'system' },
      {
        accountNo,
        type: 'inspection',
        category: 'other',
        description: `${plan.name} 第 ${plan.cycle} 轮入户安检`,
        photos: [],
        urgency: 'normal',
        channel: 'console',
        inspection: { planId: String(plan._id), cycle: plan.cycle },
      },
    );
    created++;
  }
  if (auth)
    await audit.record({
      actor: actorOf(auth),
      action: 'inspectionPlan.run',
      target: { kind: 'inspectionPlan', id: String(plan._id) },
      before: { cycle: base.cycle, lastRunAt: base.lastRunAt ?? null },
      after: { cycle: plan.cycle, lastRunAt: now, created, skipped },
      requestId,
      at: now,
    });
  return { cycle: plan.cycle, created, skipped };
}

export async function runDueInspectionPlans(deps: AppDeps) {
  const due = await InspectionPlanModel.find(
    { active: true, nextRunAt: { $lte: deps.clock.now() } },
    { _id: 1 },
  ).lean();
  let created = 0;
  for (const p of due) created += (await runPlan(deps, String(p._id)).catch(() => ({ created: 0 }))).created;
  return { plans: due.length, created };
}

export async function completion(planId: string, cycleArg: number | undefined, auth: StaffAuth) {
  const plan = await InspectionPlanModel.findById(planId).lean<PlanDoc>();
  if (!plan || !inArea(auth, 'workOrders', plan.areaPrefix)) throw errors.planNotFound();
  const cycle = cycleArg ?? plan.cycle;
  const rows = await WorkOrderModel.aggregate<{
    _id: string;
    total: number;
    completed: number;
    unreachable: number;
  }>([
    { $match: { inspectionPlanId: String(plan._id), inspectionCycle: cycle } },
    {
      $group: {
        _id: '$areaCode',
        total: { $sum: 1 },
        completed: {
          $sum: {
            $cond: [
              { $and: [{ $in: ['$state', ['resolved', 'closed']] }, { $ne: ['$unreachable', true] }] },
              1,
              0,
            ],
          },
        },
        unreachable: { $sum: { $cond: [{ $eq: ['$unreachable', true] }, 1, 0] } },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  const rate = (c: number, t: number) => (t ? Math.round((c / t) * 1000) / 1000 : 0);
  const total = rows.reduce((s, r) => s + r.total, 0);
  const completed = rows.reduce((s, r) => s + r.completed, 0);
  return {
    planId: String(plan._id),
    cycle,
    areas: rows.map((r) => ({
      areaCode: r._id,
      total: r.total,
      completed: r.completed,
      unreachable: r.unreachable,
      rate: rate(r.completed, r.total),
    })),
    total,
    completed,
    rate: rate(completed, total),
  };
}
