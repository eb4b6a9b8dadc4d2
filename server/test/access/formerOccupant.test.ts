/**
 * A household changes hands. When the 过户 completes, the former occupant loses the account: its bills,
 * usage, appointments and the 一户一码 they may have photographed. The new occupant binds afresh and
 * sees nothing from before their time. A changed holder name or phone, or staff's audited "unbind",
 * end bindings too; and should the process die between completing the order and revoking, the account
 * is still out of reach and the repair sweep finishes the job.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { makeBill } from '../billing/billFactories';
import { AuditLogModel } from '../../src/platform/audit';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { workOrdersFeature } from '../../src/modules/workorders/feature';
import { createWorker } from '../../src/platform/outbox/worker';
import { enqueue } from '../../src/platform/outbox/outbox';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

const clock = testClock(new Date('2026-12-02T02:00:00Z'));
let t: TestServer;
let agent: TestStaff;
let supervisor: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  agent = await makeStaff(t.deps, ['agent'], { areas: [] });
  supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['GH'] });
});
afterAll(() => t.close());

const bind = (r: TestResident, accountNo: string, holderName: string) =>
  t.api('POST', '/api/accounts/bind', { token: r.token, body: { accountNo, holderName } });
const myAccounts = async (r: TestResident) =>
  (await t.api('GET', '/api/accounts', { token: r.token })).body.items.map(
    (a: { accountNo: string }) => a.accountNo,
  );

/** An agent opens a 过户 (or 销户) order; the supervisor approves it; the agent completes it. */
async function completeDeskOrder(accountNo: string, type: 'accountTransfer' | 'accountClose') {
  const created = await t.api('POST', '/api/work-orders', {
    token: agent.token,
    body: { accountNo, type, category: 'other', description: '办理过户' },
  });
  expect(created.status).toBe(201);
  const path = `/api/work-orders/${created.body.orderNo}/transitions`;
  expect((await t.api('POST', path, { token: supervisor.token, body: { action: 'approve' } })).status).toBe(
    200,
  );
  expect((await t.api('POST', path, { token: agent.token, body: { action: 'complete' } })).status).toBe(200);
  return created.body.orderNo as string;
}

