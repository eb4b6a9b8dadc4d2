/**
 * Work orders as reports read them (the KPI cockpit): a fixed set of fields per order, streamed in
 * batches or paged, and the outcome of each order's SLA clocks. Filters name fields of OrderReportRow.
 */
import type { FilterQuery } from 'mongoose';
import { forEachBatch } from '../../../platform/db/batches';
import { FollowUpModel } from '../ratings/followup.model';
import { SlaTimerModel } from '../sla/sla.model';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

/** The fields a report may read and filter on. */
export const ORDER_REPORT_FIELDS = {
  orderNo: 1,
  areaCode: 1,
  team: 1,
  type: 1,
  category: 1,
  channel: 1,
  'createdBy.kind': 1,
  state: 1,
  status: 1,
  createdAt: 1,
  closedAt: 1,
  unreachable: 1,
  reopenCount: 1,
  attempts: 1,
  rating: 1,
  accountNo: 1,
  assigneeId: 1,
  assigneeName: 1,
  resolvedAt: 1,
  'history.at': 1,
  'history.action': 1,
  'history.to': 1,
  'history.by.kind': 1,
} as const;

export type OrderReportRow = Pick<
  WorkOrder,
  'orderNo' | 'areaCode' | 'type' | 'category' | 'state' | 'status' | 'createdAt' | 'accountNo'
> & {
  team?: string | null;
  channel?: string | null;
  createdBy?: { kind?: string } | null;
  closedAt?: Date | null;
  unreachable?: boolean | null;
  reopenCount?: number | null;
  attempts?: number | null;
  rating?: { score?: number | null } | null;
  assigneeId?: string | null;
  assigneeName?: string | null;
  resolvedAt?: Date | null;
  history?: { at: Date; action: string; to?: string | null; by?: { kind?: string } | null }[];
};

export type OrderReportFilter = FilterQuery<OrderReportRow> & { updatedAt?: unknown };

/** Calls `onBatch` with the matching orders, `batchSize` at a time (a cursor: memory stays flat). */
export async function forEachOrderBatch(
  filter: OrderReportFilter,
  batchSize: number,
  onBatch: (rows: OrderReportRow[]) => Promise<void>,
): Promise<void> {
  const cursor = WorkOrderModel.find(filter, ORDER_REPORT_FIELDS)
    .lean<OrderReportRow[]>()
    .cursor({ batchSize });
  await forEachBatch(cursor, batchSize, onBatch);
}

/** Creation times of the matching orders, `batchSize` at a time (only that field is read). */
export async function forEachOrderCreatedAt(
  filter: OrderReportFilter,
  batchSize: number,
  onBatch: (createdAt: Date[]) => void,
): Promise<void> {
  const cursor = WorkOrderModel.find(filter, { _id: 0, createdAt: 1 })
    .lean<{ createdAt: Date }[]>()
    .cursor({ batchSize });
  await forEachBatch(cursor, batchSize, (rows) => onBatch(rows.map((o) => o.createdAt)));
}

/** One page of matching orders, newest first, and how many match. */
export async function pageOrders(
  filter: OrderReportFilter,
  page: { skip: number; limit: number },
): Promise<{ total: number; rows: OrderReportRow[] }> {
  const [total, rows] = await Promise.all([
    WorkOrderModel.countDocuments(filter),
    WorkOrderModel.find(filter, ORDER_REPORT_FIELDS)
      .sort({ createdAt: -1 })
      .skip(page.skip)
      .limit(page.limit)
      .lean<OrderReportRow[]>(),
  ]);
  return { total, rows };
}

/** New orders per areaCode among the matching ones. */
export async function countOrdersByArea(filter: OrderReportFilter): Promise<Map<string, number>> {
  const rows = await WorkOrderModel.find(filter, { _id: 0, areaCode: 1 }).lean<{ areaCode: string }[]>();
  const out = new Map<string, number>();
  for (const o of rows) out.set(o.areaCode, (out.get(o.areaCode) ?? 0) + 1);
  return out;
}

/** Which of these orders had an SLA clock, and whether one of its clocks breached. */
export async function slaOutcomes(orderNos: string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (!orderNos.length) return out;
  const timers = await SlaTimerModel.find({ orderNo: { $in: orderNos } }, { orderNo: 1, status: 1 }).lean();
  for (const t of timers) out.set(t.orderNo, (out.get(t.orderNo) ?? false) || t.status === 'breached');
  return out;
}

/** Orders with an SLA clock started since `startedFrom` (only breached clocks when `breachedOnly`). */
export async function orderNosWithClocks(q: {
  startedFrom: Date;
  breachedOnly?: boolean;
}): Promise<string[]> {
  return SlaTimerModel.distinct('orderNo', {
    ...(q.breachedOnly ? { status: 'breached' } : {}),
    startedAt: { $gte: q.startedFrom },
  });
}

/** Orders whose SLA clocks changed after `since` (a breach changes an order's numbers without touching it). */
export async function orderNosWithClockChangesSince(since: Date): Promise<string[]> {
  return SlaTimerModel.distinct('orderNo', { updatedAt: { $gt: since } });
}

/** An order's 回访 tasks as reports count them. */
export type OrderFollowUps = { tasks: number; reached: number; scoreSum: number; scored: number };

/** The 回访 tasks of these orders: how many, how many reached the resident, the sum of their scores. */
export async function followUpOutcomes(orderNos: string[]): Promise<Map<string, OrderFollowUps>> {
  const out = new Map<string, OrderFollowUps>();
  if (!orderNos.length) return out;
  const tasks = await FollowUpModel.find(
    { orderNo: { $in: orderNos } },
    { orderNo: 1, outcome: 1, followUpScore: 1 },
  ).lean<{ orderNo: string; outcome?: string | null; followUpScore?: number | null }[]>();
  for (const t of tasks) {
    const o = out.get(t.orderNo) ?? { tasks: 0, reached: 0, scoreSum: 0, scored: 0 };
    o.tasks += 1;
    if (t.outcome === 'reached') o.reached += 1;
    if (typeof t.followUpScore === 'number') {
      o.scoreSum += t.followUpScore;
      o.scored += 1;
    }
    out.set(t.orderNo, o);
  }
  return out;
}

/** Orders with a 回访 task (only those whose call reached the resident when `reachedOnly`), opened since `from`. */
export async function orderNosWithFollowUps(q: { from: Date; reachedOnly?: boolean }): Promise<string[]> {
  return FollowUpModel.distinct('orderNo', {
    ...(q.reachedOnly ? { outcome: 'reached' } : {}),
    createdAt: { $gte: q.from },
  });
}

/** Orders whose 回访 tasks changed after `since` (a call's outcome changes the order's numbers). */
export async function orderNosWithFollowUpChangesSince(since: Date): Promise<string[]> {
  return FollowUpModel.distinct('orderNo', { updatedAt: { $gt: since } });
}
