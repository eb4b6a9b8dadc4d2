/**
 * Paying bills through WeChat Pay (sandbox): the real pay client, real signatures, real notifications.
 * The rule under test: no payment is lost or counted twice, whatever WeChat or the network does.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { makeAccount, makeResident, makeStaff } from '../factories';
import {
  household,
  pay,
  payTwiceAfterLocalClose,
  postNotification,
  startPayTest,
  type PayTest,
} from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest();
});
afterAll(() => p.close());
afterEach(() => p.sandbox.client.clearFaults());

const bills = (ids: unknown[]) => BillModel.find({ _id: { $in: ids } }).lean();
const payment = (outTradeNo: string) => PaymentModel.findOne({ outTradeNo }).lean();
const receipts = (outTradeNo: string) => OutboxModel.countDocuments({ dedupeKey: `receipt:${outTradeNo}` });
const settle = () => p.sandbox.client.settleNotifications();

describe('paying bills', () => {
  it('charges the sum of the chosen bills and marks them paid when WeChat confirms', async () => {
    const h = await household(p, [12_850, 9_900]);
    const r = await pay(p, h);
    expect(r.status).toBe(200);
    const { payment: created, requestPayment } = r.body;
    expect(created).toMatchObject({
      amountFen: 22_750,
      status: 'pending',
      channel: 'mp',
      accountNo: h.account.accountNo,
    });
    expect(created.outTradeNo.length).toBeLessThanOrEqual(32);
    // wx.requestPayment parameters, signed with the merchant key over appId\ntimeStamp\nnonceStr\npackage\n.
    expect(requestPayment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const cert = new X509Certificate(p.sandbox.keys.merchant.certPem);
    const message = `${requestPayment.appId}\n${requestPayment.timeStamp}\n${requestPayment.nonceStr}\n${requestPayment.package}\n`;
    expect(
      createVerify('RSA-SHA256').update(message).verify(cert.publicKey, requestPayment.paySign, 'base64'),
    ).toBe(true);
    expect((await p.sandbox.client.getOrder(created.outTradeNo)).amount.total).toBe(22_750);
    expect((await bills(h.bills.map((b) => b._id))).map((b) => b.status)).toEqual(['paying', 'paying']);

    await p.sandbox.client.payOrder(created.outTradeNo);
    await settle();

    const result = await p.t.api('GET', `/api/payments/${created.outTradeNo}`, { token: h.resident.token });
    expect(result.body).toMatchObject({
      status: 'paid',
      amountFen: 22_750,
      transactionId: expect.any(String),
    });
    const after = await bills(h.bills.map((b) => b._id));
    expect(after.map((b) => [b.status, b.paidOutTradeNo])).toEqual([
      ['paid', created.outTradeNo],
      ['paid', created.outTradeNo],
    ]);
    expect(await receipts(created.outTradeNo)).toBe(1);
    const receipt = await OutboxModel.findOne({ dedupeKey: `receipt:${created.outTradeNo}` }).lean();
    expect(receipt).toMatchObject({
      kind: 'message.send',
      payload: { userId: h.resident.userId, event: 'paymentReceipt' },
    });
    const mine = await p.t.api('GET', '/api/payments', { token: h.resident.token });
    expect(mine.body.items.map((x: { outTradeNo: string }) => x.outTradeNo)).toEqual([created.outTradeNo]);
  });

  it('refuses bills that are already paid with 409', async () => {
    const h = await household(p, [5_000]);
    const first = await pay(p, h);
    await p.sandbox.client.payOrder(first.body.payment.outTradeNo);
    await settle();
    const again = await pay(p, h);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('BILL_ALREADY_PAID');
  });

  it('gives a double click the same pending order (one WeChat order, one payment)', async () => {
    const h = await household(p, [3_300, 4_400]);
    const clicks = await Promise.all(Array.from({ length: 6 }, () => pay(p, h)));
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const nos = new Set(clicks.map((c) => c.body.payment.outTradeNo));
    expect(nos.size).toBe(1);
    expect(new Set(clicks.map((c) => c.body.requestPayment.package)).size).toBe(1);
    expect(await PaymentModel.countDocuments({ accountNo: h.account.accountNo })).toBe(1);
    const later = await pay(p, h);
    expect(later.body.payment.outTradeNo).toBe([...nos][0]);
  });

  it('answers 503 when WeChat fails the prepay, and leaves no bill locked', async () => {
    const h = await household(p, [7_700]);
    await p.sandbox.client.injectFault({ kind: 'serverError', api: 'pay.jsapi', status: 500 });
    const r = await pay(p, h);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    const [bill] = await bills([h.bills[0]._id]);
    expect(bill.status).toBe('unpaid');
    expect(bill.payingOutTradeNo).toBeUndefined();
    expect(await PaymentModel.countDocuments({ accountNo: h.account.accountNo, status: 'pending' })).toBe(0);
    // WeChat is back: the resident simply tries again.
    const retry = await pay(p, h);
    expect(retry.status).toBe(200);
    expect(retry.body.payment.status).toBe('pending');
  });

  it('closes the old order when the resident changes the selection', async () => {
    const h = await household(p, [1_000, 2_000]);
    const both = await pay(p, h);
    const one = await pay(p, h, [h.bills[0]._id.toString()]);
    expect(one.status).toBe(200);
    expect(one.body.payment.amountFen).toBe(1_000);
    expect((await payment(both.body.payment.outTradeNo))?.status).toBe('closed');
    expect((await p.sandbox.client.getOrder(both.body.payment.outTradeNo)).trade_state).toBe('CLOSED');
    const [b0, b1] = await bills(h.bills.map((b) => b._id));
    expect([b0.status, b1.status]).toEqual(['paying', 'unpaid']);
  });

  it("answers 404 for another household's account or bill, and 400 naming the field", async () => {
    const h = await household(p, [1_000]);
    const stranger = await makeResident(p.t.deps, { bind: [(await makeAccount()).accountNo] });
    const foreign = await p.t.api('POST', '/api/payments', {
      token: stranger.token,
      body: { accountNo: h.account.accountNo, billIds: [h.bills[0]._id.toString()] },
    });
    expect(foreign.status).toBe(404);
    const own = (await makeAccount()).accountNo;
    const mixed = await makeResident(p.t.deps, { bind: [own] });
    const wrongBill = await p.t.api('POST', '/api/payments', {
      token: mixed.token,
      body: { accountNo: own, billIds: [h.bills[0]._id.toString()] },
    });
    expect(wrongBill.status).toBe(404);
    expect(wrongBill.body.error.code).toBe('BILL_NOT_FOUND');
    const bad = await p.t.api('POST', '/api/payments', {
      token: h.resident.token,
      body: { accountNo: h.account.accountNo, billIds: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.billIds');
    const both = await p.t.api('POST', '/api/payments', {
      token: h.resident.token,
      body: { billIds: [h.bills[0]._id.toString()] },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.fields[0].path).toBe('body.accountNo');
    const trust = await p.t.api('POST', '/api/payments', {
      token: h.resident.token,
      body: { accountNo: h.account.accountNo, billIds: [h.bills[0]._id.toString()], amountFen: 1 },
    });
    expect(trust.body.payment.amountFen).toBe(1_000);
    expect(
      (await p.t.api('GET', `/api/payments/${trust.body.payment.outTradeNo}`, { token: stranger.token }))
        .status,
    ).toBe(404);
    expect((await p.t.api('GET', '/api/payments/x', { token: stranger.token })).status).toBe(400);
  });
});

describe('WeChat Pay notifications', () => {
  it('pays each bill once when WeChat repeats the notification 10 times at once', async () => {
    const h = await household(p, [4_200, 800]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [original] = await p.sandbox.client.listNotifications(outTradeNo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNotification(p, original.body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    const paid = await payment(outTradeNo);
    expect(paid?.timeline.filter((e) => e.event === 'paid')).toHaveLength(1);
    expect(await PaymentModel.countDocuments({ accountNo: h.account.accountNo })).toBe(1);
    expect(
      (await bills(h.bills.map((b) => b._id))).every(
        (b) => b.status === 'paid' && b.paidOutTradeNo === outTradeNo,
      ),
    ).toBe(true);
    expect(await receipts(outTradeNo)).toBe(1);
  });

  it('applies concurrent duplicates that arrive before anything was settled exactly once', async () => {
    const h = await household(p, [6_100]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    expect((await payment(outTradeNo))?.status).toBe('pending');
    const [dropped] = await p.sandbox.client.listNotifications(outTradeNo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postNotification(p, dropped.body)));
    expect(answers.every((a) => a.status === 204)).toBe(true);
    const paid = await payment(outTradeNo);
    expect(paid?.status).toBe('paid');
    expect(paid?.timeline.filter((e) => e.event === 'paid')).toHaveLength(1);
    expect(await receipts(outTradeNo)).toBe(1);
  });

  it("handles the sandbox's duplicate delivery fault", async () => {
    const h = await household(p, [1_500]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'duplicate' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    expect(n.faults).toContain('duplicate');
    expect(n.attempts.length).toBeGreaterThanOrEqual(2);
    expect((await payment(outTradeNo))?.timeline.filter((e) => e.event === 'paid')).toHaveLength(1);
  });

  it('settles notifications that arrive out of order', async () => {
    const a = await household(p, [1_100]);
    const b = await household(p, [2_200]);
    const pa = (await pay(p, a)).body.payment.outTradeNo;
    const pb = (await pay(p, b)).body.payment.outTradeNo;
    await p.sandbox.client.injectFault({ kind: 'outOfOrder', times: 1 });
    await p.sandbox.client.payOrder(pa); // held
    await p.sandbox.client.payOrder(pb); // sent first, then the held one
    await settle();
    const [na] = await p.sandbox.client.listNotifications(pa);
    expect(na.faults).toContain('outOfOrder');
    expect((await payment(pa))?.status).toBe('paid');
    expect((await payment(pb))?.status).toBe('paid');
  });

  it('rejects a forged signature and changes nothing', async () => {
    const h = await household(p, [3_000]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'badSignature' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    expect(n.faults).toContain('badSignature');
    expect(n.attempts[0].status).toBe(401);
    expect((await payment(outTradeNo))?.status).toBe('pending');
    expect((await bills([h.bills[0]._id]))[0].status).toBe('paying');
    expect(await receipts(outTradeNo)).toBe(0);
  });

  it('answers WeChat with FAIL for a signature over different bytes', async () => {
    const h = await household(p, [3_100]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    const keys = p.sandbox.keys;
    const { signedHeaders } = await import('../../sandbox/payCrypto');
    const headers = signedHeaders(
      { serial: keys.platform.serial, privateKeyPem: keys.platform.privateKeyPem },
      n.body,
      Math.floor(Date.now() / 1000),
    );
    const tampered = n.body.replace(
      /"ciphertext":"(.)/,
      (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`,
    );
    const r = await p.t.api('POST', '/api/wechatpay/notify', {
      rawBody: tampered,
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 'FAIL', message: expect.any(String) });
    expect((await payment(outTradeNo))?.status).toBe('pending');
  });

  it('ignores a notification whose amount was tampered with; reconciliation settles the true amount', async () => {
    const h = await household(p, [5_500]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'tamperAmount' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    expect(n.faults).toContain('tamperAmount');
    expect(n.attempts[0].status).toBe(400);
    expect((await payment(outTradeNo))?.status).toBe('pending');
    const admin = await makeStaff(p.t.deps, ['supervisor']);
    const rec = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect(rec.status).toBe(200);
    expect(rec.body.settled).toBeGreaterThanOrEqual(1);
    expect(await payment(outTradeNo)).toMatchObject({ status: 'paid', amountFen: 5_500 });
  });

  it('rejects a replayed notification with an old timestamp, accepting the same bytes only when fresh', async () => {
    const h = await household(p, [2_600]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    const replay = await postNotification(p, n.body, Math.floor(Date.now() / 1000) - 3600);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('FAIL');
    expect((await payment(outTradeNo))?.status).toBe('pending');
    expect((await postNotification(p, n.body)).status).toBe(204);
    expect((await payment(outTradeNo))?.status).toBe('paid');
  });

  it('answers FAIL for a notification about an order the portal never made', async () => {
    const other = await household(p, [900]);
    const { outTradeNo } = (await pay(p, other)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    await PaymentModel.updateOne({ outTradeNo }, { $set: { outTradeNo: `${outTradeNo.slice(0, 20)}GONE` } });
    const r = await postNotification(p, n.body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('FAIL');
  });
});

describe('reconciliation', () => {
  it('settles a payment whose notification never arrives', async () => {
    const h = await household(p, [8_800]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    expect((await payment(outTradeNo))?.status).toBe('pending');
    const admin = await makeStaff(p.t.deps, ['admin']);
    const r = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect(r.body.errors).toBe(0);
    expect((await payment(outTradeNo))?.status).toBe('paid');
    expect((await bills([h.bills[0]._id]))[0].status).toBe('paid');
    expect(await receipts(outTradeNo)).toBe(1);
  });

  it('lets the result page see the payment as paid even when the notification is lost', async () => {
    const h = await household(p, [1_200]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    await PaymentModel.updateOne({ outTradeNo }, { $set: { prepayAt: new Date(Date.now() - 10_000) } });
    const r = await p.t.api('GET', `/api/payments/${outTradeNo}`, { token: h.resident.token });
    expect(r.body.status).toBe('paid');
  });

  it('keeps counting a payment pending while WeChat errors or is slow, then settles it', async () => {
    const h = await household(p, [2_300]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    const admin = await makeStaff(p.t.deps, ['admin']);
    await p.sandbox.client.injectFault({
      kind: 'serverError',
      api: 'pay.query',
      status: 502,
      times: 'always',
    });
    const failed = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect(failed.body.errors).toBeGreaterThanOrEqual(1);
    expect((await payment(outTradeNo))?.status).toBe('pending');
    await p.sandbox.client.clearFaults();
    await p.sandbox.client.injectFault({ kind: 'delay', api: 'pay.query', ms: 300, times: 'always' });
    await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect((await payment(outTradeNo))?.status).toBe('paid');
  });

  it('closes an expired unpaid order at WeChat and releases its bills', async () => {
    const h = await household(p, [4_000]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await PaymentModel.updateOne({ outTradeNo }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const admin = await makeStaff(p.t.deps, ['admin']);
    await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect((await payment(outTradeNo))?.status).toBe('closed');
    expect((await bills([h.bills[0]._id]))[0].status).toBe('unpaid');
    const order = await p.sandbox.client.getOrder(outTradeNo);
    expect(order.trade_state).toBe('CLOSED');
  });

  it('finishes a settlement a crash interrupted (payment paid, bills not yet)', async () => {
    const h = await household(p, [3_700, 1_300]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    const { transactionId } = await p.sandbox.client.payOrder(outTradeNo);
    await settle();
    // The state a crash right after the payment's own update leaves behind.
    await PaymentModel.updateOne(
      { outTradeNo },
      {
        $set: { status: 'paid', transactionId, paidAt: new Date(Date.now() - 600_000), refundableFen: 5_000 },
        $unset: { activeKey: 1 },
      },
    );
    expect((await bills(h.bills.map((b) => b._id))).map((b) => b.status)).toEqual(['paying', 'paying']);
    const admin = await makeStaff(p.t.deps, ['admin']);
    await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: admin.token,
      body: { minAgeMinutes: 0 },
    });
    expect((await bills(h.bills.map((b) => b._id))).map((b) => b.status)).toEqual(['paid', 'paid']);
    expect(await receipts(outTradeNo)).toBe(1);
  });

  it('records money that arrives for an order already closed, and flags a double payment', async () => {
    const h = await household(p, [2_000]);
    const { first, second } = await payTwiceAfterLocalClose(p, h);
    expect((await payment(second))?.status).toBe('paid');
    const late = await payment(first);
    expect(late?.status).toBe('paid');
    expect(late?.anomaly).toBe('double_payment');
    expect((await bills([h.bills[0]._id]))[0].paidOutTradeNo).toBe(second);
  });
});

describe('the demo pay sheet (sandboxConfirmPayment, the H5 page outside WeChat)', () => {
  it('pays with the parameters createPayment gave, and refuses them changed, with the order left unpaid', async () => {
    const h = await household(p, [3_300]);
    const { payment: created, requestPayment } = (await pay(p, h)).body;
    const confirm = (body: unknown) =>
      p.t.api('POST', `/api/demo/sandbox-pay/${created.outTradeNo}`, { token: h.resident.token, body });

    // A paySign that is not the merchant's over these parameters: the pay sheet refuses it, in Chinese.
    const forged = await confirm({ ...requestPayment, nonceStr: `${requestPayment.nonceStr}x` });
    expect(forged.status).toBe(409);
    expect(forged.body.error).toMatchObject({
      code: 'PAY_SHEET_REFUSED',
      message: '支付参数校验失败,无法调起支付',
    });
    expect((await p.sandbox.client.getOrder(created.outTradeNo)).trade_state).toBe('NOTPAY');
    // Without the parameters the request does not validate at all.
    expect((await confirm({})).status).toBe(400);

    expect((await confirm(requestPayment)).status).toBe(200);
    await settle();
    expect((await payment(created.outTradeNo))?.status).toBe('paid');
    // A second confirmation: WeChat's ORDERPAID, as a 409 the page can show.
    const again = await confirm(requestPayment);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该订单已支付');
  });

  it("is not another resident's to confirm", async () => {
    const h = await household(p, [1_100]);
    const { payment: created, requestPayment } = (await pay(p, h)).body;
    const other = await makeResident(p.t.deps, { bind: [(await makeAccount()).accountNo] });
    const r = await p.t.api('POST', `/api/demo/sandbox-pay/${created.outTradeNo}`, {
      token: other.token,
      body: requestPayment,
    });
    expect(r.status).toBe(404);
    expect((await p.sandbox.client.getOrder(created.outTradeNo)).trade_state).toBe('NOTPAY');
  });
});
