/**
 * The payments desk's back office against the WeChat Pay sandbox and a billing system of record double:
 * the daily trade bill downloaded over signed requests, SHA1-checked and reconciled line by line; the
 * day's receipts exported as 金蝶 / 用友 vouchers; and the 销账 webhook, signed, sent by the outbox and
 * never doubled across a retry.
 */
import ExcelJS from 'exceljs';
import { addDays, atShanghai, dayOf } from '@portal/types/src/time';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { billingJobs, TRADE_BILL_JOB } from '../../src/modules/billing/jobs';
import { WRITE_OFF_JOB } from '../../src/modules/billing/writeOff';
import { parseTradeBill } from '../../src/modules/billing/tradeBill/tradeBillFile';
import { compareTradeBill } from '../../src/modules/billing/tradeBill/tradeBill.service';
import { AuditLogModel } from '../../src/platform/audit';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { featureJobs } from '../../src/platform/runtime';
import { signHmac } from '../../src/platform/hmacSignature';
import { startWriteOffSandbox, type WriteOffSandbox } from '../../sandbox/writeOff';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { testClock } from '../harness';
import { makeBill } from './billFactories';
import { household, pay, startPayTest, type PayTest } from './payHarness';

const SECRET = 'writeoff-shared-secret-0123456789';
const TIMEOUT_MS = 300;

let p: PayTest;
let ledger: WriteOffSandbox;
let admin: { token: string };
beforeAll(async () => {
  ledger = await startWriteOffSandbox({ secret: SECRET });
  p = await startPayTest({
    verification: 'publicKey',
    env: {
      WRITEOFF_WEBHOOK_URL: `${ledger.url}/write-offs`,
      WRITEOFF_WEBHOOK_SECRET: SECRET,
      WRITEOFF_TIMEOUT_MS: String(TIMEOUT_MS),
    },
  });
  admin = await makeStaff(p.t.deps, ['admin']);
});
afterAll(async () => {
  await p.close();
  await ledger.stop();
});

/** Days well past (WeChat makes a day's bill at 10:00 the next day), one per test so bills do not mix. */
const today = dayOf(new Date());
const daysAgo = (n: number) => addDays(today, -n);

/** A household's bill paid at WeChat at 10:00 on `day` (notified the production way unless dropped). */
async function paidOn(day: string, amountFen: number, o: { drop?: boolean; area?: string } = {}) {
  const account = await makeAccount(o.area ? { areaCode: o.area } : {});
  const resident = await makeResident(p.t.deps, { bind: [account.accountNo] });
  const bill = await makeBill(account, { period: '2026-09', amountDue: amountFen });
  const made = await p.t.api('POST', '/api/payments', {
    token: resident.token,
    body: { accountNo: account.accountNo, billIds: [String(bill._id)] },
  });
  expect(made.status).toBe(200);
  const { outTradeNo } = made.body.payment;
  if (o.drop) await p.sandbox.client.injectFault({ kind: 'drop' });
  await p.sandbox.client.payOrder(outTradeNo, { paidAt: atShanghai(day, '10:00') });
  await p.sandbox.client.settleNotifications();
  return { outTradeNo: outTradeNo as string, accountNo: account.accountNo };
}

const reconcile = (day: string, token = admin.token) =>
  p.t.api('POST', `/api/staff/trade-bills/${day}/reconcile`, { token });

