import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { createWorker } from '../../src/platform/outbox/worker';
import { featureJobs } from '../../src/platform/runtime';
import { startFakeExternalSystem, type FakeExternalSystem } from './fakeExternalSystem';
import { EXTERNAL_PUSH, EXTERNAL_REPAIR } from '../../src/modules/workorders/external/gateway';
import { workOrdersFeature } from '../../src/modules/workorders/feature';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { householder } from './fixtures';

const SECRET = 'external-wo-shared-secret-0123456789';
let t: TestServer;
let fake: FakeExternalSystem;
beforeAll(async () => {
  // The fake needs the portal's URL and the portal needs the fake's: start the fake against a placeholder, then re-point it.
  const portalPort = { url: '' };
  fake = await startFakeExternalSystem({
    secret: SECRET,
    get portalUrl() {
      return portalPort.url;
    },
  } as { secret: string; portalUrl: string });
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        WORK_ORDER_ENGINE: 'external',
        EXTERNAL_WO_BASE_URL: fake.url,
        EXTERNAL_WO_SECRET: SECRET,
      }),
    ),
  });
  portalPort.url = t.url;
});
afterAll(async () => {
  await fake.stop();
  await t.close();
});

const push = () =>
  createWorker({ handlers: featureJobs(t.deps), kinds: [EXTERNAL_PUSH], backoffBaseMs: 1, backoffMaxMs: 1 });

async function forwardedOrder() {
  const { account, resident } = await householder(t.deps, 'EX-1');
  const r = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, category: 'noGas', description: '没气了' },
  });
  expect(r.status).toBe(201);
  expect(r.body.external).toBe(true);
  return { resident, orderNo: r.body.orderNo as string };
}

