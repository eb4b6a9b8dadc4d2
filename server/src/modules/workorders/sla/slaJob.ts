/** The SLA worker: a scheduled outbox job that claims due clocks; breaches of accept clocks re-dispatch. */
import type { AppDeps } from '../../../deps';
import type { JobContext } from '../../../platform/outbox/worker';
import { nodeConfig } from '../config/configs';
import { applyPlan, reassignPlan } from '../orders/engine';
import type { SlaTimer } from './sla.model';
import { sweepSla } from './sla.service';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';

export const SLA_SWEEP = 'workorders.sla.sweep';

/** An assignee who has not accepted in time loses the order to the next candidate (or the queue). */
export async function reassignOnTimeout(timer: SlaTimer, deps: AppDeps): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await WorkOrderModel.findOne({ orderNo: timer.orderNo }).lean<WorkOrder>();
    if (!order || order.state !== 'open' || order.status !== 'dispatched') return;
    if (timer.assigneeId && order.assigneeId !== timer.assigneeId) return;
    const { nodes } = await nodeConfig(order.type);
    const plan = await reassignPlan(order, 'timeout');
    try {
      await applyPlan(
        deps,
        order,
        nodes,
        { kind: 'system', name: 'SLA' },
        { action: 'reject', note: `超时未接单:${timer.label}` },
        plan,
      );
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ORDER_CHANGED') throw e;
    }
  }
}

export function sweepOnce(deps: AppDeps, workerId: string): Promise<number> {
  return sweepSla(deps, workerId, reassignOnTimeout);
}

export const slaSweepJob = (deps: AppDeps) => async (_payload: Record<string, unknown>, ctx: JobContext) => ({
  breached: await sweepOnce(deps, ctx.workerId),
});