/** Runs the 销账 outbox entries until none is pending, retries (after a 1 ms backoff) included. */
async function sendWriteOffs(): Promise<void> {
  const worker = createWorker({
    handlers: featureJobs(p.t.deps),
    kinds: [WRITE_OFF_JOB],
    backoffBaseMs: 1,
    backoffMaxMs: 1,
  });
  for (let round = 0; round < 20; round++) {
    await worker.drain();
    if (!(await OutboxModel.exists({ kind: WRITE_OFF_JOB, status: { $in: ['pending', 'running'] } }))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('write-offs still pending after 20 rounds');
}

describe('trade bill reconciliation', () => {
  it('reconciles a day line by line, and records at once a payment WeChat took whose notification was lost', async () => {
    const day = daysAgo(2);
    const fine = await paidOn(day, 4_560);
    const lost = await paidOn(day, 7_800, { drop: true });
    expect((await PaymentModel.findOne({ outTradeNo: lost.outTradeNo }).lean())!.status).toBe('pending');
    // WeChat took money for an order the portal has no record of (deleted here to stand for one).
    const orphan = await paidOn(day, 1_000);
    await PaymentModel.deleteOne({ outTradeNo: orphan.outTradeNo });

    const r = await reconcile(day);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      billDate: day,
      status: 'done',
      paymentLines: 3,
      refundLines: 0,
      matched: 1,
      summary: { count: 3, settlementFen: 4_560 + 7_800 + 1_000, refundFen: 0 },
    });
    expect(r.body.hashValue).toMatch(/^[0-9a-f]{40}$/);
    expect(r.body.discrepancies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'status_mismatch',
          outTradeNo: lost.outTradeNo,
          accountNo: lost.accountNo,
          wechatStatus: 'SUCCESS',
          portalStatus: 'pending',
          wechatFen: 7_800,
          resolution: 'settled',
        }),
        expect.objectContaining({
          kind: 'missing_in_portal',
          outTradeNo: orphan.outTradeNo,
          wechatFen: 1_000,
        }),
      ]),
    );
    expect(r.body.discrepancies).toHaveLength(2);
    expect(r.body.discrepancies.some((d: { outTradeNo: string }) => d.outTradeNo === fine.outTradeNo)).toBe(
      false,
    );
    const settled = await PaymentModel.findOne({ outTradeNo: lost.outTradeNo }).lean();
    expect(settled).toMatchObject({ status: 'paid', amountFen: 7_800 });

    // The result is kept for the day and a rerun replaces it: the settled payment now matches.
    const again = await reconcile(day);
    expect(again.body).toMatchObject({ matched: 2, runs: 2 });
    expect(again.body.discrepancies.map((d: { kind: string }) => d.kind)).toEqual(['missing_in_portal']);
    const stored = await p.t.api('GET', `/api/staff/trade-bills/${day}`, { token: admin.token });
    expect(stored.body).toMatchObject({ billDate: day, matched: 2, runs: 2 });
    expect(
      await AuditLogModel.countDocuments({ action: 'payment.tradeBillReconcile', 'target.id': day }),
    ).toBe(2);
  });

  it('lists a payment the portal counts paid that WeChat’s bill does not have, and a money-after-close one', async () => {
    const day = daysAgo(3);
    // The portal closed the order; WeChat took the money all the same (the notification was lost).
    const late = await paidOn(day, 2_300, { drop: true });
    await PaymentModel.updateOne({ outTradeNo: late.outTradeNo }, { $set: { status: 'closed' } });
    // Paid at WeChat on another day, recorded by the portal on this one: this day's bill has no line for it.
    const moved = await paidOn(daysAgo(4), 5_500);
    await PaymentModel.updateOne(
      { outTradeNo: moved.outTradeNo },
      { $set: { paidAt: atShanghai(day, '12:00') } },
    );

    const r = await reconcile(day);
    const kinds = Object.fromEntries(
      r.body.discrepancies.map((d: { outTradeNo: string; kind: string }) => [d.outTradeNo, d]),
    );
    expect(kinds[late.outTradeNo]).toMatchObject({
      kind: 'status_mismatch',
      portalStatus: 'closed',
      resolution: 'settled',
    });
    expect(kinds[moved.outTradeNo]).toMatchObject({ kind: 'missing_at_wechat', portalFen: 5_500 });
    const after = await PaymentModel.findOne({ outTradeNo: late.outTradeNo }).lean();
    expect(after).toMatchObject({ status: 'paid', anomaly: 'paid_after_close' });
    expect(after!.timeline.map((e) => e.note)).toContain('订单关闭后到账');
  });

  it('refuses a downloaded bill whose SHA1 does not match, keeps the failure for the day, and succeeds on a rerun', async () => {
    const day = daysAgo(5);
    await paidOn(day, 1_200);
    await p.sandbox.client.tamperTradeBills(1);
    const r = await reconcile(day);
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: 'TRADE_BILL_HASH_MISMATCH' });
    const failed = await p.t.api('GET', `/api/staff/trade-bills/${day}`, { token: admin.token });
    expect(failed.body).toMatchObject({ status: 'failed', discrepancies: [] });
    expect(failed.body.error).toMatch(/SHA1/);
    const rerun = await reconcile(day);
    expect(rerun.body).toMatchObject({ status: 'done', matched: 1, discrepancies: [] });
  });

  it('the daily job reconciles yesterday once WeChat has made the bill, and only once', async () => {
    const day = daysAgo(6);
    await paidOn(day, 900);
    const jobAt = (hhmm: string) =>
      billingJobs({ ...p.t.deps, clock: testClock(atShanghai(addDays(day, 1), hhmm)) })[TRADE_BILL_JOB]!;
    const ctx = {} as never;
    expect(await jobAt('08:00')({}, ctx)).toBe(`${day}: not before 10:00`);
    expect(await jobAt('11:00')({}, ctx)).toBe(`${day}: 1 matched, 0 discrepancies`);
    expect(await jobAt('12:00')({}, ctx)).toBe(`${day}: already done`);
    const stored = await p.t.api('GET', `/api/staff/trade-bills/${day}`, { token: admin.token });
    expect(stored.body).toMatchObject({ ranBy: 'schedule', runs: 1, matched: 1 });
  });

  it('names the date when it is malformed or the bill is not made yet, and is for supervisors and admins of the area', async () => {
    const bad = await reconcile('2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      expect.objectContaining({ path: 'params.billDate', message: '账单日期应为 YYYY-MM-DD 格式' }),
    ]);
    const notYet = await reconcile(today);
    expect(notYet.status).toBe(422);
    expect(notYet.body.error).toMatchObject({ code: 'TRADE_BILL_NOT_READY' });
    expect(notYet.body.error.message).toContain(today);
    // WeChat keeps daily bills for three months: an older date is the caller's to correct, and nothing is stored.
    const tooOld = await reconcile(daysAgo(91));
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.error.fields).toEqual([
      expect.objectContaining({ path: 'params.billDate', message: expect.stringContaining('近 90 天内') }),
    ]);
    const stored = await p.t.api('GET', `/api/staff/trade-bills/${daysAgo(91)}`, { token: admin.token });
    expect(stored.status).toBe(404);

    const agent = await makeStaff(p.t.deps, ['agent']);
    expect((await reconcile(daysAgo(2), agent.token)).status).toBe(403);
    expect(
      (await p.t.api('GET', `/api/staff/trade-bills/${daysAgo(2)}`, { token: agent.token })).status,
    ).toBe(403);

    // A supervisor of another area sees none of this day's discrepancies (they are CY's or of no area).
    const hd = await makeStaff(p.t.deps, ['supervisor'], { areas: ['HD'] });
    const seen = await p.t.api('GET', `/api/staff/trade-bills/${daysAgo(2)}`, { token: hd.token });
    expect(seen.status).toBe(200);
    expect(seen.body.discrepancies).toEqual([]);
    const cy = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const cySeen = await p.t.api('GET', `/api/staff/trade-bills/${daysAgo(3)}`, { token: cy.token });
    expect(cySeen.body.discrepancies.length).toBeGreaterThan(0);
    expect(
      await p.t.api('GET', `/api/staff/trade-bills/${daysAgo(40)}`, { token: admin.token }),
    ).toMatchObject({
      status: 404,
    });
  });

  it('compares refund lines: one the portal lacks, a different amount, a final status that disagrees', () => {
    const bill = parseTradeBill(
      [
        '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
        '`2026-11-20 10:00:00,`wx1,`1900000001,`0,`,`4200001,`PAY1,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5001,`R1,`10.00,`0.00,`ORIGINAL,`SUCCESS,`燃气费,`,`-0.06000,`0.60%,`0.00,`10.00,`',
        '`2026-11-20 11:00:00,`wx1,`1900000001,`0,`,`4200001,`PAY1,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5002,`R2,`5.00,`0.00,`ORIGINAL,`SUCCESS,`燃气费,`,`-0.03000,`0.60%,`0.00,`5.00,`',
        '`2026-11-20 12:00:00,`wx1,`1900000001,`0,`,`4200001,`PAY1,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5003,`R3,`1.00,`0.00,`ORIGINAL,`PROCESSING,`燃气费,`,`-0.01000,`0.60%,`0.00,`1.00,`',
        '`2026-11-20 13:00:00,`wx1,`1900000001,`0,`,`4200001,`PAY1,`o1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5004,`R4,`2.00,`0.00,`ORIGINAL,`CLOSED,`燃气费,`,`-0.01000,`0.60%,`0.00,`2.00,`',
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
        '`4,`0.00,`18.00,`0.00,`-0.11000,`0.00,`18.00',
      ].join('\r\n'),
    );
    const from = new Date('2026-11-19T16:00:00Z');
    const at = new Date('2026-11-20T03:00:00Z');
    const refund = (outRefundNo: string, amountFen: number, status: string) => ({
      outRefundNo,
      amountFen,
      status,
      createdAt: at,
    });
    const payment = {
      outTradeNo: 'PAY1',
      accountNo: '100001',
      areaCode: 'CY',
      amountFen: 20_000,
      status: 'partially_refunded',
      refunds: [
        refund('R2', 600, 'success'),
        refund('R3', 100, 'success'),
        refund('R4', 200, 'success'),
        refund('R5', 300, 'processing'),
      ],
    };
    const { matched, discrepancies } = compareTradeBill(bill, [payment as never], {
      from,
      to: new Date(from.getTime() + 86_400_000),
    });
    // R3 was PROCESSING when the bill was made: a snapshot, not a disagreement.
    expect(matched).toBe(1);
    expect(discrepancies.map((d) => [d.kind, d.outRefundNo, d.wechatFen, d.portalFen])).toEqual([
      ['refund_missing_in_portal', 'R1', 1_000, undefined],
      ['refund_amount_mismatch', 'R2', 500, 600],
      ['refund_status_mismatch', 'R4', 200, 200],
      ['refund_missing_at_wechat', 'R5', undefined, 300],
    ]);
  });
});

