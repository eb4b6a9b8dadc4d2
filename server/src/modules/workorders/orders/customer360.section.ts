/** The work-orders section of the 360° record: the newest orders and inspections of one account, and its ratings. */
import type { Customer360WorkOrdersSection, CustomerOrderRow, WorkOrderType } from '@portal/types';
import { TYPE_LABELS } from './labels';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

const ROW_FIELDS = {
  orderNo: 1,
  type: 1,
  category: 1,
  status: 1,
  state: 1,
  priority: 1,
  createdAt: 1,
  resolvedAt: 1,
  assigneeName: 1,
  slaDueAt: 1,
  rating: 1,
  escalated: 1,
} as const;
type RowDoc = Pick<
  WorkOrder,
  | '_id'
  | 'orderNo'
  | 'type'
  | 'category'
  | 'status'
  | 'state'
  | 'priority'
  | 'createdAt'
  | 'resolvedAt'
  | 'assigneeName'
  | 'slaDueAt'
  | 'rating'
  | 'escalated'
>;

const orderRow = (o: RowDoc): CustomerOrderRow => ({
  id: String(o._id),
  orderNo: o.orderNo,
  type: o.type,
  typeLabel: TYPE_LABELS[o.type as WorkOrderType],
  category: o.category ?? undefined,
  status: o.status ?? undefined,
  state: o.state,
  priority: o.priority ?? undefined,
  createdAt: iso(o.createdAt),
  resolvedAt: iso(o.resolvedAt),
  assigneeName: o.assigneeName ?? undefined,
  slaDueAt: iso(o.slaDueAt),
  score: typeof o.rating?.score === 'number' ? o.rating.score : undefined,
  escalated: o.escalated ?? undefined,
});

type Counted = { n: number }[];

export async function customerWorkOrdersSection(
  accountNo: string,
  limit: number,
): Promise<Customer360WorkOrdersSection> {
  // One round trip: every part is a facet over the account's orders.
  const inspections = { inspectionPlanId: { $type: 'string' } };
  const orders = { inspectionPlanId: { $not: { $type: 'string' } } };
  const newest = [{ $sort: { createdAt: -1 as const } }, { $limit: limit }, { $project: ROW_FIELDS }];
  const [r] = await WorkOrderModel.aggregate<{
    orderRows: RowDoc[];
    orderCount: Counted;
    openOrders: Counted;
    inspectionRows: RowDoc[];
    inspectionCount: Counted;
    ratings: { n: number; avg: number }[];
  }>([
    { $match: { accountNo } },
    {
      $facet: {
        orderRows: [{ $match: orders }, ...newest],
        orderCount: [{ $match: orders }, { $count: 'n' }],
        openOrders: [{ $match: { ...orders, state: 'open' } }, { $count: 'n' }],
        inspectionRows: [{ $match: inspections }, ...newest],
        inspectionCount: [{ $match: inspections }, { $count: 'n' }],
        ratings: [
          { $match: { 'rating.score': { $type: 'number' } } },
          { $group: { _id: null, n: { $sum: 1 }, avg: { $avg: '$rating.score' } } },
        ],
      },
    },
  ]);
  const count = (c: Counted) => c[0]?.n ?? 0;
  return {
    workOrders: { items: r.orderRows.map(orderRow), total: count(r.orderCount), open: count(r.openOrders) },
    inspections: { items: r.inspectionRows.map(orderRow), total: count(r.inspectionCount) },
    ratings: {
      count: r.ratings[0]?.n ?? 0,
      average: r.ratings[0] ? Math.round(r.ratings[0].avg * 10) / 10 : null,
    },
  };
}
