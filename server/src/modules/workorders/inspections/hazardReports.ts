/**
 * 隐患 (hazards found on 安检) as the cockpit counts them: per inspection order, the fields statistics group
 * by. The hazards are written by the inspection form (hazard.model.ts: area, customer type, category,
 * severity and status copied onto each hazard when found); this file only reads them, by order number,
 * for the KPI roll-up and drill-down.
 */
import { HazardModel } from './hazard.model';

export type HazardReportRow = {
  orderNo: string;
  areaCode: string;
  customerType: string;
  category: string;
  severity: string;
  status: 'open' | 'rectified';
};

/** The hazards found on these orders. */
export async function hazardsOfOrders(orderNos: string[]): Promise<HazardReportRow[]> {
  if (!orderNos.length) return [];
  return HazardModel.find(
    { orderNo: { $in: orderNos } },
    { _id: 0, orderNo: 1, areaCode: 1, customerType: 1, category: 1, severity: 1, status: 1 },
  ).lean<HazardReportRow[]>();
}

/** Orders with a hazard matching the filter (a category, a customer type, still open...). */
export async function orderNosWithHazards(
  filter: Partial<Pick<HazardReportRow, 'category' | 'customerType' | 'status'>>,
) {
  return HazardModel.distinct('orderNo', filter) as Promise<string[]>;
}

/** Orders whose hazards changed after `since` (found, re-inspected, rectified). */
export async function orderNosWithHazardChangesSince(since: Date): Promise<string[]> {
  return HazardModel.distinct('orderNo', { updatedAt: { $gt: since } }) as Promise<string[]>;
}
