/** Refunds (staff, audited): partial and full, never more than was paid; a full refund reopens the bills. */
import { randomUUID } from 'node:crypto';
import { AuditLogModel } from '../../src/platform/audit';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { makeStaff } from '../factories';
import { drainBillingJobs, paidPayment, startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({ verification: 'publicKey' });
});
afterAll(() => p.close());

/** One refund attempt (its own Idempotency-Key, as the console makes when the refund form opens). */
const refund = (token: string, outTradeNo: string, body: object) =>
  p.t.api('POST', `/api/staff/payments/${outTradeNo}/refunds`, {
    token,
    body,
    headers: { 'idempotency-key': `refund-${randomUUID()}` },
  });

async function reconcile() {
  const admin = await makeStaff(p.t.deps, ['admin']);
  const r = await p.t.api('POST', '/api/staff/payments/reconcile', {
    token: admin.token,
    body: { minAgeMinutes: 0 },
  });
  expect(r.status).toBe(200);
}

describe('refunds', () => {
  it('refunds part, then the rest; the bills return to unpaid only when fully refunded', async () => {
    const { h, outTradeNo } = await paidPayment(p, [6_000, 4_000]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const part = await refund(sup.token, outTradeNo, { amountFen: 2_500, reason: '多收燃气费' });
    expect(part.status).toBe(201);
    await p.sandbox.client.settleNotifications();
    let pay1 = await p.t.api('GET', `/api/staff/payments/${outTradeNo}`, { token: sup.token });
    expect(pay1.body).toMatchObject({ status: 'partially_refunded', refundedFen: 2_500 });
    expect(pay1.body.refunds).toEqual([expect.objectContaining({ amountFen: 2_500, status: 'success' })]);
    expect(
      (await BillModel.find({ _id: { $in: h.bills.map((b) => b._id) } }).lean()).every(
        (b) => b.status === 'paid',
      ),
    ).toBe(true);

    const tooMuch = await refund(sup.token, outTradeNo, { amountFen: 7_501, reason: '超额' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_PAID');

    const rest = await refund(sup.token, outTradeNo, { reason: '用户销户' });
    expect(rest.status).toBe(201);
    await p.sandbox.client.settleNotifications();
    pay1 = await p.t.api('GET', `/api/staff/payments/${outTradeNo}`, { token: sup.token });
    expect(pay1.body).toMatchObject({ status: 'refunded', refundedFen: 10_000 });
    const bills = await BillModel.find({ _id: { $in: h.bills.map((b) => b._id) } }).lean();
    expect(bills.map((b) => [b.status, b.paidOutTradeNo])).toEqual([
      ['unpaid', undefined],
      ['unpaid', undefined],
    ]);
    expect(await AuditLogModel.countDocuments({ action: 'payment.refund', 'target.id': outTradeNo })).toBe(2);
    // The resident sees the same truth.
    expect(
      (await p.t.api('GET', `/api/payments/${outTradeNo}`, { token: h.resident.token })).body.status,
    ).toBe('refunded');
  });

  it('never refunds more than was paid, however many refunds race', async () => {
    const { outTradeNo } = await paidPayment(p, [5_000]);
    const sup = await makeStaff(p.t.deps, ['admin']);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        refund(sup.token, outTradeNo, { amountFen: 2_000, reason: '并发测试' }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(4);
    await p.sandbox.client.settleNotifications();
    const doc = await PaymentModel.findOne({ outTradeNo }).lean();
    expect(doc).toMatchObject({ refundedFen: 4_000, refundableFen: 1_000, status: 'partially_refunded' });
  });

  it('counts a refund once when WeChat both answers SUCCESS and notifies, and the outbox retries', async () => {
    const { outTradeNo } = await paidPayment(p, [3_000]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    await p.sandbox.client.injectFault({ kind: 'duplicate' });
    await refund(sup.token, outTradeNo, { amountFen: 1_000, reason: '重复通知' });
    await p.sandbox.client.settleNotifications();
    const admin = await makeStaff(p.t.deps, ['admin']);
    await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
      refundedFen: 1_000,
      status: 'partially_refunded',
    });
  });

  it('keeps a refund WeChat could not take in processing and sends it later from the outbox', async () => {
    const { outTradeNo } = await paidPayment(p, [2_000]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    await p.sandbox.client.injectFault({ kind: 'serverError', api: 'pay.refund', status: 500 });
    const r = await refund(sup.token, outTradeNo, { reason: '服务故障' });
    expect(r.status).toBe(201);
    expect(r.body.refunds[0].status).toBe('processing');
    const { createWorker } = await import('../../src/platform/outbox/worker');
    const { billingJobs } = await import('../../src/modules/billing/jobs');
    const worker = createWorker({ handlers: billingJobs(p.t.deps), backoffBaseMs: 1 });
    await worker.drain();
    await p.sandbox.client.settleNotifications();
    expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
      status: 'refunded',
      refundedFen: 2_000,
    });
  });

  it('waits while the merchant balance is short (NOT_ENOUGH) and refunds once money has come in', async () => {
    const { outTradeNo } = await paidPayment(p, [1_500]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    await p.sandbox.client.setMerchantBalance(100);
    try {
      const r = await refund(sup.token, outTradeNo, { reason: '余额不足时退款' });
      expect(r.body.refunds[0].status).toBe('processing');
      await p.sandbox.client.setMerchantBalance(null);
      await drainBillingJobs(p);
      await p.sandbox.client.settleNotifications();
      expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
        status: 'refunded',
        refundedFen: 1_500,
      });
    } finally {
      await p.sandbox.client.setMerchantBalance(null);
    }
  });

  it('records a refund WeChat refuses as more than the order can refund (INVALID_REQUEST) as failed and frees the amount', async () => {
    const { outTradeNo } = await paidPayment(p, [2_000]);
    // Someone refunded part of it in the merchant platform, outside the portal.
    await p.t.deps.wechat.pay().refund({
      outTradeNo,
      outRefundNo: `${outTradeNo.slice(0, 28)}MP01`,
      refundFen: 1_500,
      totalFen: 2_000,
    });
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const r = await refund(sup.token, outTradeNo, { reason: '全额退款' });
    expect(r.body.refunds[0].status).toBe('failed');
    expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
      status: 'paid',
      refundableFen: 2_000,
      refundedFen: 0,
    });
  });

  it('gives the amount back when WeChat ends a refund CLOSED, after it stayed PROCESSING for a while', async () => {
    const { outTradeNo } = await paidPayment(p, [2_400]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    await p.sandbox.client.setRefundPlan({ hold: true });
    try {
      const r = await refund(sup.token, outTradeNo, { amountFen: 2_400, reason: '退款关闭' });
      const outRefundNo = r.body.refunds[0].outRefundNo;
      await reconcile();
      expect((await PaymentModel.findOne({ outTradeNo }).lean())!.refunds[0].status).toBe('processing');
      await p.sandbox.client.settleRefund(outRefundNo, 'CLOSED');
      await p.sandbox.client.settleNotifications();
      expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
        status: 'paid',
        refundableFen: 2_400,
        refunds: [expect.objectContaining({ status: 'failed' })],
      });
    } finally {
      await p.sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 0 });
    }
  });

  it('keeps an ABNORMAL refund reserved and flagged until WeChat reports it finished in the merchant platform', async () => {
    const { outTradeNo } = await paidPayment(p, [3_300]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    await p.sandbox.client.setRefundPlan({ hold: true });
    try {
      const r = await refund(sup.token, outTradeNo, { reason: '退款异常' });
      const outRefundNo = r.body.refunds[0].outRefundNo;
      await p.sandbox.client.settleRefund(outRefundNo, 'ABNORMAL');
      await p.sandbox.client.settleNotifications();
      const abnormal = await PaymentModel.findOne({ outTradeNo }).lean();
      expect(abnormal).toMatchObject({
        status: 'paid',
        refundableFen: 0,
        refundedFen: 0,
        refunds: [expect.objectContaining({ status: 'abnormal' })],
      });
      expect(abnormal!.timeline.map((e) => e.event)).toContain('refundAbnormal');
      // No second refund while it is open.
      expect((await refund(sup.token, outTradeNo, { reason: '再退一次' })).status).toBe(409);
      // Staff finished it in the merchant platform: WeChat now answers SUCCESS, and reconciliation applies it.
      p.sandbox.state.refunds.get(outRefundNo)!.status = 'SUCCESS';
      await reconcile();
      expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
        status: 'refunded',
        refundedFen: 3_300,
      });
    } finally {
      await p.sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 0 });
    }
  });

  it('is for supervisors and admins only, and names bad fields', async () => {
    const { h, outTradeNo } = await paidPayment(p, [1_000]);
    const agent = await makeStaff(p.t.deps, ['agent']);
    expect((await refund(agent.token, outTradeNo, { reason: 'x' })).status).toBe(403);
    expect((await refund(h.resident.token, outTradeNo, { reason: 'x' })).status).toBe(403);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const bad = await refund(sup.token, outTradeNo, { amountFen: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.amountFen',
      'body.reason',
    ]);
    expect((await refund(sup.token, 'P20260000000000NOPE000000', { reason: 'x' })).status).toBe(404);
  });
});
