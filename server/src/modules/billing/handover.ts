/**
 * Bills at a household's handover (过户 / 销户): the final bill from the meter's last reading to the
 * reading at handover, the household's unpaid bills, and arrears carried to the new holder (re-issued
 * to them as one bill, the old ones cancelled). Each bill is keyed by its order (`sourceKey`, unique),
 * so an approval retried after a crash issues it once.
 */
import type { AppDeps } from '../../deps';
import type { Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { priceUsage } from './pricing';
import { addDays, dayEnd, dayOf, monthOf } from '../../platform/time';
import { WHOLE_ANSWER } from '../../platform/db/batches';

const OWED = ['unpaid', 'overdue', 'paying'];

export type Arrears = { count: number; amountFen: number; billIds: string[] };

/** What the household owes now (bills being paid count: their payment may still fail). */
export async function arrearsOf(accountNo: string): Promise<Arrears> {
  const rows = await BillModel.find({ accountNo, status: { $in: OWED } }, { _id: 1, amountDue: 1 }).lean<
    BillDoc[]
  >();
  return {
    count: rows.length,
    amountFen: rows.reduce((n, b) => n + b.amountDue, 0),
    billIds: rows.map((b) => String(b._id)),
  };
}

/** Arrears of many accounts in one query (the approval list). */
export async function arrearsByAccount(accountNos: string[]): Promise<Map<string, Arrears>> {
  const rows = accountNos.length
    ? await BillModel.find(
        { accountNo: { $in: accountNos }, status: { $in: OWED } },
        { _id: 1, accountNo: 1, amountDue: 1 },
      )
        .batchSize(WHOLE_ANSWER)
        .lean<BillDoc[]>()
    : [];
  const out = new Map<string, Arrears>();
  for (const b of rows) {
    const a = out.get(b.accountNo) ?? { count: 0, amountFen: 0, billIds: [] };
    a.count += 1;
    a.amountFen += b.amountDue;
    a.billIds.push(String(b._id));
    out.set(b.accountNo, a);
  }
  return out;
}

async function insertOnce(doc: Record<string, unknown>): Promise<BillDoc> {
  await BillModel.create(doc).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  return (await BillModel.findOne({ sourceKey: doc.sourceKey }).lean<BillDoc>())!;
}

/**
 * The final bill of a household handed over or closed: usage from the meter's last reading to
 * `reading`, priced by the account's tariff. Issued at `issuedAt` (the handover, before the new
 * holder's time begins, so it stays the former holder's). None when nothing was used.
 */
export async function issueFinalBill(
  deps: AppDeps,
  input: {
    account: Pick<Account, 'accountNo' | 'areaCode' | 'utility' | 'contract' | 'meters'>;
    orderNo: string;
    reading: number;
    issuedAt: Date;
  },
): Promise<BillDoc | null> {
  const { account } = input;
  const previous = account.meters?.[0]?.lastReading ?? 0;
  const usage = Math.max(0, Math.round((input.reading - previous) * 1000) / 1000);
  if (usage === 0) return null;
  const period = monthOf(input.issuedAt);
  const { items, areaPriced } = await priceUsage(account, period, usage);
  // Heating priced by area is charged per season, not by the meter: nothing to settle here.
  if (areaPriced) return null;
  return insertOnce({
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    utility: account.utility,
    period,
    billType: 'service',
    items: items.map((i) => ({ ...i, name: `${i.name}(结算)` })),
    amountDue: items.reduce((n, i) => n + i.amountFen, 0),
    usage,
    readingFrom: previous,
    readingTo: input.reading,
    dueDate: dayEnd(addDays(dayOf(input.issuedAt), deps.config.BILL_DUE_DAYS)),
    status: 'unpaid',
    issuedAt: input.issuedAt,
    sourceKey: `final:${input.orderNo}`,
  });
}

/**
 * The new holder takes over what the household owes: one bill issued to them (at `issuedAt`, inside
 * their time) listing the old bills, which are cancelled and point to it. The carried bill is written
 * first and names the bills it carries, so a retry after a crash cancels exactly those, once.
 */
export async function carryArrears(
  deps: AppDeps,
  input: { account: Pick<Account, 'accountNo' | 'areaCode' | 'utility'>; orderNo: string; issuedAt: Date },
): Promise<BillDoc | null> {
  const sourceKey = `carried:${input.orderNo}`;
  let carried = await BillModel.findOne({ sourceKey }).lean<BillDoc>();
  if (!carried) {
    const owed = await BillModel.find({
      accountNo: input.account.accountNo,
      status: { $in: ['unpaid', 'overdue'] },
    }).lean<BillDoc[]>();
    if (!owed.length) return null;
    carried = await insertOnce({
      accountNo: input.account.accountNo,
      areaCode: input.account.areaCode,
      utility: input.account.utility,
      period: monthOf(input.issuedAt),
      billType: 'service',
      items: owed.map((b) => ({
        kind: 'other',
        name: `承接欠费 ${b.period}`,
        quantity: 1,
        unit: '笔',
        unitPriceFen: b.amountDue,
        amountFen: b.amountDue,
      })),
      amountDue: owed.reduce((n, b) => n + b.amountDue, 0),
      dueDate: dayEnd(addDays(dayOf(input.issuedAt), deps.config.BILL_DUE_DAYS)),
      status: 'unpaid',
      issuedAt: input.issuedAt,
      sourceKey,
      carriedBillIds: owed.map((b) => String(b._id)),
    });
  }
  await BillModel.updateMany(
    { _id: { $in: carried.carriedBillIds ?? [] }, status: { $in: ['unpaid', 'overdue'] } },
    { $set: { status: 'cancelled', carriedInto: String(carried._id) } },
  );
  return carried;
}
