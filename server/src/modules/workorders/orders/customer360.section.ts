/** The work-orders section of the 360° record: the newest orders and inspections of one account, and its ratings. */
import type { Customer360WorkOrdersSection, CustomerOrderRow, WorkOrderType } from '@portal/types';
import { TYPE_LABELS } from './labels';
import { WorkOrderModel, type WorkOrder } from './workorder.model';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

const ROW_FIELDS = { orderNo: 1, type: 1, category: 1, status: 1, state: 1, priority: 1, createdAt: 1, resolvedAt: 1, assigneeName: 1, slaDueAt: 1, rating: 1, escalated: 1 } as const;
type RowDoc = Pick<WorkOrder, '_id' | 'orderNo' | 'type' | 'category' | 'status' | 'state' | 'priority' | 'createdAt' | 'resolvedAt' | 'assigneeName' | 'slaDueAt' | 'rating' | 'escalated'>;

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

export async function customerWorkOrdersSection(accountNo: string, limit: number): Promise<Customer360WorkOrdersSection> {
  const inspections = { accountNo, inspectionPlanId: { $type: 'string' } };
  const orders = { accountNo, inspectionPlanId: { $not: { $type: 'string' } } };
  const [orderRows, orderCount, openOrders, inspectionRows, inspectionCount, ratings] = await Promise.all([
    WorkOrderModel.find(orders, ROW_FIELDS).sort({ createdAt: -1 }).limit(limit).lean<RowDoc[]>(),
    WorkOrderModel.countDocuments(orders),
    WorkOrderModel.countDocuments({ ...orders, state: 'open' }),
    WorkOrderModel.find(inspections, ROW_FIELDS).sort({ createdAt: -1 }).limit(limit).lean<RowDoc[]>(),
    WorkOrderModel.countDocuments(inspections),
    WorkOrderModel.aggregate<{ n: number; avg: number }>([
      { $match: { accountNo, 'rating.score': { $type: 'number' } } },
      { $group: { _id: null, n: { $sum: 1 }, avg: { $avg: '$rating.score' } } },
    ]),
  ]);
  return {
    workOrders: { items: orderRows.map(orderRow), total: orderCount, open: openOrders },
    inspections: { items: inspectionRows.map(orderRow), total: inspectionCount },
    ratings: { count: ratings[0]?.n ?? 0, average: ratings[0] ? Math.round(ratings[0].avg * 10) / 10 : null },
  };
}
