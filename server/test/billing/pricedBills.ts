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
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { priceUsage } from '../../src/modules/billing/pricing';
import { addMonths, atShanghai, DAY_MS } from '../../src/platform/time';
import type { TestResident } from '../factories';
import type { TestServer } from '../harness';

type BillAccount = Pick<Account, 'accountNo' | 'areaCode' | 'utility' | 'contract'>;

/** Priced by the same function as the bill of an accepted reading, one period after the other. */
export async function pricedBills(
  account: BillAccount,
  usages: Record<string, number>,
  over: { status?: string; paidVia?: Record<string, string>; paidOutTradeNo?: string } = {},
): Promise<BillDoc[]> {
  const bills: BillDoc[] = [];
  for (const period of Object.keys(usages).sort()) {
    const { items, amountFen } = await priceUsage(account, period, usages[period]);
    const issuedAt = atShanghai(`${addMonths(period, 1)}-01`, '09:00');
    const status = over.status ?? 'unpaid';
    const bill = await BillModel.create({
      accountNo: account.accountNo,
      areaCode: account.areaCode,
      utility: account.utility,
      period,
      billType: 'usage',
      items,
      amountDue: amountFen,
      usage: usages[period],
      dueDate: new Date(issuedAt.getTime() + 15 * DAY_MS),
      status,
      issuedAt,
      ...(status === 'paid' ? { paidAt: new Date(issuedAt.getTime() + 3 * DAY_MS) } : {}),
      ...(over.paidVia ? { paidVia: over.paidVia } : {}),
      ...(over.paidOutTradeNo ? { paidOutTradeNo: over.paidOutTradeNo } : {}),
    });
    bills.push(bill.toObject() as BillDoc);
  }
  return bills;
}

/** A usage bill the resident paid with WeChat Pay in the mini-program (mp) or the H5 (h5): the bill and its payment. */
export async function paidWithWechat(
  account: BillAccount,
  resident: TestResident,
  period: string,
  usage: number,
  pay: { channel: 'mp' | 'h5'; outTradeNo: string; transactionId: string; paidAt?: Date },
): Promise<BillDoc> {
  const [bill] = await pricedBills(
    account,
    { [period]: usage },
    { status: 'paid', paidOutTradeNo: pay.outTradeNo },
  );
  await PaymentModel.create({
    outTradeNo: pay.outTradeNo,
    accountNo: account.accountNo,
    billIds: [bill._id],
    amountFen: bill.amountDue,
    status: 'paid',
    channel: pay.channel,
    userId: resident.userId,
    openid: resident.openid,
    appid: pay.channel === 'mp' ? 'wx-mp' : 'wx-oa',
    mchid: '1900000001',
    transactionId: pay.transactionId,
    paidAt: pay.paidAt ?? bill.paidAt,
  });
  return bill;
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
