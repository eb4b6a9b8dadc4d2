/**
 * Round-trip budgets of the billing hot paths, counted per request from the driver's command monitoring
 * (roundTripBudget.ts). A change that adds a query to one of these requests fails here with the list of
 * commands it sent.
 */
import { makeAccount, bindResident } from '../factories';
import { expectWithinBudget, watchRoundTrips, type RoundTripWatch, warmSession } from '../roundTripBudget';
import { makeBill } from './billFactories';
import { household, pay, postNotification, startPayTest, type PayTest } from './payHarness';

/**
 * GET /api/bills for a resident: the bound 户号 (bindings), then one page of bills with its total
 * (one aggregate: items and count together).
 */
const LIST_BILLS = 2;
/**
 * POST /api/payments, excluding the call to WeChat Pay (HTTP, not the database): the account reached
 * through the resident's binding (one aggregate), the chosen bills, the payment inserted, the bills held
 * (one update for all of them), the prepay parameters saved.
 */
const CREATE_PAYMENT = 5;
/**
 * POST /api/wechatpay/notify, the first for a pending order with one bill: the payment read (to match the
 * notification against it), the payment marked paid (one update answering the document), the bill marked
 * paid, the receipt queued, the settlement recorded. A repeat after that is the one read.
 */
const NOTIFY = 5;
const NOTIFY_REPEAT = 1;

let p: PayTest;
let trips: RoundTripWatch;
beforeAll(async () => {
  p = await startPayTest({ monitorCommands: true });
  trips = watchRoundTrips();
});
afterAll(async () => {
  trips.stop();
  await p.close();
});

describe('round trips per request', () => {
  it('a resident with two households and two years of bills lists them in at most LIST_BILLS round trips', async () => {
    const h = await household(p, [12_850]);
    const second = await makeAccount({ areaCode: 'CY-WJY' });
    await bindResident(h.resident.userId, second.accountNo);
    for (const account of [h.account, second]) {
      for (let m = 1; m <= 12; m++)
        await makeBill(account, { period: `2025-${String(m).padStart(2, '0')}`, status: 'paid' });
    }
    await warmSession(p.t.api, h.resident.token, 'resident');
    const { result, commands } = await trips.of((headers) =>
      p.t.api('GET', '/api/bills?pageSize=20', { token: h.resident.token, headers }),
    );
    expect(result.status).toBe(200);
    expect(result.body.total).toBe(25);
    expect(result.body.items).toHaveLength(20);
    expectWithinBudget('listBills', commands, LIST_BILLS);
  });

  it('paying three bills costs at most CREATE_PAYMENT round trips besides the WeChat Pay order', async () => {
    const h = await household(p, [12_850, 9_900, 4_400]);
    await warmSession(p.t.api, h.resident.token, 'resident');
    const { result, commands } = await trips.of((headers) =>
      p.t.api('POST', '/api/payments', {
        token: h.resident.token,
        headers,
        body: { accountNo: h.account.accountNo, billIds: h.bills.map((b) => String(b._id)) },
      }),
    );
    expect(result.status).toBe(200);
    expect(result.body.payment.amountFen).toBe(27_150);
    expect(result.body.requestPayment.paySign).toBeTruthy();
    expectWithinBudget('createPayment', commands, CREATE_PAYMENT);
  });

  it('a payment notification settles in at most NOTIFY round trips, and its repeat in NOTIFY_REPEAT', async () => {
    const h = await household(p, [6_100]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    // WeChat's first delivery is lost, so the order is still pending when the test posts it.
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    await p.sandbox.client.settleNotifications();
    const [dropped] = await p.sandbox.client.listNotifications(outTradeNo);
    const post = () =>
      trips.of((headers) => postNotification(p, dropped.body, Math.floor(Date.now() / 1000), headers));

    const first = await post();
    expect(first.result.status).toBe(204);
    const paid = await p.t.api('GET', `/api/payments/${outTradeNo}`, { token: h.resident.token });
    expect(paid.body.status).toBe('paid');
    expectWithinBudget('notify', first.commands, NOTIFY);

    const repeat = await post();
    expect(repeat.result.status).toBe(204);
    expectWithinBudget('notify (repeat)', repeat.commands, NOTIFY_REPEAT);
  });
});
