/**
 * 隐患 (hazards found on 安检) as the cockpit counts them: per inspection order, the fields statistics group
 * by. The hazards are written by the inspection form (hazard.model.ts, collection `hazards`: area, customer
 * type, category, severity and status copied onto each hazard when found); this file only reads them, by
 * order number, for the KPI roll-up and drill-down.
 */
import mongoose, { Schema } from 'mongoose';

export type HazardReportRow = {
  orderNo: string;
  areaCode: string;
  customerType: string;
  category: string;
  severity: string;
  status: 'open' | 'rectified';
};

/**
 * A read-only view of the hazards the inspection form writes (its own model, hazard.model.ts, declares the
 * fields and indexes; this one neither creates the collection nor its indexes). Once both are on one
 * branch, these reads can go through HazardModel instead.
 */
const HazardReportModel =
  mongoose.models.HazardReport ??
  mongoose.model(
    'HazardReport',
    new Schema(
      {
        orderNo: String,
        areaCode: String,
        customerType: String,
        category: String,
        severity: String,
        status: String,
        updatedAt: Date,
      },
      { collection: 'hazards', autoCreate: false, autoIndex: false },
    ),
  );
/** The hazards found on these orders. */
export async function hazardsOfOrders(orderNos: string[]): Promise<HazardReportRow[]> {
  if (!orderNos.length) return [];
  return HazardReportModel.find(
    { orderNo: { $in: orderNos } },
    { _id: 0, orderNo: 1, areaCode: 1, customerType: 1, category: 1, severity: 1, status: 1 },
  ).lean<HazardReportRow[]>();
}

/** Orders with a hazard matching the filter (a category, a customer type, still open...). */
export async function orderNosWithHazards(
  filter: Partial<Pick<HazardReportRow, 'category' | 'customerType' | 'status'>>,
) {
  return HazardReportModel.distinct('orderNo', filter) as Promise<string[]>;
}

/** Orders whose hazards changed after `since` (found, re-inspected, rectified). */
export async function orderNosWithHazardChangesSince(since: Date): Promise<string[]> {
  return HazardReportModel.distinct('orderNo', { updatedAt: { $gt: since } }) as Promise<string[]>;
}
