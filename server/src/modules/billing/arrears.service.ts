/** 欠费 for collection staff, by area, and the 回收率 (collection rate) per area and period. */
import type { CollectionRate } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { askedAreaFilter } from '../../platform/auth/areaScope';
import { maskAddress, maskName } from '../../platform/mask';
import { accountSummaries } from '../accounts';
import { BillModel } from './bill.model';

export async function listArrears(
  deps: AppDeps,
  staff: StaffAuth,
  q: { page: number; pageSize: number; areaCode?: string; minOverdueDays: number },
) {
  const now = deps.clock.now();
  const match = {
    status: { $in: ['unpaid', 'overdue'] },
    dueDate: { $lt: new Date(now.getTime() - q.minOverdueDays * 86_400_000) },
    ...askedAreaFilter(staff, 'collection', q.areaCode),
  };
  const [rows] = await BillModel.aggregate<{
    items: { _id: string; areaCode: string; unpaidFen: number; bills: number; oldestDueDate: Date }[];
    total: { n: number }[];
  }>([
    { $match: match },
    {
      $group: {
        _id: '$accountNo',
        areaCode: { $first: '$areaCode' },
        unpaidFen: { $sum: '$amountDue' },
        bills: { $sum: 1 },
        oldestDueDate: { $min: '$dueDate' },
      },
    },
    { $sort: { unpaidFen: -1, _id: 1 } },
    {
      $facet: {
        items: [{ $skip: (q.page - 1) * q.pageSize }, { $limit: q.pageSize }],
        total: [{ $count: 'n' }],
      },
    },
  ]);
  const accounts = await accountSummaries(rows.items.map((r) => r._id));
  const byNo = new Map(accounts.map((a) => [a.accountNo, a]));
  return {
    items: rows.items.map((r) => {
      const a = byNo.get(r._id);
      return {
        accountNo: r._id,
        holderMasked: a ? maskName(a.holder?.name ?? '') : '',
        addressMasked: a ? maskAddress(a.address!) : '',
        areaCode: r.areaCode,
        unpaidFen: r.unpaidFen,
        bills: r.bills,
        oldestDueDate: r.oldestDueDate.toISOString(),
      };
    }),
    total: rows.total[0]?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function collectionRate(
  staff: StaffAuth,
  q: { period: string; areaPrefix?: string },
): Promise<CollectionRate> {
  const rows = await BillModel.aggregate<{
    _id: string;
    billedFen: number;
    collectedFen: number;
    bills: number;
    paidBills: number;
  }>([
    {
      $match: {
        period: q.period,
        status: { $ne: 'cancelled' },
        ...askedAreaFilter(staff, 'collection', q.areaPrefix),
      },
    },
    {
      $group: {
        _id: '$areaCode',
        billedFen: { $sum: '$amountDue' },
        collectedFen: { $sum: { $cond: [{ $eq: ['$status', 'paid'] }, '$amountDue', 0] } },
        bills: { $sum: 1 },
        paidBills: { $sum: { $cond: [{ $eq: ['$status', 'paid'] }, 1, 0] } },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  return {
    period: q.period,
    areas: rows.map((r) => ({
      areaCode: r._id,
      billedFen: r.billedFen,
      collectedFen: r.collectedFen,
      bills: r.bills,
      paidBills: r.paidBills,
      rate: r.billedFen ? Math.round((r.collectedFen / r.billedFen) * 10_000) / 10_000 : 0,
    })),
  };
}
