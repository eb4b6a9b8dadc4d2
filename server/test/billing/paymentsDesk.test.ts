/**
 * The payments desk (console 缴费与退款): find a payment by 户号, order number or WeChat transaction id
 * within one's areas, refund with a per-attempt Idempotency-Key (a retry never refunds twice), and
 * see which payments a reconciliation run changed.
 */
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { outRefundNoFor } from '../../src/modules/billing/refunds.service';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { makeBill } from './billFactories';
import { drainBillingJobs, household, paidPayment, pay, startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({ verification: 'publicKey' });
});
afterAll(() => p.close());

const search = (token: string, q: string) =>
  p.t.api('GET', `/api/staff/payments?q=${encodeURIComponent(q)}`, { token });

describe('listStaffPayments', () => {
  it('finds a paid payment by 户号, by order number and by WeChat transaction id', async () => {
    const { h, outTradeNo } = await paidPayment(p, [3_200]);
    const sup = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const byAccount = await search(sup.token, h.account.accountNo);
    expect(byAccount.status).toBe(200);
    expect(byAccount.body).toMatchObject({
      total: 1,
      items: [{ outTradeNo, status: 'paid', amountFen: 3_200, refunds: [] }],
    });
    const transactionId = byAccount.body.items[0].transactionId as string;
    expect(transactionId).toBeTruthy();
    expect(byAccount.body.items[0].timeline.map((e: { event: string }) => e.event)).toEqual(
      expect.arrayContaining(['created', 'paid']),
    );

    expect(
      (await search(sup.token, outTradeNo)).body.items.map((x: { outTradeNo: string }) => x.outTradeNo),
    ).toEqual([outTradeNo]);
    expect(
      (await search(sup.token, transactionId)).body.items.map((x: { outTradeNo: string }) => x.outTradeNo),
    ).toEqual([outTradeNo]);
  });

  it('shows a supervisor nothing from another area, and answers 404 to its order number', async () => {
    const account = await makeAccount({
      areaCode: 'HD-QH',
      address: { district: '海淀区', community: '清河小区', building: '1', unit: '1', room: '101' },
    });
    const resident = await makeResident(p.t.deps, { bind: [account.accountNo] });
    const bill = await makeBill(account, { period: '2026-03', amountDue: 1_500 });
    const made = await p.t.api('POST', '/api/payments', {
      token: resident.token,
      body: { accountNo: account.accountNo, billIds: [bill._id.toString()] },
    });
    expect(made.status).toBe(200);
    const { outTradeNo } = made.body.payment;

    const cySupervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const other = await search(cySupervisor.token, account.accountNo);
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ total: 0, items: [] });
    expect((await search(cySupervisor.token, outTradeNo)).body.total).toBe(0);
    expect(
      (await p.t.api('GET', `/api/staff/payments/${outTradeNo}`, { token: cySupervisor.token })).status,
    ).toBe(404);

    const hdSupervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['HD'] });
    expect((await search(hdSupervisor.token, account.accountNo)).body.total).toBe(1);
  });

  it('names the search field when it is missing or malformed, and is for staff only', async () => {
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const missing = await p.t.api('GET', '/api/staff/payments', { token: sup.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['query.q']);
    const bad = await search(sup.token, '3100 0001; drop');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      expect.objectContaining({ path: 'query.q', message: expect.stringContaining('户号') }),
    ]);
    const technician = await makeStaff(p.t.deps, ['technician']);
    expect((await search(technician.token, '3100000001')).status).toBe(403);
    const { h } = await paidPayment(p, [500]);
    expect((await search(h.resident.token, h.account.accountNo)).status).toBe(403);
  });
});

