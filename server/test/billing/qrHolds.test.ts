/**
 * Whoever holds a household's 一户一码 sticker can start a payment, and every order holds the bills in
 * "paying" until it is paid or expires. A stranger must not be able to keep the household's own residents
 * from paying: a QR order holds the bills for a short time only, one payer may start only a few a day for
 * one household, and a bound resident can always take the bills over.
 */
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { qrTokenFor } from '../../src/modules/billing/qr.service';
import { makeResident } from '../factories';
import { household, pay, startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({
    verification: 'publicKey',
    env: { QR_PAY_HOLD_MINUTES: '10', QR_PAY_HOLDS_PER_DAY: '3', PAYMENT_EXPIRE_MINUTES: '30' },
  });
});
afterAll(() => p.close());

async function sticker() {
  const h = await household(p, [4_200, 3_100]);
  return { ...h, qrToken: qrTokenFor(p.t.deps, h.account) };
}
const payByQr = (token: string, qrToken: string, billIds: string[]) =>
  p.t.api('POST', '/api/payments', { token, body: { qrToken, billIds } });
const ids = (bills: { _id: unknown }[]) => bills.map((b) => String(b._id));

it('holds the bills for a QR payer’s order 10 minutes, not the 30 a bound resident’s order gets', async () => {
  const h = await sticker();
  const stranger = await makeResident(p.t.deps);
  const before = Date.now();
  const r = await payByQr(stranger.token, h.qrToken, ids(h.bills));
  expect(r.status).toBe(200);
  const qrOrder = await PaymentModel.findOne({ outTradeNo: r.body.payment.outTradeNo }).lean();
  const heldMinutes = (qrOrder!.expiresAt!.getTime() - before) / 60_000;
  expect(heldMinutes).toBeGreaterThan(9.9);
  expect(heldMinutes).toBeLessThan(10.1);

  const own = await household(p, [1_000]);
  const mine = await pay(p, own);
  const ownOrder = await PaymentModel.findOne({ outTradeNo: mine.body.payment.outTradeNo }).lean();
  expect((ownOrder!.expiresAt!.getTime() - before) / 60_000).toBeGreaterThan(29.9);
});

it('lets a bound resident pay bills a QR payer is holding; the stranger’s order is closed', async () => {
  const h = await sticker();
  const stranger = await makeResident(p.t.deps);
  const held = await payByQr(stranger.token, h.qrToken, ids(h.bills));
  expect(held.status).toBe(200);
  expect(
    (await BillModel.find({ _id: { $in: h.bills.map((b) => b._id) } }).lean()).map((b) => b.status),
  ).toEqual(['paying', 'paying']);

  const r = await pay(p, h);
  expect(r.status).toBe(200);
  expect(r.body.payment).toMatchObject({ channel: 'mp', amountFen: 7_300 });
  expect((await PaymentModel.findOne({ outTradeNo: held.body.payment.outTradeNo }).lean())!.status).toBe(
    'closed',
  );
  await p.sandbox.client.payOrder(r.body.payment.outTradeNo);
  await p.sandbox.client.settleNotifications();
  expect(
    (await BillModel.find({ _id: { $in: h.bills.map((b) => b._id) } }).lean()).map((b) => b.status),
  ).toEqual(['paid', 'paid']);
  // A second stranger cannot do the same to the first: only bound residents take over.
  const h2 = await sticker();
  const a = await makeResident(p.t.deps);
  const b = await makeResident(p.t.deps);
  expect((await payByQr(a.token, h2.qrToken, ids(h2.bills))).status).toBe(200);
  const refused = await payByQr(b.token, h2.qrToken, ids(h2.bills));
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain('正在支付');
});

it('refuses a QR payer a fourth order for one household in a day, in Chinese, and allows it a day later', async () => {
  const h = await sticker();
  const stranger = await makeResident(p.t.deps);
  // Changing the selection closes the previous order and starts a new one: each is a new hold.
  const selections = [ids(h.bills), ids(h.bills.slice(0, 1)), ids(h.bills.slice(1))];
  for (const billIds of selections)
    expect((await payByQr(stranger.token, h.qrToken, billIds)).status).toBe(200);

  const fourth = await payByQr(stranger.token, h.qrToken, ids(h.bills));
  expect(fourth.status).toBe(429);
  expect(fourth.body.error).toMatchObject({
    code: 'QR_PAY_HOLDS_EXHAUSTED',
    message: expect.stringContaining('已达上限'),
  });
  const retryAfter = Number(fourth.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(23 * 3600);
  expect(retryAfter).toBeLessThanOrEqual(24 * 3600 + 10 * 60);
  // Another household's sticker is another count.
  const other = await sticker();
  expect((await payByQr(stranger.token, other.qrToken, ids(other.bills))).status).toBe(200);

  // A day later (the holds' end moved back 25 hours, as the clock would have it) the payer may again.
  await PaymentModel.updateMany(
    { accountNo: h.account.accountNo, channel: 'qr' },
    { $set: { expiresAt: new Date(Date.now() - 25 * 3_600_000) } },
  );
  expect((await payByQr(stranger.token, h.qrToken, ids(h.bills))).status).toBe(200);
});
