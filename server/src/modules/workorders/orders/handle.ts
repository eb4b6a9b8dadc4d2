/**
 * Orders as other features drive them: read a few by number, and move one on as a named actor. The
 * accounts-change feature approves and completes its 过户/销户 orders through here (roles still checked
 * by the engine; a system actor may take any step).
 */
import type { WorkOrderAction } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { WHOLE_ANSWER } from '../../../platform/db/batches';
import { errors } from '../../../platform/http/errors';
import { transition, type Actor } from './engine';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

export type OrderSummary = Pick<
  WorkOrder,
  'orderNo' | 'accountNo' | 'areaCode' | 'type' | 'state' | 'status' | 'createdAt' | 'resolvedAt'
>;

const SUMMARY = {
  orderNo: 1,
  accountNo: 1,
  areaCode: 1,
  type: 1,
  state: 1,
  status: 1,
  createdAt: 1,
  resolvedAt: 1,
};

export async function orderSummaries(orderNos: string[]): Promise<OrderSummary[]> {
  if (!orderNos.length) return [];
  return WorkOrderModel.find({ orderNo: { $in: orderNos } }, SUMMARY)
    .batchSize(WHOLE_ANSWER)
    .lean<OrderSummary[]>();
}

/**
 * The numbers of the open orders a feature files for approval (`approvalVia`), within `scope` (an area filter):
 * its queue of what still awaits a decision or its effects. Withdrawn and turned-down applications are not open,
 * so however many accumulate, they never fill the queue's window.
 */
export async function openOrderNosVia(
  approvalVia: string,
  scope: Record<string, unknown>,
): Promise<string[]> {
  const rows = await WorkOrderModel.find({ ...scope, approvalVia, state: 'open' }, { orderNo: 1, _id: 0 })
    .batchSize(WHOLE_ANSWER)
    .lean<{ orderNo: string }[]>();
  return rows.map((o) => o.orderNo);
}

/** Takes `action` on the order as it is now (a fresh read); 404 when there is no such order. */
export async function advanceOrder(
  deps: AppDeps,
  orderNo: string,
  actor: Actor,
  action: WorkOrderAction,
  note?: string,
): Promise<OrderSummary> {
  const order = await WorkOrderModel.findOne({ orderNo }).lean<WorkOrder>();
  if (!order) throw errors.orderNotFound();
  return transition(deps, order, actor, { action, viaFeature: true, ...(note ? { note } : {}) });
}
