/**
 * Reading bills: a resident's own (bound) accounts only, from the current holder's takeover on (a
 * former occupant's bills are not the next one's); staff within their areas.
 */
import type { Bill, BillList, ListBillsQuery, UsageHistory } from '@portal/types';
import type { Auth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { currentBindings, findAccessibleAccount, type Account } from '../accounts';
import { findPage } from '../../platform/db/page';
import { BillModel, type BillDoc } from './bill.model';
import { paidVia, paymentsThatPaid } from './paidVia';
import { usageUnit } from './tariff';
import { addMonths, monthOf } from '../../platform/time';

/**
 * The fields a bill's view reads (toBill, paidVia): a page of bills is read with just these, so the database
 * sends and the portal decodes no more than the answer needs. A field the view starts reading must be added
 * here, or the compiler says so (BillView).
 */
export const BILL_VIEW_FIELDS = [
  'accountNo',
  'utility',
  'period',
  'items',
  'amountDue',
  'usage',
  'readingFrom',
  'readingTo',
  'dueDate',
  'status',
  'issuedAt',
  'paidAt',
  'paidOutTradeNo',
  'payingOutTradeNo',
  'paidVia',
] as const satisfies readonly (keyof BillDoc)[];
export type BillView = Pick<BillDoc, '_id' | (typeof BILL_VIEW_FIELDS)[number]>;
const BILL_VIEW_PROJECTION = Object.fromEntries(BILL_VIEW_FIELDS.map((f) => [f, 1 as const]));

export function toBill(b: BillView): Bill {
  return {
    id: b._id.toString(),
    accountNo: b.accountNo,
    utility: b.utility as Bill['utility'],
    period: b.period,
    items: b.items.map((i) => ({
      kind: i.kind as Bill['items'][number]['kind'],
      name: i.name,
      quantity: i.quantity ?? undefined,
      unit: i.unit ?? undefined,
      unitPriceFen: i.unitPriceFen ?? undefined,
      amountFen: i.amountFen,
    })),
    amountDue: b.amountDue,
    usage: b.usage ?? undefined,
    readingFrom: b.readingFrom ?? undefined,
    readingTo: b.readingTo ?? undefined,
    dueDate: b.dueDate.toISOString(),
    status: b.status as Bill['status'],
    issuedAt: b.issuedAt.toISOString(),
    paidAt: b.paidAt?.toISOString(),
    outTradeNo: b.paidOutTradeNo ?? b.payingOutTradeNo ?? undefined,
  };
}

/**
 * The bills of these accounts, each from its current holder's takeover on. Accounts without a takeover
 * share one `$in` clause: an `$or` costs about twice as much on the database, so it is kept for the
 * households that changed hands.
 */
function billsOf(accounts: { accountNo: string; holderSince?: Date | null }[]): Record<string, unknown> {
  const whole = accounts.filter((a) => !a.holderSince).map((a) => a.accountNo);
  const clauses: Record<string, unknown>[] = [
    ...(whole.length || !accounts.length ? [{ accountNo: { $in: whole } }] : []),
    ...accounts
      .filter((a) => a.holderSince)
      .map((a) => ({ accountNo: a.accountNo, issuedAt: { $gte: a.holderSince } })),
  ];
  return clauses.length === 1 ? clauses[0] : { $or: clauses };
}

/** Bills as residents and staff see them: each paid one says where and how (one payment lookup per page). */
export async function toBills(rows: BillView[]): Promise<Bill[]> {
  const payments = await paymentsThatPaid(rows);
  return rows.map((b) => ({
    ...toBill(b),
    paidVia: paidVia(b, b.paidOutTradeNo ? payments.get(b.paidOutTradeNo) : undefined),
  }));
}

export async function listBills(auth: Auth, q: ListBillsQuery): Promise<BillList> {
  let accounts: { accountNo: string; holderSince?: Date | null }[];
  if (q.accountNo) accounts = [await findAccessibleAccount(auth, q.accountNo)];
  else if (auth.kind === 'resident') accounts = await currentBindings(auth.userId);
  else throw errors.validation([{ path: 'query.accountNo', message: '请指定户号' }]);
  if (auth.kind === 'staff') accounts = accounts.map((a) => ({ accountNo: a.accountNo }));

  const filter = billsOf(accounts);
  if (q.status?.length) filter.status = q.status.length === 1 ? q.status[0] : { $in: q.status };
  if (q.year) filter.period = { $gte: `${q.year}-01`, $lte: `${q.year}-12` };
  const { items: rows, total } = await findPage<BillView>(BillModel, filter, {
    sort: { period: -1, _id: -1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    projection: BILL_VIEW_PROJECTION,
  });
  return { items: await toBills(rows), total, page: q.page, pageSize: q.pageSize };
}

/**
 * From when a resident may see an account's bills. The access rules set `holderSince` on an account
 * when its household changes hands (过户): a former occupant's bills are not the next one's.
 */
export function billsVisibleFrom(auth: Auth, account: Account): Date | undefined {
  if (auth.kind !== 'resident') return undefined;
  return account.holderSince ?? undefined;
}

/** A bill the caller may read, with its account; anything else is "not found". */
export async function findAccessibleBill(
  auth: Auth,
  billId: string,
): Promise<{ bill: BillDoc; account: Account }> {
  const bill = await BillModel.findById(billId).lean<BillDoc>();
  if (!bill) throw errors.billNotFound();
  // Not bound (or not in the staff member's areas) → the same 404 as a missing bill.
  const account = await findAccessibleAccount(auth, bill.accountNo).catch(() => {
    throw errors.billNotFound();
  });
  const from = billsVisibleFrom(auth, account);
  if (from && bill.issuedAt < from) throw errors.billNotFound();
  return { bill, account };
}

export async function getBill(auth: Auth, billId: string): Promise<Bill> {
  const { bill } = await findAccessibleBill(auth, billId);
  return (await toBills([bill]))[0];
}

export async function usageHistory(
  auth: Auth,
  accountNo: string,
  months: number,
  now: Date,
): Promise<UsageHistory> {
  const account = await findAccessibleAccount(auth, accountNo);
  const current = monthOf(now);
  const periods = Array.from({ length: months }, (_, i) => addMonths(current, i - (months - 1)));
  const since =
    auth.kind === 'resident' && account.holderSince ? { issuedAt: { $gte: account.holderSince } } : {};
  const rows = await BillModel.find(
    {
      accountNo,
      billType: 'usage',
      period: { $gte: periods[0], $lte: periods[periods.length - 1] },
      status: { $ne: 'cancelled' },
      ...since,
    },
    { period: 1, usage: 1, amountDue: 1 },
  ).lean<BillDoc[]>();
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const utility = account.utility as UsageHistory['utility'];
  return {
    accountNo,
    utility,
    unit: usageUnit(utility),
    months: periods.map((period) => ({
      period,
      usage: byPeriod.get(period)?.usage ?? 0,
      amountFen: byPeriod.get(period)?.amountDue ?? 0,
    })),
  };
}

/** The 户号 a bill belongs to, or null when there is no such bill. */
export async function billAccountNo(billId: string): Promise<string | null> {
  if (!/^[a-f\d]{24}$/i.test(billId)) return null;
  const b = await BillModel.findById(billId, { accountNo: 1 }).lean<{ accountNo: string }>();
  return b?.accountNo ?? null;
}
