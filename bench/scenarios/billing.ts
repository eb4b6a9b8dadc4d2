/**
 * Billing (issue 5) through the real portal wired to the WeChat sandbox:
 *   listBills      GET /api/bills, residents with bound accounts and unpaid bills (ratio to baseline ≥ 0.6)
 *   createPayment  POST /api/payments, each request a fresh unpaid bill, so every request is a new
 *                  order with a prepay call to the sandbox (ratio to baseline ≥ 0.6)
 *   notify         POST /api/wechatpay/notify: signed, encrypted notifications (each delivered twice),
 *                  signature verification + decryption + settlement (goal ≥ 300/s)
 * The helpers (household, pay, droppedNotifications) are the billing tests' own: server/test/billing/.
 */
import {
  baselineMetric,
  ceilingNotes,
  cpuMetrics,
  load,
  need,
  pool,
  ratioTo,
  round,
  roundTripMetric,
  startSandboxPortal,
  type Scenario,
} from '../lib';
import { adjacentBaseline, baselineConnections, baselineSeconds } from './baseline';

type PayHarness = typeof import('../../server/test/billing/payHarness');
type BenchScenarios = typeof import('../../server/test/billing/benchScenarios');

const harness = () => import('../../server/test/billing/payHarness');

export const listBills: Scenario = {
  name: 'listBills',
  summary: 'GET /api/bills as residents with bound accounts (ratio to baseline, goal ≥ 0.5, issue 19)',
  needsBaseline: true,
  async run(ctx) {
    const household = await need<PayHarness['household']>(
      harness,
      'household',
      'server/test/billing/payHarness.ts',
    );
    const residents = ctx.quick ? 10 : 50;
    const p = await startSandboxPortal('listBills');
    try {
      const tokens: string[] = [];
      await pool(residents, 4, async () => {
        tokens.push((await household(p, [12_850, 9_900, 8_800, 7_700, 6_600, 5_500])).resident.token);
      });
      const base = await adjacentBaseline(ctx);
      const connections = baselineConnections(ctx.quick);
      const r = await load({
        url: p.t.url,
        connections,
        durationSeconds: baselineSeconds(ctx.quick),
        request: (i) => ({
          path: '/api/bills',
          headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
        }),
      });
      const ratio = ratioTo(base, r.requestsPerSecond);
      return {
        volume: { residents, billsPerResident: 6, connections, durationSeconds: r.seconds },
        notes: ceilingNotes(r.cpuPerRequest, base && base.requestsPerSecond * 0.5),
        metrics: [
          {
            name: 'requests/s',
            value: r.requestsPerSecond,
            unit: 'req/s',
            ratio,
            goal: 'ratio ≥ 0.5',
            pass: ratio === undefined ? undefined : ratio >= 0.5,
          },
          { name: 'latency p50', value: r.p50Ms, unit: 'ms' },
          { name: 'latency p99', value: r.p99Ms, unit: 'ms' },
          roundTripMetric(r.roundTripsPerRequest),
          ...cpuMetrics(r.cpuPerRequest),
          { name: 'non-2xx + errors', value: r.non2xx + r.errors, unit: 'responses' },
          ...baselineMetric(base),
        ],
        adjacentBaseline: base,
      };
    } finally {
      await p.close();
    }
  },
};

