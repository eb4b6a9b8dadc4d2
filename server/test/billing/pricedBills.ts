/**
 * Usage bills priced by the account's own tariff, period by period, as the billing run would issue
 * them (the year's earlier usage moves later periods up the tiers). For tests of bill details, tier
 * positions and usage analysis.
 *
 *   await pricedBills(account, { '2026-01': 60, '2026-02': 55 }, { status: 'paid' });
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Account } from '../../src/modules/accounts/account.model';
import { BillModel, type BillDoc } from '../../src/modules/billing/bill.model';
import { tariffFor } from '../../src/modules/billing/tariff';
import { dayjs, TZ } from '../../src/modules/billing/time';
import type { TestServer } from '../harness';

type BillAccount = Pick<Account, 'accountNo' | 'areaCode' | 'utility' | 'contract'>;

export async function pricedBills(
  account: BillAccount,
  usages: Record<string, number>,
  over: { status?: string; paidVia?: Record<string, string>; paidOutTradeNo?: string } = {},
): Promise<BillDoc[]> {
  const tariff = tariffFor(account.contract?.tariff);
  const utility = account.utility as 'gas' | 'water' | 'heating';
  const periods = Object.keys(usages).sort();
  const before = await BillModel.find(
    { accountNo: account.accountNo, billType: 'usage' },
    { period: 1, usage: 1 },
  ).lean<BillDoc[]>();
  const docs = [];
  for (const period of periods) {
    const year = period.slice(0, 4);
    const ytd = [...before, ...docs]
      .filter((b) => b.period.startsWith(year) && b.period < period)
      .reduce((n, b) => n + (b.usage ?? 0), 0);
    const items = tariff({ utility, usage: usages[period], yearToDateUsage: ytd });
    const issuedAt = dayjs.tz(`${period}-01 09:00`, TZ).add(1, 'month').toDate();
    const status = over.status ?? 'unpaid';
    docs.push({
      accountNo: account.accountNo,
      areaCode: account.areaCode,
      utility,
      period,
      billType: 'usage',
      items,
      amountDue: items.reduce((n, i) => n + i.amountFen, 0),
      usage: usages[period],
      dueDate: dayjs(issuedAt).add(15, 'day').toDate(),
      status,
      issuedAt,
      ...(status === 'paid' ? { paidAt: dayjs(issuedAt).add(3, 'day').toDate() } : {}),
      ...(over.paidVia ? { paidVia: over.paidVia } : {}),
      ...(over.paidOutTradeNo ? { paidOutTradeNo: over.paidOutTradeNo } : {}),
    });
  }
  const inserted = await BillModel.insertMany(docs);
  return inserted.map((d) => d.toObject() as BillDoc);
}

const PHOTO = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'miniprogram',
  'src',
  'assets',
  'tab',
  'home-active.png',
);

/** A meter photo uploaded by the resident, as the app does before submitting a reading. */
export async function uploadMeterPhoto(t: TestServer, token: string): Promise<string> {
  const res = await t.api('POST', '/api/uploads', {
    token,
    rawBody: fs.readFileSync(PHOTO),
    headers: { 'content-type': 'image/png' },
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
