/**
 * Billing bench scenarios for `npm run bench` (the integrator wires them into bench/). Each runs
 * against a real portal + sandbox started with startPayTest() and returns operations per second:
 *   listBills       GET /api/bills for a resident with 12 bills (compare with the foundation baseline, goal ≥ 0.6)
 *   createPayment   POST /api/payments for fresh bills, prepay at the sandbox included (same ratio goal)
 *   notify          POST /api/wechatpay/notify with signature verification, decryption and settlement (goal ≥ 300/s)
 */
import { roundTripsSoFar } from '../../src/platform/db/roundTrips';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { household, notificationHeaders, pay, postSignedNotification, type PayTest } from './payHarness';

/** roundTripsPerOp: database round trips while measuring ÷ ops (counted when the connection monitors commands). */
export type ScenarioResult = {
  name: string;
  ops: number;
  seconds: number;
  opsPerSecond: number;
  failures: number;
  roundTripsPerOp: number;
};

async function measure(
  name: string,
  ops: number,
  concurrency: number,
  op: (i: number) => Promise<boolean>,
): Promise<ScenarioResult> {
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  const trips = roundTripsSoFar();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ops) {
        const i = next++;
        if (!(await op(i).catch(() => false))) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    name,
    ops,
    seconds,
    opsPerSecond: ops / seconds,
    failures,
    roundTripsPerOp: Math.round(((roundTripsSoFar() - trips) / ops) * 10) / 10,
  };
}

export async function listBillsScenario(p: PayTest, ops = 500, concurrency = 16): Promise<ScenarioResult> {
  const h = await household(
    p,
    Array.from({ length: 9 }, (_, i) => 1_000 + i),
  );
  return measure(
    'listBills',
    ops,
    concurrency,
    async () => (await p.t.api('GET', '/api/bills', { token: h.resident.token })).status === 200,
  );
}

export async function createPaymentScenario(p: PayTest, ops = 200, concurrency = 8): Promise<ScenarioResult> {
  const households = await Promise.all(Array.from({ length: ops }, () => household(p, [2_000])));
  return measure(
    'createPayment',
    ops,
    concurrency,
    async (i) => (await pay(p, households[i])).status === 200,
  );
}

/**
 * `ops` paid orders whose notifications the sandbox dropped: the bodies WeChat Pay would have posted (signed
 * and encrypted by the sandbox), for a scenario to deliver at full speed.
 */
export async function droppedNotifications(p: PayTest, ops: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < ops; i += 1) {
    const h = await household(p, [1_000 + i]);
    const { outTradeNo } = (await pay(p, h)).body.payment;
    await p.sandbox.client.injectFault({ kind: 'drop' });
    await p.sandbox.client.payOrder(outTradeNo);
    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    bodies.push(n.body);
  }
  return bodies;
}

/** The receipts enqueued so far: one per settled payment, however often it was notified. */
export const receiptsEnqueued = () => OutboxModel.countDocuments({ dedupeKey: { $regex: '^receipt:' } });

/**
 * Each notification posted twice (the original and a duplicate), signed before the clock starts, as WeChat Pay
 * signs on its own machines: a scenario's figure is then the portal's work (verify, decrypt, settle), not the
 * load tool's RSA signatures. Each post has its own nonce.
 */
export const signedTwice = (
  p: PayTest,
  bodies: string[],
): { body: string; headers: Record<string, string> }[] =>
  Array.from({ length: bodies.length * 2 }, (_, i) => {
    const body = bodies[i % bodies.length];
    return { body, headers: notificationHeaders(p, body) };
  });

/**
 * Notification handling: `ops` paid orders whose notifications were dropped by the sandbox, then
 * delivered by this scenario at full speed with fresh signatures (one per payment, plus a duplicate).
 */
export async function notifyScenario(p: PayTest, ops = 600, concurrency = 32): Promise<ScenarioResult> {
  const posts = signedTwice(p, await droppedNotifications(p, ops));
  const result = await measure(
    'wechatPayNotify',
    posts.length,
    concurrency,
    async (i) => (await postSignedNotification(p, posts[i].body, posts[i].headers)).status === 204,
  );
  const receipts = await receiptsEnqueued();
  if (receipts < ops) result.failures += ops - receipts;
  return result;
}
