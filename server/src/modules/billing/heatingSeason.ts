/**
 * The heating season bill of an area-priced household (集中供热按面积): 供暖面积 × the price per m², once
 * per season, issued for the season's first month. A household that suspended the season (报停, approved
 * in accountChanges) pays the 供热基本费 instead: HEATING_BASE_FEE_PERCENT of the full fee. One bill per
 * account and season (the usage bill's unique key), so issuing it again changes nothing.
 */
import type * as T from '@portal/types';
import type { StaffAuth } from '../../platform/auth/auth';
import { assertInArea } from '../../platform/auth/areaScope';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { addDays, dayEnd, dayOf, monthOf } from '../../platform/time';
import { findAccount, suspendedSeason, type Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { priceWith, tariffRule } from './tariff';

/** The season's bill period: the month heating starts ('2026-11' for '2026-2027'). */
export const seasonPeriod = (deps: AppDeps, season: string): string =>
  `${season.slice(0, 4)}-${deps.config.HEATING_SEASON_START.slice(0, 2)}`;

/** The full season's items of an area-priced heating household (422 for any other household). */
function fullSeason(account: Account, season: string): T.BillItem[] {
  if (account.utility !== 'heating') throw errors.notAreaHeating();
  const { rule } = tariffRule(account.contract?.tariff, account.utility as T.Utility);
  if (rule.kind !== 'area') throw errors.notAreaHeating();
  return priceWith(rule, {
    utility: 'heating',
    usage: 0,
    yearToDateUsage: 0,
    heatingAreaM2: account.contract?.heatingAreaM2,
    season,
  });
}

const BASE_FEE = '供热基本费';

export async function issueHeatingSeasonBill(
  deps: AppDeps,
  accountNo: string,
  season: string,
): Promise<BillDoc> {
  const account = await findAccount(accountNo);
  if (!account || account.status === 'closed') throw errors.accountNotFound();
  const full = fullSeason(account, season);
  const fullFen = full.reduce((n, i) => n + i.amountFen, 0);
  const percent = deps.config.HEATING_BASE_FEE_PERCENT;
  const items = suspendedSeason(account, season)
    ? [
        {
          kind: 'usage' as const,
          name: `${BASE_FEE}(${season}供暖季报停,按全额 ${percent}% 收取)`,
          quantity: full[0]?.quantity,
          unit: 'm²',
          unitPriceFen: Math.round(((full[0]?.unitPriceFen ?? 0) * percent) / 100),
          amountFen: Math.round((fullFen * percent) / 100),
        },
      ]
    : full;
  const period = seasonPeriod(deps, season);
  const now = deps.clock.now();
  await BillModel.updateOne(
    { accountNo, period, utility: 'heating', billType: 'usage' },
    {
      $setOnInsert: {
        accountNo,
        areaCode: account.areaCode,
        utility: 'heating',
        period,
        billType: 'usage',
        items,
        amountDue: items.reduce((n, i) => n + i.amountFen, 0),
        dueDate: dayEnd(addDays(dayOf(now), deps.config.BILL_DUE_DAYS)),
        status: 'unpaid',
        issuedAt: now,
      },
    },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  return (await BillModel.findOne({
    accountNo,
    period,
    utility: 'heating',
    billType: 'usage',
  }).lean<BillDoc>())!;
}

/** A supervisor issues the season's bill of a household in their areas (the utility's desk or system). */
export async function issueSeasonBillFor(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  season: string,
): Promise<T.HeatingSeasonBill> {
  const account = await findAccount(accountNo);
  if (!account) throw errors.accountNotFound();
  assertInArea(auth, 'collection', account.areaCode, errors.accountNotFound);
  const bill = await issueHeatingSeasonBill(deps, accountNo, season);
  return {
    billId: String(bill._id),
    period: bill.period,
    amountDue: bill.amountDue,
    items: bill.items.map((i) => ({
      kind: i.kind as T.BillItem['kind'],
      name: i.name,
      ...(i.quantity != null ? { quantity: i.quantity } : {}),
      ...(i.unit ? { unit: i.unit } : {}),
      ...(i.unitPriceFen != null ? { unitPriceFen: i.unitPriceFen } : {}),
      amountFen: i.amountFen,
    })),
    baseFeeOnly: bill.items.some((i) => i.name.startsWith(BASE_FEE)),
  };
}

/**
 * 复供 in the middle of a suspended heating season: the season was billed the base fee only, so the rest
 * of the full fee is billed now, once per 复供 order (`heatingTopUp:<orderNo>`). Nothing when the season's
 * bill is not out yet (it will be the full fee) or was the full fee.
 */
export async function billResumedSeason(
  deps: AppDeps,
  input: { accountNo: string; season: string; orderNo: string; at: Date },
): Promise<BillDoc | null> {
  const account = await findAccount(input.accountNo);
  if (!account) return null;
  const seasonBill = await BillModel.findOne({
    accountNo: input.accountNo,
    period: seasonPeriod(deps, input.season),
    utility: 'heating',
    billType: 'usage',
    status: { $ne: 'cancelled' },
  }).lean<BillDoc>();
  if (!seasonBill?.items.some((i) => i.name.startsWith(BASE_FEE))) return null;
  const rest = fullSeason(account, input.season).reduce((n, i) => n + i.amountFen, 0) - seasonBill.amountDue;
  if (rest <= 0) return null;
  const sourceKey = `heatingTopUp:${input.orderNo}`;
  await BillModel.create({
    accountNo: input.accountNo,
    areaCode: account.areaCode,
    utility: 'heating',
    period: monthOf(input.at),
    billType: 'service',
    items: [
      {
        kind: 'usage',
        name: `采暖费补差(${input.season}供暖季复供,全额减已收${BASE_FEE})`,
        amountFen: rest,
      },
    ],
    amountDue: rest,
    dueDate: dayEnd(addDays(dayOf(input.at), deps.config.BILL_DUE_DAYS)),
    status: 'unpaid',
    issuedAt: input.at,
    sourceKey,
  }).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
  return BillModel.findOne({ sourceKey }).lean<BillDoc>();
}
