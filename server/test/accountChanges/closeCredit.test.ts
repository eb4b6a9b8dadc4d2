/**
 * 销户 gives the household's credit back: money it paid that settled no bill (a double payment) is
 * refunded to the payer through the ordinary refund path, keyed by the 销户 order, and named on the
 * order's timeline. With the WeChat call failing once and the approval crashing after the refund, the
 * sweep, a replay and the outbox together refund it exactly once.
 */
import { randomUUID } from 'node:crypto';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { AccountChangeModel } from '../../src/modules/accountChanges/accountChange.model';
import {
  accountChangeSweepJob,
  applyEffects,
  injectEffectFault,
} from '../../src/modules/accountChanges/effects';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { makeStaff, uploadPhoto } from '../factories';
import {
  drainBillingJobs,
  household,
  pay,
  payTwiceAfterLocalClose,
  startPayTest,
  type PayTest,
} from '../billing/payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({ verification: 'publicKey' });
});
afterAll(() => p.close());

const settle = () => p.sandbox.client.settleNotifications();

const upload = (token: string) => uploadPhoto(p.t, token, '#a63');

/** A household whose 20 元 bill was paid twice: the later money settled nothing. */
async function doublePaid() {
  const h = await household(p, [2_000]);
  const { first, second } = await payTwiceAfterLocalClose(p, h);
  expect((await PaymentModel.findOne({ outTradeNo: first }).lean())!.anomaly).toBe('double_payment');
  return { h, first, second };
}

describe('销户 refunds the credit', () => {
  it('refunds a double payment exactly once through a failed WeChat call and a crash after the refund', async () => {
    const { h, first, second } = await doublePaid();
    const supervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const applied = await p.t.api('POST', '/api/account-changes', {
      token: h.resident.token,
      body: {
        kind: 'close',
        accountNo: h.account.accountNo,
        idPhotos: [await upload(h.resident.token)],
        propertyProofs: [await upload(h.resident.token)],
        finalReading: 1200,
        reason: '房屋出售',
      },
    });
    expect(applied.status).toBe(201);
    const { orderNo } = applied.body;

    // WeChat refuses the first refund call with a 500; the approval then crashes before the step's stamp.
    await p.sandbox.client.injectFault({ kind: 'serverError', api: 'pay.refund', times: 1 });
    injectEffectFault({ after: 'creditRefund', beforeStamp: true });
    const crashed = await p.t.api('POST', `/api/staff/account-changes/${orderNo}/approve`, {
      token: supervisor.token,
      body: { arrears: 'settled' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(crashed.status).toBe(500);
    const key = `accountClose:${orderNo}`;
    const reserved = (await PaymentModel.findOne({ outTradeNo: first }).lean())!;
    expect(reserved.refunds.filter((r) => r.idempotencyKey === key)).toEqual([
      expect.objectContaining({ amountFen: 2_000, status: 'processing' }),
    ]);

    // The sweep (twice), a direct replay and the outbox's retry.
    await accountChangeSweepJob(p.t.deps)();
    await applyEffects(p.t.deps, orderNo);
    await accountChangeSweepJob(p.t.deps)();
    await drainBillingJobs(p);
    await settle();

    const refunded = (await PaymentModel.findOne({ outTradeNo: first }).lean())!;
    expect(refunded.refunds).toHaveLength(1);
    expect(refunded.refunds[0]).toMatchObject({ amountFen: 2_000, status: 'success', idempotencyKey: key });
    expect(refunded).toMatchObject({ refundedFen: 2_000, status: 'refunded' });
    expect(await OutboxModel.countDocuments({ dedupeKey: `refund:${refunded.refunds[0].outRefundNo}` })).toBe(
      1,
    );
    // The payment that settled the bill is left alone, and the bill stays paid by it.
    expect((await PaymentModel.findOne({ outTradeNo: second }).lean())!.refunds).toHaveLength(0);
    expect((await BillModel.findById(h.bills[0]._id).lean())!).toMatchObject({
      status: 'paid',
      paidOutTradeNo: second,
    });

    const change = (await AccountChangeModel.findOne({ orderNo }).lean())!;
    expect(change.appliedAt).toBeTruthy();
    expect(change.creditRefunds).toEqual([expect.objectContaining({ outTradeNo: first, amountFen: 2_000 })]);
    expect((await AccountModel.findOne({ accountNo: h.account.accountNo }).lean())!.status).toBe('closed');
    // The resident reads the refund on the order's timeline (the applicant follows it after the closure).
    const order = await p.t.api('GET', `/api/work-orders/${orderNo}`, { token: h.resident.token });
    expect(order.body.state).toBe('resolved');
    expect(order.body.timeline.map((e: { text: string }) => e.text)).toContain(
      '销户已办结;余额 20.00 元已原路退回',
    );
    const queue = await p.t.api('GET', '/api/staff/account-changes?pending=false', {
      token: supervisor.token,
    });
    expect(queue.body.items.find((i: { orderNo: string }) => i.orderNo === orderNo)).toMatchObject({
      creditRefundedFen: 2_000,
    });
  });

  it('a household without credit is closed with no refund', async () => {
    const h = await household(p, [1_500]);
    await pay(p, h).then((r) => p.sandbox.client.payOrder(r.body.payment.outTradeNo));
    await settle();
    const supervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const { orderNo } = (
      await p.t.api('POST', '/api/account-changes', {
        token: h.resident.token,
        body: {
          kind: 'close',
          accountNo: h.account.accountNo,
          idPhotos: [await upload(h.resident.token)],
          propertyProofs: [await upload(h.resident.token)],
          finalReading: 1200,
          reason: '拆迁',
        },
      })
    ).body;
    const ok = await p.t.api('POST', `/api/staff/account-changes/${orderNo}/approve`, {
      token: supervisor.token,
      body: { arrears: 'settled' },
    });
    expect(ok.status).toBe(200);
    expect(
      await PaymentModel.countDocuments({ accountNo: h.account.accountNo, 'refunds.0': { $exists: true } }),
    ).toBe(0);
    const change = (await AccountChangeModel.findOne({ orderNo }).lean())!;
    expect(change.creditRefunds).toEqual([]);
    expect(change.effects!.creditRefundedAt).toBeTruthy();
  });
});
