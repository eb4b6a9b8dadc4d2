/**
 * Cost per order type and area: the materials (catalogue cost, fen) and hours recorded on orders completed
 * in a period. One aggregate groups by type and areaCode; the roll-up to districts (or to the communities
 * under an asked area) is done here, since an area tree has at most a few hundred codes.
 * `orderCostFacts` is the port the KPI cockpit reads (exported from the workorders index).
 */
import type * as T from '@portal/types';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaFilter, askedAreaFilter, areaRegex } from '../../../platform/auth/areaScope';
import { dayEnd, dayStart } from '../../../platform/time';
import { TYPE_LABELS } from '../orders/labels';
import { WorkOrderModel } from '../orders/workorder.model';

export type OrderCostFact = {
  type: T.WorkOrderType;
  areaCode: string;
  orders: number;
  materialCostFen: number;
  labourMinutes: number;
};

/** Orders with recorded work completed in [from, to], per order type and areaCode. */
export async function orderCostFacts(q: {
  from: Date;
  to: Date;
  /** An extra filter on areaCode (a staff member's scope); none: every area. */
  areaFilter?: Record<string, unknown>;
}): Promise<OrderCostFact[]> {
  const rows = await WorkOrderModel.aggregate<{
    _id: { type: string; areaCode: string };
    orders: number;
    materialCostFen: number;
    labourMinutes: number;
  }>([
    {
      $match: {
        resolvedAt: { $gte: q.from, $lte: q.to },
        workRecordedAt: { $type: 'date' },
        ...(q.areaFilter ?? {}),
      },
    },
    {
      $group: {
        _id: { type: '$type', areaCode: '$areaCode' },
        orders: { $sum: 1 },
        materialCostFen: { $sum: '$materialCostFen' },
        labourMinutes: { $sum: '$labourMinutes' },
      },
    },
  ]);
  return rows.map((r) => ({
    type: r._id.type as T.WorkOrderType,
    areaCode: r._id.areaCode,
    orders: r.orders,
    materialCostFen: r.materialCostFen ?? 0,
    labourMinutes: r.labourMinutes ?? 0,
  }));
}

/** The area a code rolls up to: its district, or the level just under the asked area. */
const rollUp = (areaCode: string, asked?: string) => {
  const depth = asked ? asked.split('-').length + 1 : 1;
  return areaCode.split('-').slice(0, depth).join('-');
};

export async function orderCostReport(auth: StaffAuth, q: T.OrderCostQuery): Promise<T.OrderCostReport> {
  const facts = await orderCostFacts({
    from: dayStart(q.from),
    to: dayEnd(q.to),
    areaFilter: askedAreaFilter(auth, 'kpi', q.areaCode),
  });
  const rows = new Map<string, T.OrderCostRow>();
  for (const f of facts) {
    const area = rollUp(f.areaCode, q.areaCode);
    const key = `${f.type}|${area}`;
    const r = rows.get(key) ?? {
      type: f.type,
      typeLabel: TYPE_LABELS[f.type] ?? f.type,
      area,
      orders: 0,
      materialCostFen: 0,
      labourMinutes: 0,
      avgMaterialCostFen: 0,
    };
    r.orders += f.orders;
    r.materialCostFen += f.materialCostFen;
    r.labourMinutes += f.labourMinutes;
    rows.set(key, r);
  }
  const list = [...rows.values()]
    .map((r) => ({ ...r, avgMaterialCostFen: r.orders ? Math.round(r.materialCostFen / r.orders) : 0 }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.area.localeCompare(b.area));
  return {
    rows: list,
    totalOrders: list.reduce((s, r) => s + r.orders, 0),
    totalMaterialCostFen: list.reduce((s, r) => s + r.materialCostFen, 0),
  };
}

/** Drill-down: the orders behind one row (at most 200, most costly first). */
export async function orderCostOrders(auth: StaffAuth, q: T.OrderCostOrdersQuery) {
  const rows = await WorkOrderModel.find(
    {
      $and: [
        areaFilter(auth, 'kpi'),
        { areaCode: areaRegex(q.area) },
        {
          type: q.type,
          resolvedAt: { $gte: dayStart(q.from), $lte: dayEnd(q.to) },
          workRecordedAt: { $type: 'date' },
        },
      ],
    },
    { orderNo: 1, areaCode: 1, resolvedAt: 1, assigneeName: 1, materialCostFen: 1, labourMinutes: 1 },
  )
    .sort({ materialCostFen: -1 })
    .limit(200)
    .lean<
      {
        orderNo: string;
        areaCode: string;
        resolvedAt?: Date;
        assigneeName?: string;
        materialCostFen?: number;
        labourMinutes?: number;
      }[]
    >();
  return rows.map((o) => ({
    orderNo: o.orderNo,
    areaCode: o.areaCode,
    resolvedAt: o.resolvedAt?.toISOString() ?? null,
    assigneeName: o.assigneeName ?? null,
    materialCostFen: o.materialCostFen ?? 0,
    labourMinutes: o.labourMinutes ?? 0,
  }));
}
