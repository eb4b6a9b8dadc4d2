/**
 * A completed 过户 or 销户 order ends the household's occupancy (accounts' endOccupancy: bindings and the
 * 一户一码 revoked). It runs right after the transition (a hook), and a sweep applies any completed
 * order the hook missed (the process died in between, or the hook failed). Both are idempotent.
 */
import type { AppDeps } from '../../../deps';
import { endOccupancy, type OccupancyCause } from '../../accounts';
import { onWorkOrderTransition } from './engine';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

export const OCCUPANCY_SWEEP = 'workorders.occupancy.sweep';

const CAUSES: Partial<Record<string, OccupancyCause>> = {
  accountTransfer: 'transfer',
  accountClose: 'closure',
};
const DONE = ['resolved', 'closed'];

export async function applyOccupancy(
  deps: AppDeps,
  order: Pick<WorkOrder, 'orderNo' | 'accountNo' | 'type' | 'state' | 'resolvedAt'>,
): Promise<void> {
  const cause = CAUSES[order.type];
  if (!cause || !DONE.includes(order.state)) return;
  await endOccupancy(deps, {
    accountNo: order.accountNo,
    cause,
    orderNo: order.orderNo,
    since: order.resolvedAt ?? undefined,
    actor: { kind: 'system', id: 'workorders', name: order.orderNo },
  });
  await WorkOrderModel.updateOne(
    { orderNo: order.orderNo, occupancyAppliedAt: { $exists: false } },
    { $set: { occupancyAppliedAt: deps.clock.now() } },
  );
}

onWorkOrderTransition(async ({ order, deps }) => applyOccupancy(deps, order));

/** Completed 过户/销户 orders not yet applied, oldest first, a batch per run. */
export const occupancySweepJob = (deps: AppDeps) => async () => {
  const pending = await WorkOrderModel.find(
    { type: { $in: Object.keys(CAUSES) }, state: { $in: DONE }, occupancyAppliedAt: { $exists: false } },
    { orderNo: 1, accountNo: 1, type: 1, state: 1, resolvedAt: 1 },
  )
    .sort({ resolvedAt: 1 })
    .limit(200)
    .lean<WorkOrder[]>();
  for (const o of pending) await applyOccupancy(deps, o);
  return { applied: pending.length };
};