describe('forwarding orders to an external work-order system', () => {
  it('pushes the new order with a valid signature, retrying through the outbox after a 5xx', async () => {
    const o = await forwardedOrder();
    fake.failNext(1);
    const w = push();
    await w.drain();
    // The retry is due after the (tiny) backoff.
    await new Promise((r) => setTimeout(r, 20));
    await w.drain();
    const creates = fake.requests.filter((q) => q.method === 'POST' && q.body.orderNo === o.orderNo);
    expect(creates).toHaveLength(2);
    expect(creates.every((q) => q.signatureOk && q.idempotencyKey === `ext:${o.orderNo}:create`)).toBe(true);
    expect(fake.orders.get(o.orderNo)).toMatchObject({
      orderNo: o.orderNo,
      category: 'noGas',
      status: 'accepted',
    });
  });

  it('applies signed status events once, ignores replays and older events, and refuses bad signatures', async () => {
    const o = await forwardedOrder();
    const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 2, min)).toISOString();
    const taken = {
      eventId: `${o.orderNo}-1`,
      orderNo: o.orderNo,
      status: 'taken',
      occurredAt: at(5),
      technician: { name: '外包王师傅', phone: '13700001111' },
    };
    const arrived = { eventId: `${o.orderNo}-2`, orderNo: o.orderNo, status: 'arrived', occurredAt: at(30) };

    // Delivered out of order: the newer one first.
    expect((await fake.emit(arrived)).body).toEqual({ ok: true, applied: true, duplicate: false });
    expect((await fake.emit(taken)).body).toEqual({ ok: true, applied: false, duplicate: false });
    // Replayed.
    expect((await fake.emit(arrived)).body).toEqual({ ok: true, applied: false, duplicate: true });

    const view = await t.api('GET', `/api/work-orders/${o.orderNo}`, { token: o.resident.token });
    expect(view.body.status).toBe('arrived');
    expect(view.body.timeline.filter((e: { node: string }) => e.node === 'arrived')).toHaveLength(1);

    // A forged event (wrong secret) and a tampered body change nothing.
    const forged = await fake.emit(
      { eventId: 'x1', orderNo: o.orderNo, status: 'completed', occurredAt: at(50) },
      { secret: 'not-the-shared-secret-000000' },
    );
    expect(forged.status).toBe(401);
    const res = await fetch(`${t.url}/api/external/work-orders/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-wo-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-wo-nonce': 'n',
        'x-wo-signature': 'ab'.repeat(32),
      },
      body: JSON.stringify({ eventId: 'x2', orderNo: o.orderNo, status: 'completed', occurredAt: at(50) }),
    });
    expect(res.status).toBe(401);
    expect(
      (await t.api('GET', `/api/work-orders/${o.orderNo}`, { token: o.resident.token })).body.status,
    ).toBe('arrived');

    // Completion from the external system resolves the order for the resident.
    const done = await fake.emit({
      eventId: `${o.orderNo}-3`,
      orderNo: o.orderNo,
      status: 'completed',
      occurredAt: at(60),
    });
    expect(done.body).toMatchObject({ applied: true });
    const final = await t.api('GET', `/api/work-orders/${o.orderNo}`, { token: o.resident.token });
    expect(final.body).toMatchObject({ state: 'resolved', canRate: true });
  });

  it('publishes the wire contract for the utility IT team', async () => {
    const contract = await t.api('GET', '/api/external/work-orders/contract.json');
    expect(contract.status).toBe(200);
    expect(Object.keys(contract.body.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderNo}', '/api/external/work-orders/events']),
    );
  });
});

describe('a crash between changing a forwarded order and queueing its push', () => {
  afterEach(() => jest.restoreAllMocks());
  /** The process dies right after the order's own write: the outbox write never happens. */
  const crashOnNextOutboxWrite = () =>
    jest.spyOn(OutboxModel, 'updateOne').mockImplementationOnce(() => {
      throw new Error('process killed between the two writes');
    });
  const sweep = async () =>
    (await featureJobs(t.deps)[EXTERNAL_REPAIR]!({}, { heartbeat: async () => undefined } as never)) as {
      repaired: number;
    };
  const sent = (orderNo: string) =>
    fake.requests
      .filter((q) => q.body.orderNo === orderNo)
      .map((q) => `${q.method} v${q.body.version} ${q.body.status}`);

  it('is swept every minute with the portal’s recurring jobs', () => {
    expect(workOrdersFeature.schedules?.(t.deps)).toHaveProperty([EXTERNAL_REPAIR], 60_000);
  });

  it('forwards a new order the crash kept out of the outbox, once', async () => {
    const { account, resident } = await householder(t.deps, 'EX-C1');
    crashOnNextOutboxWrite();
    const r = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, category: 'noGas', description: '没气了' },
    });
    expect(r.status).toBeGreaterThanOrEqual(500);
    const orderNo = (await t.api('GET', '/api/work-orders', { token: resident.token })).body.items[0]
      .orderNo as string;
    await push().drain();
    expect(sent(orderNo)).toEqual([]);

    expect((await sweep()).repaired).toBeGreaterThanOrEqual(1);
    await push().drain();
    expect(sent(orderNo)).toEqual(['POST v1 accepted']);
    expect(await sweep()).toEqual({ repaired: 0 });
    await push().drain();
    expect(sent(orderNo)).toEqual(['POST v1 accepted']);
  });

  it('sends the change a crash kept out of the outbox, once', async () => {
    const o = await forwardedOrder();
    await push().drain();
    crashOnNextOutboxWrite();
    const cancel = await t.api('POST', `/api/work-orders/${o.orderNo}/transitions`, {
      token: o.resident.token,
      body: { action: 'cancel' },
    });
    expect(cancel.status).toBeGreaterThanOrEqual(500);
    await push().drain();
    expect(sent(o.orderNo)).toEqual(['POST v1 accepted']);

    expect((await sweep()).repaired).toBeGreaterThanOrEqual(1);
    await push().drain();
    expect(sent(o.orderNo)).toEqual(['POST v1 accepted', 'PUT v2 cancelled']);
    expect(await sweep()).toEqual({ repaired: 0 });
  });

  it('creates the order with its latest state when it changed before the sweep found the lost create', async () => {
    const { account, resident } = await householder(t.deps, 'EX-C3');
    crashOnNextOutboxWrite();
    await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, category: 'noGas', description: '没气了' },
    });
    const orderNo = (await t.api('GET', '/api/work-orders', { token: resident.token })).body.items[0]
      .orderNo as string;
    const cancel = await t.api('POST', `/api/work-orders/${orderNo}/transitions`, {
      token: resident.token,
      body: { action: 'cancel' },
    });
    expect(cancel.status).toBe(200);
    await push().drain();
    // The external system learns of the order before any update of it, and in its latest state.
    expect(sent(orderNo)).toEqual(['POST v2 cancelled']);
    expect(await sweep()).toEqual({ repaired: 0 });
  });
});
