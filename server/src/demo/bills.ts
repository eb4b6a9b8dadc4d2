/**
 * Demo bills: 12 months of usage bills per demo account, seasonal usage priced by the account's tariff
 * (居民阶梯, 非居民, heating by area once per season). Older months are paid at a counter or by bank
 * debit (a few households lag), the month before last is overdue for some, and the last month is
 * unpaid — so the app, arrears list and 回收率 have something to show.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import { AccountModel, type Account } from '../modules/accounts/account.model';
import { BindingModel } from '../modules/accounts/binding.model';
import { BillModel } from '../modules/billing/bill.model';
import { tariffDefinition, tariffFor } from '../modules/billing/tariff';
import { addDays, addMonths, atShanghai, DAY_MS, dayEnd, dayOf, monthOf } from '../platform/time';

const SEASON = {
  gas: [1.8, 1.7, 1.3, 1.0, 0.8, 0.6, 0.5, 0.5, 0.6, 0.9, 1.3, 1.7],
  water: [0.9, 0.9, 1, 1, 1.1, 1.2, 1.3, 1.3, 1.1, 1, 0.9, 0.9],
  heating: [2, 1.8, 1.2, 0.3, 0, 0, 0, 0, 0, 0.3, 1.4, 1.9],
};
const BASE = { gas: 28, water: 9, heating: 6 };

/** A stable pseudo-random number in [0, 1) per key, so reseeding gives the same demo. */
const rand = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;

const minDate = (a: Date, b: Date) => (a < b ? a : b);

const BANKS = ['工商银行', '建设银行', '农业银行', '中国银行'];

/** Bills paid before the portal: at a 营业厅 counter (cash or card) or by a bank's direct debit. */
function offlinePayment(a: Account, period: string) {
  const r = rand(`${a.accountNo}:${period}:via`);
  const receipt = `SF${period.replace('-', '')}${a.accountNo.slice(-6)}`;
  if (r < 0.55)
    return {
      channel: 'counter',
      method: r < 0.35 ? 'cash' : 'card',
      place: `${a.address?.district ?? ''}营业厅`,
      reference: receipt,
    };
  return {
    channel: 'bank',
    method: 'bankDebit',
    place: BANKS[Math.floor(r * 100) % BANKS.length],
    reference: receipt,
  };
}

export async function seedBills(
  deps: AppDeps,
  opts: { months?: number; limit?: number } = {},
): Promise<number> {
  const months = opts.months ?? 12;
  const now = deps.clock.now();
  // Seeded after the accounts: the only bindings yet are the demo resident's homes, whose latest bills stay unpaid.
  const DEMO_RESIDENT_ACCOUNTS = new Set((await BindingModel.distinct('accountNo')).map(String));
  const last = addMonths(monthOf(now), -1);
  const accounts = await AccountModel.find({ status: { $ne: 'closed' } })
    .limit(opts.limit ?? 5000)
    .lean<Account[]>();
  let written = 0;
  for (const a of accounts) {
    const utility = a.utility as 'gas' | 'water' | 'heating';
    const tariff = tariffFor(a.contract?.tariff);
    // 集中供热 by area: one bill per heating season, issued for November; no monthly usage bills.
    const byArea = tariffDefinition(a.contract?.tariff).rules[utility]?.kind === 'area';
    const lagger = rand(`${a.accountNo}:lag`) < 0.12;
    let reading = Math.max(0, (a.meters?.[0]?.lastReading ?? 1000) - 400);
    const ytd = new Map<string, number>();
    const docs = [];
    for (let i = months - 1; i >= 0; i--) {
      const period = addMonths(last, -i);
      const month = Number(period.slice(5)) - 1;
      if (byArea && month !== 10) continue;
      const usage = byArea
        ? 0
        : Math.round(
            BASE[utility] * SEASON[utility][month] * (0.7 + 0.6 * rand(`${a.accountNo}:${period}`)) * 10,
          ) / 10;
      const year = period.slice(0, 4);
      const season = `${year}-${Number(year) + 1}`;
      const items = tariff({
        utility,
        usage,
        yearToDateUsage: ytd.get(year) ?? 0,
        heatingAreaM2: a.contract?.heatingAreaM2,
        ...(byArea ? { season } : {}),
      });
      ytd.set(year, (ytd.get(year) ?? 0) + usage);
      if (month === 0 && utility === 'gas')
        items.push({ kind: 'insurance', name: '燃气保险费', amountFen: 1_000 });
      const issuedAt = atShanghai(`${addMonths(period, 1)}-01`, '09:00');
      const dueDate = dayEnd(addDays(dayOf(issuedAt), deps.config.BILL_DUE_DAYS));
      const amountDue = items.reduce((n, x) => n + x.amountFen, 0);
      // The latest bill: most households pay within days of issue (so the cockpit's 回收率 is realistic);
      // the demo resident's own homes and the laggers still owe it, so there is always something to pay.
      const paidEarly =
        i === 0 &&
        !lagger &&
        !DEMO_RESIDENT_ACCOUNTS.has(a.accountNo) &&
        rand(`${a.accountNo}:${period}:early`) < 0.6;
      const unpaidLatest = dueDate < now ? 'overdue' : 'unpaid';
      const status = i === 0 ? (paidEarly ? 'paid' : unpaidLatest) : i <= 2 && lagger ? 'overdue' : 'paid';
      docs.push({
        accountNo: a.accountNo,
        areaCode: a.areaCode,
        utility,
        period,
        billType: 'usage',
        items,
        amountDue,
        ...(byArea
          ? {}
          : { usage, readingFrom: reading, readingTo: Math.round((reading + usage) * 10) / 10 }),
        dueDate,
        status,
        issuedAt,
        ...(status === 'paid'
          ? {
              paidAt: minDate(
                new Date(
                  issuedAt.getTime() + (Math.floor(rand(`${a.accountNo}:${period}:paid`) * 12) + 1) * DAY_MS,
                ),
                now,
              ),
              paidVia: offlinePayment(a, period),
            }
          : {}),
      });
      reading = Math.round((reading + usage) * 10) / 10;
    }
    // Unique (account, period, utility): a re-run skips what exists.
    const r = await BillModel.insertMany(docs, { ordered: false }).catch(
      (e: { insertedDocs?: unknown[]; code?: number; writeErrors?: unknown[] }) => {
        if (e.code === 11000 || e.writeErrors) return e.insertedDocs ?? [];
        throw e;
      },
    );
    written += r.length;
  }
  deps.logger.info({ accounts: accounts.length, bills: written }, 'demo bills seeded');
  return written;
}