describe('refunds with an Idempotency-Key', () => {
  const refund = (token: string, outTradeNo: string, key: string | undefined, body: object) =>
    p.t.api('POST', `/api/staff/payments/${outTradeNo}/refunds`, {
      token,
      body,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  it('refunds once however often one attempt is submitted, even when the submits race', async () => {
    const { outTradeNo } = await paidPayment(p, [9_000]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const body = { amountFen: 1_200, reason: '多收燃气费' };
    const first = await refund(sup.token, outTradeNo, 'attempt-0001-abcdef', body);
    expect(first.status).toBe(201);
    const retries = await Promise.all(
      Array.from({ length: 4 }, () => refund(sup.token, outTradeNo, 'attempt-0001-abcdef', body)),
    );
    expect(retries.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(retries.every((r) => r.body.refunds.length === 1)).toBe(true);
    // A new attempt (a new key) is a second refund.
    const second = await refund(sup.token, outTradeNo, 'attempt-0002-abcdef', body);
    expect(second.status).toBe(201);
    await p.sandbox.client.settleNotifications();
    const doc = await PaymentModel.findOne({ outTradeNo }).lean();
    expect(doc).toMatchObject({ refundedFen: 2_400, refundableFen: 6_600, status: 'partially_refunded' });
    expect(doc!.refunds).toHaveLength(2);
    // WeChat was asked for exactly these two refunds, each named after its key.
    expect(doc!.refunds.map((r) => r.outRefundNo)).toEqual([
      outRefundNoFor(outTradeNo, 'attempt-0001-abcdef'),
      outRefundNoFor(outTradeNo, 'attempt-0002-abcdef'),
    ]);
    for (const r of doc!.refunds)
      expect(await p.t.deps.wechat.pay().queryRefund(r.outRefundNo)).toMatchObject({
        status: 'SUCCESS',
        amount: expect.objectContaining({ refund: 1_200 }),
      });
  });

  it('refunds a double submit once when WeChat failed the first call and the outbox sends it later', async () => {
    const { outTradeNo } = await paidPayment(p, [5_000]);
    const sup = await makeStaff(p.t.deps, ['supervisor']);
    // WeChat fails the first call; the refund waits in processing for the outbox.
    await p.sandbox.client.injectFault({ kind: 'serverError', api: 'pay.refund', status: 500 });
    const body = { amountFen: 2_000, reason: '重复提交' };
    expect((await refund(sup.token, outTradeNo, 'form-open-42-abcdef', body)).status).toBe(201);
    // The staff member clicks again: the same attempt.
    const again = await refund(sup.token, outTradeNo, 'form-open-42-abcdef', body);
    expect(again.status).toBe(201);
    await drainBillingJobs(p);
    await p.sandbox.client.settleNotifications();
    expect(await PaymentModel.findOne({ outTradeNo }).lean()).toMatchObject({
      refundedFen: 2_000,
      refundableFen: 3_000,
      refunds: [expect.objectContaining({ status: 'success', amountFen: 2_000 })],
    });
    expect((await p.sandbox.client.getOrder(outTradeNo)).trade_state).toBe('REFUND');
  });

  it('refuses a refund without a key or with a malformed one, and names the header', async () => {
    const a = await paidPayment(p, [2_000]);
    const sup = await makeStaff(p.t.deps, ['admin']);
    for (const key of [undefined, 'x y', 'short']) {
      const bad = await refund(sup.token, a.outTradeNo, key, { reason: '测试' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual([
        expect.objectContaining({
          path: 'headers.idempotency-key',
          message: expect.stringMatching(/Idempotency-Key|幂等键/),
        }),
      ]);
    }
    expect(await PaymentModel.findOne({ outTradeNo: a.outTradeNo }).lean()).toMatchObject({
      refundableFen: 2_000,
      refunds: [],
    });
  });

  it('keeps one key used on two payments as two independent refunds', async () => {
    const a = await paidPayment(p, [2_000]);
    const b = await paidPayment(p, [2_000]);
    const sup = await makeStaff(p.t.deps, ['admin']);
    await Promise.all(
      [a, b].map((x) =>
        refund(sup.token, x.outTradeNo, 'same-key-for-both', { amountFen: 700, reason: '测试' }),
      ),
    );
    await p.sandbox.client.settleNotifications();
    for (const x of [a, b])
      expect(await PaymentModel.findOne({ outTradeNo: x.outTradeNo }).lean()).toMatchObject({
        refundedFen: 700,
      });
  });
});

describe('runReconciliation', () => {
  it('lists only the supervisor’s areas among the changes, though it reconciles every payment', async () => {
    const account = await makeAccount({
      areaCode: 'HD-QH',
      address: { district: '海淀区', community: '清河小区', building: '2', unit: '1', room: '201' },
    });
    const resident = await makeResident(p.t.deps, { bind: [account.accountNo] });
    const bill = await makeBill(account, { period: '2026-04', amountDue: 800 });
    const made = await p.t.api('POST', '/api/payments', {
      token: resident.token,
      body: { accountNo: account.accountNo, billIds: [bill._id.toString()] },
    });
    const { outTradeNo } = made.body.payment;
    await PaymentModel.updateOne({ outTradeNo }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const cySupervisor = await makeStaff(p.t.deps, ['supervisor'], { areas: ['CY'] });
    const r = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: cySupervisor.token,
      body: { minAgeMinutes: 0 },
    });
    expect(r.status).toBe(200);
    expect(r.body.changes.map((c: { outTradeNo: string }) => c.outTradeNo)).not.toContain(outTradeNo);
    expect((await PaymentModel.findOne({ outTradeNo }).lean())?.status).toBe('closed');
  });

  it('lists the payments it changed: one settled whose notification was lost, one expired and closed', async () => {
    const lost = await household(p, [2_600]);
    const lostNo = (await pay(p, lost)).body.payment.outTradeNo as string;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(lostNo);
    await p.sandbox.client.settleNotifications();
    await p.sandbox.client.clearFaults();
    const expired = await household(p, [1_100]);
    const expiredNo = (await pay(p, expired)).body.payment.outTradeNo as string;
    await PaymentModel.updateOne(
      { outTradeNo: expiredNo },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );

    const sup = await makeStaff(p.t.deps, ['supervisor']);
    const r = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: sup.token,
      body: { minAgeMinutes: 0 },
    });
    expect(r.status).toBe(200);
    expect(r.body.changes).toEqual(
      expect.arrayContaining([
        { outTradeNo: lostNo, accountNo: lost.account.accountNo, change: 'settled' },
        { outTradeNo: expiredNo, accountNo: expired.account.accountNo, change: 'closed' },
      ]),
    );
    expect(r.body.settled).toBeGreaterThanOrEqual(1);
    expect(r.body.closed).toBeGreaterThanOrEqual(1);
    for (const c of r.body.changes)
      expect(c).toEqual({
        outTradeNo: expect.any(String),
        accountNo: expect.any(String),
        change: expect.any(String),
      });
    const bad = await p.t.api('POST', '/api/staff/payments/reconcile', {
      token: sup.token,
      body: { minAgeMinutes: -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.minAgeMinutes']);
  });
});
