/**
 * 用量分析: an account's usage month by month this year against last year, and against the average of
 * similar households in its community (same utility and customer category). The average is anonymous
 * and shown only when at least SIMILAR_MIN_HOUSEHOLDS households had a bill that month: one
 * aggregation over their bills, grouped by period, whatever the size of the community.
 */
import type { UsageAnalysis, Utility } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { Auth } from '../../platform/auth/auth';
import { findAccessibleAccount, similarHouseholdNos } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { billsVisibleFrom } from './bills.service';
import { changePercent } from './billDetail.service';
import { tariffDefinition, tierPosition, usageUnit } from './tariff';
import { yearOf } from '../../platform/time';

export const SIMILAR_MIN_HOUSEHOLDS = 20;

const round2 = (n: number) => Math.round(n * 100) / 100;
const monthOf = (period: string) => Number(period.slice(5, 7));

/** Per period of `year`: total usage of the households' usage bills and how many households had one. */
async function similarUsageByPeriod(
  accountNos: string[],
  utility: Utility,
  year: number,
): Promise<Map<string, { total: number; households: number }>> {
  if (accountNos.length < SIMILAR_MIN_HOUSEHOLDS) return new Map();
  const rows = await BillModel.aggregate<{ _id: string; total: number; households: number }>([
    {
      $match: {
        accountNo: { $in: accountNos },
        utility,
        billType: 'usage',
        period: { $gte: `${year}-01`, $lte: `${year}-12` },
        status: { $ne: 'cancelled' },
      },
    },
    // One usage bill per account and period (unique index), so counting bills counts households.
    { $group: { _id: '$period', total: { $sum: { $ifNull: ['$usage', 0] } }, households: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [r._id, { total: r.total, households: r.households }]));
}

export async function usageAnalysis(
  deps: AppDeps,
  auth: Auth,
  accountNo: string,
  askedYear?: number,
): Promise<UsageAnalysis> {
  const account = await findAccessibleAccount(auth, accountNo);
  const utility = account.utility as Utility;
  const year = askedYear ?? yearOf(deps.clock.now());
  const visibleFrom = billsVisibleFrom(auth, account);

  const [own, similarNos] = await Promise.all([
    BillModel.find(
      {
        accountNo,
        utility,
        billType: 'usage',
        period: { $gte: `${year - 1}-01`, $lte: `${year}-12` },
        status: { $ne: 'cancelled' },
      },
      { period: 1, usage: 1, issuedAt: 1 },
    ).lean<BillDoc[]>(),
    similarHouseholdNos(account),
  ]);
  const similar = await similarUsageByPeriod(similarNos, utility, year);

  // The tier position counts the whole year's usage (it is what priced the bills); the months shown
  // are only those the resident may see.
  const usedThisYear = own
    .filter((b) => b.period.startsWith(`${year}-`))
    .reduce((n, b) => n + (b.usage ?? 0), 0);
  const visible = own.filter((b) => !visibleFrom || b.issuedAt >= visibleFrom);
  const usageOf = (period: string) => {
    const b = visible.find((x) => x.period === period);
    return b ? (b.usage ?? 0) : null;
  };

  let thisYear = 0;
  let lastYearSamePeriod = 0;
  let similarSum = 0;
  let similarMonths = 0;
  let households = 0;
  const months = Array.from({ length: 12 }, (_, i) => {
    const mm = String(i + 1).padStart(2, '0');
    const usage = usageOf(`${year}-${mm}`);
    const lastYearUsage = usageOf(`${year - 1}-${mm}`);
    const group = similar.get(`${year}-${mm}`);
    const shown = group && group.households >= SIMILAR_MIN_HOUSEHOLDS;
    const similarAverage = shown ? round2(group.total / group.households) : null;
    if (group) households = Math.max(households, group.households);
    if (usage !== null) {
      thisYear += usage;
      lastYearSamePeriod += lastYearUsage ?? 0;
      if (similarAverage !== null) {
        similarSum += similarAverage;
        similarMonths++;
      }
    }
    return { month: monthOf(`${year}-${mm}`), usage, lastYearUsage, similarAverage };
  });
  const shown = households >= SIMILAR_MIN_HOUSEHOLDS;

  const rule = (() => {
    try {
      return tariffDefinition(account.contract?.tariff).rules[utility];
    } catch {
      return undefined;
    }
  })();
  return {
    accountNo,
    utility,
    unit: usageUnit(utility),
    year,
    months,
    totals: {
      thisYear: round2(thisYear),
      lastYearSamePeriod: round2(lastYearSamePeriod),
      changePercent: changePercent(thisYear, lastYearSamePeriod),
    },
    similar: {
      shown,
      minHouseholds: SIMILAR_MIN_HOUSEHOLDS,
      households: shown ? households : null,
      community: account.address?.community ?? '',
      averageThisYear: shown && similarMonths > 0 ? round2(similarSum) : null,
    },
    tierPosition: rule ? tierPosition(rule, utility, year, usedThisYear) : null,
  };
}
