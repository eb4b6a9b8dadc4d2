/**
 * Bills as reports read them (the KPI cockpit's 回收率 and payment counts): a fixed set of fields,
 * streamed in batches or paged. Filters name fields of BillReportRow.
 */
import type { FilterQuery } from 'mongoose';
import { forEachBatch } from '../../platform/db/batches';
import { BillModel, type BillDoc } from './bill.model';

export const BILL_REPORT_FIELDS = {
  accountNo: 1,
  areaCode: 1,
  period: 1,
  amountDue: 1,
  status: 1,
  paidAt: 1,
  paidOutTradeNo: 1,
} as const;

export type BillReportRow = Pick<BillDoc, 'accountNo' | 'areaCode' | 'period' | 'amountDue' | 'status'> & {
  _id: unknown;
  paidAt?: Date | null;
  paidOutTradeNo?: string | null;
};

export type BillReportFilter = FilterQuery<BillReportRow> & { updatedAt?: unknown };

/** Calls `onBatch` with the matching bills, `batchSize` at a time (a cursor: memory stays flat). */
export async function forEachBillBatch(
  filter: BillReportFilter,
  batchSize: number,
  onBatch: (rows: BillReportRow[]) => Promise<void> | void,
): Promise<void> {
  const cursor = BillModel.find(filter, BILL_REPORT_FIELDS).lean<BillReportRow[]>().cursor({ batchSize });
  await forEachBatch(cursor, batchSize, onBatch);
}

/**
 * The bills paid in [start, end), `batchSize` at a time, through the partial index on paidAt: the
 * filter names its `$type: 'date'` (mongod uses a partial index only for a query that implies its
 * filter) and hints it (the stand-in does not see the implication and scanned every bill).
 */
export async function forEachBillPaidBetween(
  start: Date,
  end: Date,
  batchSize: number,
  onBatch: (rows: BillReportRow[]) => Promise<void> | void,
): Promise<void> {
  const cursor = BillModel.find({ paidAt: { $type: 'date', $gte: start, $lt: end } }, BILL_REPORT_FIELDS)
    .hint({ paidAt: 1 })
    .lean<BillReportRow[]>()
    .cursor({ batchSize });
  await forEachBatch(cursor, batchSize, onBatch);
}

/** One page of matching bills (newest period first, then by area and 户号), and how many match. */
export async function pageBills(
  filter: BillReportFilter,
  page: { skip: number; limit: number },
): Promise<{ total: number; rows: BillReportRow[] }> {
  const [total, rows] = await Promise.all([
    BillModel.countDocuments(filter),
    BillModel.find(filter, BILL_REPORT_FIELDS)
      .sort({ period: -1, areaCode: 1, accountNo: 1 })
      .skip(page.skip)
      .limit(page.limit)
      .lean<BillReportRow[]>(),
  ]);
  return { total, rows };
}