export const createPayment: Scenario = {
  name: 'createPayment',
  summary:
    'POST /api/payments for a fresh unpaid bill each time, prepay at the sandbox (ratio, goal ≥ 0.2, issue 19)',
  needsBaseline: true,
  async run(ctx) {
    const household = await need<PayHarness['household']>(
      harness,
      'household',
      'server/test/billing/payHarness.ts',
    );
    const { PaymentModel } = await import('../../server/src/modules/billing/payment.model');
    const orders = ctx.quick ? 120 : 1_000;
    const p = await startSandboxPortal('createPayment');
    try {
      const households: Awaited<ReturnType<PayHarness['household']>>[] = [];
      await pool(
        orders,
        4,
        async () => void households.push(await household(p, [4_000 + households.length])),
      );
      const before = await PaymentModel.countDocuments();
      const base = await adjacentBaseline(ctx);
      const connections = baselineConnections(ctx.quick);
      const r = await load({
        url: p.t.url,
        connections,
        amount: orders,
        request: (i) => {
          const h = households[i % households.length]!;
          return {
            method: 'POST',
            path: '/api/payments',
            headers: { authorization: `Bearer ${h.resident.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              accountNo: h.account.accountNo,
              billIds: h.bills.map((b) => b._id.toString()),
            }),
          };
        },
      });
      const created = (await PaymentModel.countDocuments()) - before;
      const ratio = ratioTo(base, r.requestsPerSecond);
      return {
        volume: { orders, connections },
        notes: ceilingNotes(r.cpuPerRequest, base && base.requestsPerSecond * 0.2, 'order'),
        metrics: [
          {
            name: 'new orders/s',
            value: r.requestsPerSecond,
            unit: 'req/s',
            ratio,
            goal: 'ratio ≥ 0.2',
            pass: ratio === undefined ? undefined : ratio >= 0.2,
          },
          { name: 'latency p50', value: r.p50Ms, unit: 'ms' },
          { name: 'latency p99', value: r.p99Ms, unit: 'ms' },
          roundTripMetric(r.roundTripsPerRequest),
          ...cpuMetrics(r.cpuPerRequest, 'order'),
          { name: 'payments created', value: created, unit: `of ${orders}` },
          { name: 'non-2xx + errors', value: r.non2xx + r.errors, unit: 'responses' },
          ...baselineMetric(base),
        ],
        adjacentBaseline: base,
      };
    } finally {
      await p.close();
    }
  },
};

export const notify: Scenario = {
  name: 'notify',
  summary: 'WeChat Pay notifications with signature verification + decryption + settlement (goal ≥ 300/s)',
  async run(ctx) {
    const bench = () => import('../../server/test/billing/benchScenarios');
    const dropped = await need<BenchScenarios['droppedNotifications']>(
      bench,
      'droppedNotifications',
      'server/test/billing/benchScenarios.ts',
    );
    const receiptsEnqueued = await need<BenchScenarios['receiptsEnqueued']>(
      bench,
      'receiptsEnqueued',
      'server/test/billing/benchScenarios.ts',
    );
    const signedTwice = await need<BenchScenarios['signedTwice']>(
      bench,
      'signedTwice',
      'server/test/billing/benchScenarios.ts',
    );
    const payments = ctx.quick ? 100 : 600;
    const connections = 32;
    const p = await startSandboxPortal('notify');
    try {
      ctx.log(`notify: preparing ${payments} paid orders whose notifications the sandbox dropped`);
      // Each payment notified twice, signed before the clock starts (signedTwice), posted by the load tool the
      // HTTP scenarios use.
      const posts = signedTwice(p, await dropped(p, payments));
      const r = await load({
        url: p.t.url,
        connections,
        amount: posts.length,
        request: (i) => {
          const post = posts[i % posts.length];
          return {
            method: 'POST',
            path: '/api/wechatpay/notify',
            headers: { 'content-type': 'application/json', ...post.headers },
            body: post.body,
          };
        },
      });
      const perSecond = round(r.requestsPerSecond, 0);
      const failures = r.non2xx + r.errors + Math.max(0, payments - (await receiptsEnqueued()));
      return {
        volume: { payments, notificationsPosted: posts.length, connections },
        notes: [
          'each payment notified twice (original + duplicate); every request verifies the platform signature',
          ...ceilingNotes(r.cpuPerRequest, 300, 'notification'),
        ],
        metrics: [
          {
            name: 'notifications/s',
            value: perSecond,
            unit: '/s',
            ratio: ratioTo(ctx.baseline, perSecond),
            goal: '≥ 300/s',
            pass: perSecond >= 300,
          },
          { name: 'failures', value: failures, unit: 'requests', goal: '0', pass: failures === 0 },
          roundTripMetric(r.roundTripsPerRequest, 'notification'),
          ...cpuMetrics(r.cpuPerRequest, 'notification'),
        ],
      };
    } finally {
      await p.close();
    }
  },
};