describe('after 过户', () => {
  it('the former occupant loses the household; the new one sees only their own time', async () => {
    const account = await makeAccount({
      areaCode: 'GH-A1',
      holder: { name: '老住户', phone: '13800005555' },
    });
    await makeBill(account, {
      period: '2026-10',
      amountDue: 8_800,
      issuedAt: new Date('2026-11-01T00:00:00Z'),
    });
    const former = await makeResident(t.deps);
    clock.set(new Date('2026-11-05T02:00:00Z'));
    expect((await bind(former, account.accountNo, '老住户')).status).toBe(200);
    const qr = (await t.api('GET', `/api/staff/accounts/${account.accountNo}/qr`, { token: agent.token }))
      .body.token;
    expect((await t.api('GET', `/api/qr/${qr}`)).status).toBe(200);
    const oldOrder = await t.api('POST', '/api/work-orders', {
      token: former.token,
      body: { accountNo: account.accountNo, description: '表箱门坏了,电话 13800005555' },
    });
    expect(oldOrder.status).toBe(201);

    clock.set(new Date('2026-12-02T02:00:00Z'));
    await completeDeskOrder(account.accountNo, 'accountTransfer');

    // The former occupant: nothing of the household any more.
    expect(await myAccounts(former)).toEqual([]);
    expect((await t.api('GET', `/api/accounts/${account.accountNo}`, { token: former.token })).status).toBe(
      404,
    );
    expect(
      (await t.api('GET', `/api/bills?accountNo=${account.accountNo}`, { token: former.token })).status,
    ).toBe(404);
    expect(
      (await t.api('GET', `/api/accounts/${account.accountNo}/usage`, { token: former.token })).status,
    ).toBe(404);
    expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    // The printed 一户一码 is void.
    expect((await t.api('GET', `/api/qr/${qr}`)).status).toBeGreaterThanOrEqual(400);
    expect(
      await AuditLogModel.countDocuments({
        action: 'account.occupancyEnded',
        'target.id': account.accountNo,
      }),
    ).toBe(1);

    // Staff record the new holder; the new occupant binds with that name.
    expect(
      (
        await t.api('PATCH', `/api/staff/customers/${account.accountNo}`, {
          token: supervisor.token,
          body: { holderName: '新住户', phone: '13900006666' },
        })
      ).status,
    ).toBe(200);
    const next = await makeResident(t.deps);
    expect((await bind(next, account.accountNo, '老住户')).status).toBe(422);
    clock.set(new Date('2026-12-03T02:00:00Z'));
    expect((await bind(next, account.accountNo, '新住户')).status).toBe(200);
    await makeBill(account, {
      period: '2026-11',
      amountDue: 6_600,
      issuedAt: new Date('2026-12-03T03:00:00Z'),
    });

    // Bills, orders and payments from before are not the new occupant's.
    const bills = await t.api('GET', `/api/bills?accountNo=${account.accountNo}`, { token: next.token });
    expect(bills.body.items.map((b: { period: string }) => b.period)).toEqual(['2026-11']);
    // With a second household that never changed hands, the list of all their bills: that one's whole
    // history, and the taken-over one's from the takeover on.
    const own = await makeAccount({ areaCode: 'GH-A1', holder: { name: '新住户', phone: '13900006666' } });
    await makeBill(own, { period: '2026-09', amountDue: 1_100, issuedAt: new Date('2026-10-01T00:00:00Z') });
    expect((await bind(next, own.accountNo, '新住户')).status).toBe(200);
    const all = await t.api('GET', '/api/bills', { token: next.token });
    expect(all.body.items.map((b: { accountNo: string; period: string }) => [b.accountNo, b.period])).toEqual(
      [
        [account.accountNo, '2026-11'],
        [own.accountNo, '2026-09'],
      ],
    );
    expect(all.body.total).toBe(2);
    expect((await t.api('GET', '/api/work-orders', { token: next.token })).body.items).toEqual([]);
    expect(
      (await t.api('GET', `/api/work-orders/${oldOrder.body.orderNo}`, { token: next.token })).status,
    ).toBe(404);
    // The new occupant's appointment is out of the former one's reach.
    const theirs = await t.api('POST', '/api/work-orders', {
      token: next.token,
      body: { accountNo: account.accountNo, description: '新住户报修' },
    });
    expect(
      (await t.api('GET', `/api/work-orders/${theirs.body.orderNo}`, { token: former.token })).status,
    ).toBe(404);
    expect(
      (
        await t.api('POST', `/api/work-orders/${theirs.body.orderNo}/transitions`, {
          token: former.token,
          body: { action: 'cancel' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('a changed holder name or phone', () => {
  it('ends the bindings made under the old holder', async () => {
    const account = await makeAccount({ areaCode: 'GH-B1', holder: { name: '王五', phone: '13800007777' } });
    const r = await makeResident(t.deps);
    expect((await bind(r, account.accountNo, '王五')).status).toBe(200);
    expect(
      (
        await t.api('PATCH', `/api/staff/customers/${account.accountNo}`, {
          token: supervisor.token,
          body: { phone: '13800008888' },
        })
      ).status,
    ).toBe(200);
    expect(await myAccounts(r)).toEqual([]);
    // Tags and notes are not a change of holder.
    expect((await bind(r, account.accountNo, '王五')).status).toBe(200);
    expect(
      (
        await t.api('PATCH', `/api/staff/customers/${account.accountNo}`, {
          token: supervisor.token,
          body: { tags: ['独居老人'] },
        })
      ).status,
    ).toBe(200);
    expect(await myAccounts(r)).toEqual([account.accountNo]);
  });
});

describe('staff "unbind"', () => {
  it('ends one resident’s binding, with the reason audited', async () => {
    const account = await makeAccount({ areaCode: 'GH-C1', holder: { name: '赵六' } });
    const tenant = await makeResident(t.deps, { bind: [account.accountNo] });
    const owner = await makeResident(t.deps, { bind: [account.accountNo] });
    const res = await t.api('POST', `/api/staff/customers/${account.accountNo}/unbind`, {
      token: agent.token,
      body: { userId: tenant.userId, reason: '租户已退租,户主来电要求解除' },
    });
    expect(res.status).toBe(200);
    expect(await myAccounts(tenant)).toEqual([]);
    expect(await myAccounts(owner)).toEqual([account.accountNo]);
    const entry = await AuditLogModel.findOne({
      action: 'binding.removeByStaff',
      'target.id': account.accountNo,
    }).lean();
    expect(entry).toMatchObject({
      actor: { id: agent.staffId },
      after: { reason: '租户已退租,户主来电要求解除' },
      before: { userId: tenant.userId },
    });
    // Someone else's binding, or a missing one: 404; a bad body: 400.
    expect(
      (
        await t.api('POST', `/api/staff/customers/${account.accountNo}/unbind`, {
          token: agent.token,
          body: { userId: tenant.userId, reason: '重复' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.api('POST', `/api/staff/customers/${account.accountNo}/unbind`, {
          token: agent.token,
          body: { userId: 'x' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('a crash between completing the 过户 and revoking', () => {
  it('leaves the account out of the old bindings’ reach, and the repair sweep removes them', async () => {
    const account = await makeAccount({ areaCode: 'GH-D1', holder: { name: '钱七' } });
    const former = await makeResident(t.deps, { bind: [account.accountNo] });
    // The order reached 完工 but the process died before the hook ran: only the order was written.
    const created = await t.api('POST', '/api/work-orders', {
      token: agent.token,
      body: { accountNo: account.accountNo, type: 'accountTransfer', category: 'other', description: '过户' },
    });
    const handedOverAt = clock.now();
    await WorkOrderModel.updateOne(
      { orderNo: created.body.orderNo },
      { $set: { status: 'completed', state: 'resolved', resolvedAt: handedOverAt } },
    );
    expect(await myAccounts(former)).toEqual([account.accountNo]);
    clock.advance(3 * 3600_000); // the sweep comes hours later

    const sweep = workOrdersFeature.jobs!(t.deps);
    const kind = Object.keys(sweep).find((k) => k.includes('occupancy'))!;
    expect(kind).toBeDefined();
    await enqueue({ kind, dedupeKey: `test-occupancy-sweep-${Date.now()}` });
    await createWorker({ handlers: sweep, kinds: [kind], pollMs: 10 }).drain();
    expect(await myAccounts(former)).toEqual([]);
    expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    const after = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
    // The new holder's time starts when the household changed hands, not when the sweep ran.
    expect(after!.holderSince).toEqual(handedOverAt);
    // Applied once: running the sweep again changes nothing.
    await enqueue({ kind, dedupeKey: `test-occupancy-sweep-again-${Date.now()}` });
    await createWorker({ handlers: sweep, kinds: [kind], pollMs: 10 }).drain();
    expect((await AccountModel.findOne({ accountNo: account.accountNo }).lean())!.holderRevision).toBe(
      after!.holderRevision,
    );
  });

  it('a binding from before a holder change reaches nothing even if it was never deleted', async () => {
    const account = await makeAccount({ areaCode: 'GH-E1' });
    const former = await makeResident(t.deps, { bind: [account.accountNo] });
    await AccountModel.updateOne({ accountNo: account.accountNo }, { $inc: { holderRevision: 1 } });
    expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(1);
    expect((await t.api('GET', `/api/accounts/${account.accountNo}`, { token: former.token })).status).toBe(
      404,
    );
    expect(await myAccounts(former)).toEqual([]);
  });
});
