/**
 * Cost per order type and area: the materials (catalogue cost, fen) and hours recorded on orders completed
 * in a period; cost = materials + hours × 人工费率 (服务设置, fen per hour; labour rounded to the fen per
 * row, so a row's cost is exactly what its columns add up to). One aggregate groups by type and areaCode; the roll-up to districts (or to the communities
 * under an asked area) is done here, since an area tree has at most a few hundred codes.
 * `orderCostFacts` is the port the KPI cockpit reads (exported from the workorders index).
 */
import type * as T from '@portal/types';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaFilter, askedAreaFilter, areaMatch } from '../../../platform/auth/areaScope';
import { dayEnd, dayStart } from '../../../platform/time';
import { labourCostFen, labourRateFen, type SettingsDefaults } from '../../settings';
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

export async function orderCostReport(
  auth: StaffAuth,
  q: T.OrderCostQuery,
  settings: SettingsDefaults,
): Promise<T.OrderCostReport> {
  return orderCostSummary(
    {
      from: dayStart(q.from),
      to: dayEnd(q.to),
      areaFilter: askedAreaFilter(auth, 'kpi', q.areaCode),
      asked: q.areaCode,
    },
    settings,
  );
}

/**
 * The cost report of the orders completed in [from, to] that match `areaFilter` (and `type`), rolled up to
 * districts or to the level under `asked`; also the KPI export's 工单成本 table.
 */
export async function orderCostSummary(
  q: {
    from: Date;
    to: Date;
    areaFilter?: Record<string, unknown>;
    asked?: string;
    type?: T.WorkOrderType;
  },
  settings: SettingsDefaults,
): Promise<T.OrderCostReport> {
  const rate = await labourRateFen(settings);
  const facts = (await orderCostFacts(q)).filter((f) => !q.type || f.type === q.type);
  const rows = new Map<string, T.OrderCostRow>();
  for (const f of facts) {
    const area = rollUp(f.areaCode, q.asked);
    const key = `${f.type}|${area}`;
    const r = rows.get(key) ?? {
      type: f.type,
      typeLabel: TYPE_LABELS[f.type] ?? f.type,
      area,
      orders: 0,
      materialCostFen: 0,
      labourMinutes: 0,
      avgMaterialCostFen: 0,
      labourCostFen: 0,
      costFen: 0,
      avgCostFen: 0,
    };
    r.orders += f.orders;
    r.materialCostFen += f.materialCostFen;
    r.labourMinutes += f.labourMinutes;
    rows.set(key, r);
  }
  const perOrder = (fen: number, orders: number) => (orders ? Math.round(fen / orders) : 0);
  const list = [...rows.values()]
    .map((r) => {
      const labour = labourCostFen(r.labourMinutes, rate);
      const cost = r.materialCostFen + labour;
      return {
        ...r,
        avgMaterialCostFen: perOrder(r.materialCostFen, r.orders),
        labourCostFen: labour,
        costFen: cost,
        avgCostFen: perOrder(cost, r.orders),
      };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.area.localeCompare(b.area));
  const sum = (f: (r: T.OrderCostRow) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    rows: list,
    totalOrders: sum((r) => r.orders),
    totalMaterialCostFen: sum((r) => r.materialCostFen),
    totalLabourCostFen: sum((r) => r.labourCostFen),
    totalCostFen: sum((r) => r.costFen),
    labourRateFen: rate,
  };
}

/** How many orders the drill-down lists, the costliest first. */
export const COST_ORDERS_LISTED = 200;

/**
 * Drill-down: the orders behind one row, the costliest first by total cost (用料 + 工时 at the rate in force, as
 * the row counts them), at most COST_ORDERS_LISTED; the row's own count says how many there are.
 */
export async function orderCostOrders(
  auth: StaffAuth,
  q: T.OrderCostOrdersQuery,
  settings: SettingsDefaults,
) {
  const rate = await labourRateFen(settings);
  const rows = await WorkOrderModel.aggregate<{
    orderNo: string;
    areaCode: string;
    resolvedAt?: Date;
    assigneeName?: string;
    materialCostFen?: number;
    labourMinutes?: number;
  }>([
    {
      $match: {
        $and: [
          areaFilter(auth, 'kpi'),
          { areaCode: areaMatch(q.area) },
          {
            type: q.type,
            resolvedAt: { $gte: dayStart(q.from), $lte: dayEnd(q.to) },
            workRecordedAt: { $type: 'date' },
          },
        ],
      },
    },
    {
      $project: {
        _id: 0,
        orderNo: 1,
        areaCode: 1,
        resolvedAt: 1,
        assigneeName: 1,
        materialCostFen: 1,
        labourMinutes: 1,
        cost: {
          $add: [
            { $ifNull: ['$materialCostFen', 0] },
            { $multiply: [{ $ifNull: ['$labourMinutes', 0] }, rate / 60] },
          ],
        },
      },
    },
    { $sort: { cost: -1, orderNo: 1 } },
    { $limit: COST_ORDERS_LISTED },
  ]);
  return rows.map((o) => {
    const labour = labourCostFen(o.labourMinutes ?? 0, rate);
    return {
      orderNo: o.orderNo,
      areaCode: o.areaCode,
      resolvedAt: o.resolvedAt?.toISOString() ?? null,
      assigneeName: o.assigneeName ?? null,
      materialCostFen: o.materialCostFen ?? 0,
      labourMinutes: o.labourMinutes ?? 0,
      labourCostFen: labour,
      costFen: (o.materialCostFen ?? 0) + labour,
    };
  });
}