describe('finance receipts export', () => {
  it('exports the day’s receipts and refunds as 金蝶 vouchers (CSV) and 用友 vouchers (Excel) that balance', async () => {
    const day = daysAgo(7);
    const one = await paidOn(day, 12_850);
    const two = await paidOn(day, 3_005);
    const csv = await p.t.api('GET', `/api/staff/finance/receipts?date=${day}&format=csv&layout=kingdee`, {
      token: admin.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '凭证日期,会计年度,会计期间,凭证字,凭证号,分录号,摘要,科目代码,科目名称,币别,借方金额,贷方金额,核算项目-客户,制单人,业务单号,微信支付单号',
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    const mine = rows.filter((r) => [one.outTradeNo, two.outTradeNo].includes(r[14]!));
    expect(mine).toHaveLength(4);
    const first = mine.filter((r) => r[14] === one.outTradeNo);
    expect(first.map((r) => [r[5], r[7], r[10], r[11], r[12]])).toEqual([
      ['1', '1012.03', '128.50', '0.00', ''],
      ['2', '1122', '0.00', '128.50', one.accountNo],
    ]);
    const [year, month] = day.split('-').map(Number);
    expect(first[0]!.slice(0, 4)).toEqual([day, String(year), String(month), '收']);

    const xlsx = await fetch(`${p.t.url}/api/staff/finance/receipts?date=${day}&format=xlsx&layout=yonyou`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '制单日期',
      '凭证类别',
      '凭证编号',
      '摘要',
      '科目编码',
      '科目名称',
      '借方金额',
      '贷方金额',
      '客户编码',
      '制单人',
      '外部单据号',
      '微信支付单号',
    ]);
    let debit = 0;
    let credit = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      debit += Math.round(Number(row.getCell(7).value) * 100);
      credit += Math.round(Number(row.getCell(8).value) * 100);
    });
    expect(debit).toBe(credit);
    expect(debit).toBeGreaterThanOrEqual(12_850 + 3_005);
    expect(await AuditLogModel.countDocuments({ action: 'payment.exportReceipts', 'target.id': day })).toBe(
      2,
    );
  });

  it('names the field in Chinese for a bad date, format or layout, and is not for agents', async () => {
    const r = await p.t.api('GET', '/api/staff/finance/receipts?date=2026-02-30&format=pdf&layout=sap', {
      token: admin.token,
    });
    expect(r.status).toBe(400);
    const byPath = Object.fromEntries(
      r.body.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
    );
    expect(byPath).toEqual({
      'query.date': '收款日期不是有效日期',
      'query.format': '导出格式应为 csv 或 xlsx',
      'query.layout': '凭证格式应为 kingdee(金蝶)或 yonyou(用友)',
    });
    const agent = await makeStaff(p.t.deps, ['agent']);
    expect(
      (
        await p.t.api('GET', `/api/staff/finance/receipts?date=${daysAgo(7)}&format=csv`, {
          token: agent.token,
        })
      ).status,
    ).toBe(403);
  });

  it('leaves out another area’s payments for a supervisor of one area', async () => {
    const day = daysAgo(8);
    const cyPaid = await paidOn(day, 1_500);
    const hdPaid = await paidOn(day, 2_500, { area: 'HD-QH' });
    const hd = await makeStaff(p.t.deps, ['supervisor'], { areas: ['HD'] });
    const r = await p.t.api('GET', `/api/staff/finance/receipts?date=${day}&format=csv`, { token: hd.token });
    const text = String(r.body);
    expect(text).toContain(hdPaid.outTradeNo);
    expect(text).not.toContain(cyPaid.outTradeNo);
  });
});

