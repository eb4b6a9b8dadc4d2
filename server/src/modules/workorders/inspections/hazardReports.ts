/**
 * 隐患 (hazards found on 安检) as the cockpit counts them: per inspection order, the fields statistics group
 * by. The hazards are written by the inspection form (hazard.model.ts, collection `hazards`: area, customer
 * type, category, severity and status copied onto each hazard when found); this file only reads them, by
 * order number, for the KPI roll-up and drill-down.
 */
import mongoose from 'mongoose';

export type HazardReportRow = {
  orderNo: string;
  areaCode: string;
  customerType: string;
  category: string;
  severity: string;
  status: 'open' | 'rectified';
};

const hazards = () => mongoose.connection.collection('hazards');

/** The hazards found on these orders. */
export async function hazardsOfOrders(orderNos: string[]): Promise<HazardReportRow[]> {
  if (!orderNos.length) return [];
  return hazards()
    .find(
      { orderNo: { $in: orderNos } },
      {
        projection: { _id: 0, orderNo: 1, areaCode: 1, customerType: 1, category: 1, severity: 1, status: 1 },
      },
    )
    .toArray() as unknown as Promise<HazardReportRow[]>;
}

/** Orders with a hazard matching the filter (a category, a customer type, still open...). */
export async function orderNosWithHazards(
  filter: Partial<Pick<HazardReportRow, 'category' | 'customerType' | 'status'>>,
) {
  return hazards().distinct('orderNo', filter) as Promise<string[]>;
}

/** Orders whose hazards changed after `since` (found, re-inspected, rectified). */
export async function orderNosWithHazardChangesSince(since: Date): Promise<string[]> {
  return hazards().distinct('orderNo', { updatedAt: { $gt: since } }) as Promise<string[]>;
}
