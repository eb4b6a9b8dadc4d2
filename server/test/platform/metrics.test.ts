/**
 * Operating the portal: Prometheus reads /metrics (behind METRICS_TOKEN on the public port, or on a port of
 * its own). A payment, a forged notification, a reconciliation and an outage notice show up in the
 * counters an operator watches; the request that published the notice is named on the work it caused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { runReconciliation } from '../../src/modules/billing/reconciliation';
import { NOTICE_FANOUT, NOTICE_PUBLISH, createNotices } from '../../src/modules/notices/notices.service';
import { fanOutPush } from '../../src/modules/notices/fanout.job';
import { startMetricsServer } from '../../src/platform/http/metricsRoutes';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { household, pay, postNotification, startPayTest, type PayTest } from '../billing/payHarness';
import { messageWorker, reachable, settle, startMessagingSandbox } from '../messaging/support';

const TOKEN = 'metrics-token-0123456789';

async function scrape(t: TestServer): Promise<string> {
  const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The sum of a series' samples whose labels include `labels`. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

const until = async (check: () => Promise<boolean>, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
};

describe('payments in the metrics', () => {
  let p: PayTest;
  beforeAll(async () => {
    p = await startPayTest({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => p.close());

  it('is not served without the token, nor at all without METRICS_TOKEN', async () => {
    expect((await fetch(`${p.t.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${p.t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    // An app without METRICS_TOKEN (on the same database connection).
    const plain = http.createServer(createApp(createTestDeps()).callback());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/metrics`;
      expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });

  it('counts requests by operationId, refused notifications by reason, and reconciliation outcomes', async () => {
    const before = await scrape(p.t);
    const h = await household(p);
    const order = await pay(p, h);
    expect(order.status).toBe(200);
    const { outTradeNo } = order.body.payment;
    await p.sandbox.client.payOrder(outTradeNo); // the sandbox notifies the portal, signed and encrypted
    await until(
      async () =>
        (await p.t.api('GET', `/api/payments/${outTradeNo}`, { token: h.resident.token })).body.status ===
        'paid',
    );

    const [n] = await p.sandbox.client.listNotifications(outTradeNo);
    const replay = await postNotification(p, n.body, Math.floor(Date.now() / 1000) - 3_600); // an hour old: outside the window
    expect(replay.status).toBe(401);

    const late = await household(p, [4_200]);
    const lateOrder = (await pay(p, late)).body.payment.outTradeNo as string;
    await p.sandbox.client.injectFault({ kind: 'drop' }); // its notification never arrives
    await p.sandbox.client.payOrder(lateOrder);
    const reconciled = await runReconciliation(p.t.deps, { minAgeMs: 0 });
    expect(reconciled.settled).toBe(1);

    const after = await scrape(p.t);
    const delta = (name: string, labels: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    expect(
      delta('portal_http_request_duration_seconds_count', { operation_id: 'createPayment', status: '200' }),
    ).toBe(2);
    expect(
      delta('portal_http_request_duration_seconds_count', { operation_id: 'wechatPayNotify', status: '204' }),
    ).toBeGreaterThanOrEqual(1);
    expect(delta('portal_payment_notifications_rejected_total', {})).toBe(1);
    expect(after).toMatch(/^portal_payment_notifications_rejected_total\{reason="[A-Z_]+"\} 1$/m);
    expect(delta('portal_payment_reconciliations_total', { result: 'settled' })).toBe(1);
    expect(after).toContain('# TYPE portal_payment_anomalies_total counter');
    expect(after).toContain('# TYPE portal_sla_breaches_total counter');
    expect(after).toContain('# TYPE portal_chat_open_sockets gauge');
    expect(after).toMatch(/^portal_chat_queue_length \d+$/m);
  });

  it('serves the same registry on METRICS_PORT without a token', async () => {
    const server = await startMetricsServer('127.0.0.1', 0);
    try {
      const text = await (await fetch(server.url)).text();
      expect(
        value(text, 'portal_http_request_duration_seconds_count', { operation_id: 'createPayment' }),
      ).toBeGreaterThanOrEqual(2);
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('an outage notice in the metrics', () => {
  let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
  let t: TestServer;
  beforeAll(async () => {
    sb = await startMessagingSandbox();
    t = await startTestServer({ deps: createTestDeps(testConfig({ ...sb.portal, METRICS_TOKEN: TOKEN })) });
  });
  afterAll(async () => {
    await t.close();
    await sb.stop();
  });

  it('shows the fan-out waiting in the outbox, then the messages sent by channel; the work carries the publishing request’s id', async () => {
    const operator = await makeStaff(t.deps, ['operator']);
    for (let i = 0; i < 3; i++) {
      const account = await makeAccount({
        address: {
          district: '朝阳区',
          community: '望京西园',
          building: String(i + 1),
          unit: '1',
          room: '101',
        },
      });
      const resident = await makeResident(t.deps, { bind: [account.accountNo] });
      await reachable(t.deps, sb, resident.userId, { grants: 1 });
    }
    const before = await scrape(t);
    const created = await t.api('POST', '/api/staff/notices', {
      token: operator.token,
      body: {
        utility: 'gas',
        kind: 'planned',
        reason: '中压管道迁改施工',
        target: { communities: [{ district: '朝阳区', community: '望京西园' }] },
        startAt: new Date(Date.now() + 72 * 3_600_000).toISOString(),
        expectedEndAt: new Date(Date.now() + 80 * 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const requestId = 'req-publish-0001';
    const published = await t.api('POST', `/api/staff/notices/${created.body.id}/publish`, {
      token: operator.token,
      body: {},
      headers: { 'x-request-id': requestId },
    });
    expect(published.status).toBe(200);

    const waiting = await scrape(t);
    expect(value(waiting, 'portal_outbox_depth', { kind: NOTICE_FANOUT })).toBeGreaterThanOrEqual(1);
    expect(
      value(waiting, 'portal_outbox_oldest_age_seconds', { kind: NOTICE_FANOUT }),
    ).toBeGreaterThanOrEqual(0);

    const notices = createNotices(t.deps);
    await settle(
      messageWorker(t.deps, {
        extra: {
          [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx),
          [NOTICE_PUBLISH]: (p) => notices.publishScheduled(String(p.noticeId), String(p.publishAt)),
        },
      }),
    );

    const after = await scrape(t);
    expect(
      value(after, 'portal_messages_sent_total', { channel: 'subscribe' }) -
        value(before, 'portal_messages_sent_total', { channel: 'subscribe' }),
    ).toBe(3);
    expect(value(after, 'portal_outbox_depth', { kind: NOTICE_FANOUT })).toBe(0);
    expect(
      value(after, 'portal_http_request_duration_seconds_count', {
        operation_id: 'publishNotice',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);

    // The fan-out the request enqueued, and the messages the fan-out enqueued (one entry naming the three
    // residents), name the request.
    const caused = await OutboxModel.find(
      { kind: { $in: [NOTICE_FANOUT, 'message.send'] } },
      { kind: 1, requestId: 1, 'payload.userIds': 1 },
    ).lean();
    expect(
      caused.map((e) => [e.kind, (e.payload as { userIds?: string[] } | undefined)?.userIds?.length]).sort(),
    ).toEqual([
      ['message.send', 3],
      [NOTICE_FANOUT, undefined],
    ]);
    expect(caused.every((e) => e.requestId === requestId)).toBe(true);
  });
});