describe('销账 webhook to the billing system of record', () => {
  it('tells the billing system of each payment, signed, with its bills, once', async () => {
    const h = await household(p, [4_000, 2_000]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.payOrder(outTradeNo);
    await p.sandbox.client.settleNotifications();
    await sendWriteOffs();
    const made = ledger.writeOffs.get(`writeoff:${outTradeNo}`);
    expect(made).toMatchObject({
      event: 'payment.paid',
      outTradeNo,
      accountNo: h.account.accountNo,
      amountFen: 6_000,
    });
    const requests = ledger.requests.filter((q) => q.idempotencyKey === `writeoff:${outTradeNo}`);
    expect(requests).toEqual([
      expect.objectContaining({
        signatureOk: true,
        status: 200,
        json: expect.objectContaining({
          event: 'payment.paid',
          transactionId: expect.stringMatching(/^42/),
          bills: h.bills.map((b) => ({ billId: String(b._id), period: b.period, amountFen: b.amountDue })),
        }),
      }),
    ]);
    const doc = await PaymentModel.findOne({ outTradeNo }).lean();
    expect(doc!.timeline.filter((e) => e.event === 'writtenOff')).toHaveLength(1);
    expect(doc!.timeline.find((e) => e.event === 'writtenOff')!.note).toContain(made!.writeOffNo);

    // Settling the payment again (reconciliation after a crash) adds nothing to send.
    await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    await sendWriteOffs();
    expect(ledger.requests.filter((q) => q.idempotencyKey === `writeoff:${outTradeNo}`)).toHaveLength(1);
  });

  it('is booked once when the answer is lost and the outbox retries (a 503, then a timeout after booking)', async () => {
    const h = await household(p, [3_100]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    ledger.failNext(1);
    // The next answer comes after the portal gave up waiting, but the system of record booked it.
    ledger.stallNext(1, TIMEOUT_MS * 2);
    await p.sandbox.client.payOrder(outTradeNo);
    await p.sandbox.client.settleNotifications();
    await sendWriteOffs();
    const key = `writeoff:${outTradeNo}`;
    expect(ledger.requests.filter((q) => q.idempotencyKey === key).map((q) => q.status)).toEqual([
      503, 200, 200,
    ]);
    expect([...ledger.writeOffs.values()].filter((w) => w.outTradeNo === outTradeNo)).toHaveLength(1);
    const doc = await PaymentModel.findOne({ outTradeNo }).lean();
    expect(doc!.timeline.filter((e) => e.event === 'writtenOff')).toHaveLength(1);
    expect(await OutboxModel.countDocuments({ dedupeKey: key })).toBe(1);
  });

  it('tells the billing system of a confirmed refund under the refund’s own key', async () => {
    const h = await household(p, [5_000]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.payOrder(outTradeNo);
    await p.sandbox.client.settleNotifications();
    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const refunded = await p.t.api('POST', `/api/staff/payments/${outTradeNo}/refunds`, {
      token: sup.token,
      body: { amountFen: 1_200, reason: '多收' },
      headers: { 'idempotency-key': 'refund-writeoff-test-1' },
    });
    expect(refunded.status).toBe(201);
    await p.sandbox.client.settleNotifications();
    const outRefundNo = refunded.body.refunds[0].outRefundNo as string;
    for (let i = 0; i < 50 && (await PaymentModel.findOne({ outTradeNo }).lean())!.refundedFen !== 1_200; i++)
      await new Promise((r) => setTimeout(r, 20));
    await sendWriteOffs();
    expect(ledger.writeOffs.get(`writeoff:${outRefundNo}`)).toMatchObject({
      event: 'payment.refunded',
      outTradeNo,
      outRefundNo,
      amountFen: 1_200,
    });

    // The day's receipts export books it as the reverse voucher (付): 借 应收账款 for the 户号, 贷 WeChat cash.
    const refundDay = dayOf((await PaymentModel.findOne({ outTradeNo }).lean())!.refunds[0]!.succeededAt!);
    const csv = await p.t.api('GET', `/api/staff/finance/receipts?date=${refundDay}&format=csv`, {
      token: admin.token,
    });
    const rows = String(csv.body)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','))
      .filter((r) => r[14] === outRefundNo);
    expect(rows.map((r) => [r[3], r[5], r[7], r[10], r[11], r[12]])).toEqual([
      ['付', '1', '1122', '12.00', '0.00', h.account.accountNo],
      ['付', '2', '1012.03', '0.00', '12.00', ''],
    ]);
  });

  it('a write-off signed with another secret is refused by the billing system and books nothing', async () => {
    const body = JSON.stringify({
      event: 'payment.paid',
      outTradeNo: 'FORGED0001',
      accountNo: '1',
      amountFen: 1,
    });
    const res = await fetch(`${ledger.url}/write-offs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'writeoff:FORGED0001',
        ...signHmac('x-portal', 'another-secret-0123456789abcdef', body),
      },
      body,
    });
    expect(res.status).toBe(401);
    expect(ledger.writeOffs.has('writeoff:FORGED0001')).toBe(false);
  });
});
