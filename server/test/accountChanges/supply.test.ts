/**
 * 报停 / 复供 online. A bound resident applies; the system approves at once where the rules allow it
 * (a heating season suspended before the cutoff by a household owing nothing), a supervisor otherwise,
 * or turns it down with a reason the resident reads. Approval files the 关阀/开阀 visit, records the
 * household's supply, and billing follows it: a suspended heating season is billed the 供热基本费
 * share, a suspended gas household is billed no usage, and 复供 bills usage again from the reopening
 * reading. A crash at any step of approval leaves nothing half-applied once the sweep has run, and
 * nothing doubled.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { SupplyChangeModel } from '../../src/modules/accountChanges/supply.model';
import {
  applySupplyEffects,
  injectSupplyEffectFault,
  supplyChangeSweepJob,
  type SupplyEffectStep,
} from '../../src/modules/accountChanges/supplyEffects';
import { BillModel } from '../../src/modules/billing/bill.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { makeBill } from '../billing/billFactories';
import {
  makeAccount,
  makeResident,
  makeStaff,
  type TestResident,
  type TestStaff,
  uploadPhoto,
} from '../factories';
import { testClock, type TestServer } from '../harness';
import { startChangeDesk } from './support';

const clock = testClock(new Date('2026-10-10T02:00:00Z'));
let t: TestServer;
let supervisor: TestStaff;
beforeAll(async () => {
  ({ t, supervisor } = await startChangeDesk(clock, 'GH'));
});
afterAll(() => t.close());
beforeEach(() => clock.set(new Date('2026-10-10T02:00:00Z')));

/** A household in area GH with a resident bound to it: gas (meter at 1200) or heating by area (100 m²). */
async function household(utility: 'gas' | 'heating' = 'gas') {
  const account = await makeAccount({
    areaCode: 'GH-A1',
    utility,
    ...(utility === 'heating'
      ? { contract: { tariff: 'heating-area', heatingAreaM2: 100 }, meters: [] }
      : {}),
  });
  const resident = await makeResident(t.deps, { bind: [account.accountNo] });
  return { account, resident };
}

const apply = (r: TestResident, body: Record<string, unknown>) =>
  t.api('POST', '/api/supply-changes', { token: r.token, body });
const suspendGas = (r: TestResident, accountNo: string, over: Record<string, unknown> = {}) =>
  apply(r, {
    kind: 'suspend',
    accountNo,
    reason: '外出务工,房屋空置',
    fromDate: '2026-10-12',
    expectedResumeDate: '2027-03-01',
    ...over,
  });
const approve = (orderNo: string) =>
  t.api('POST', `/api/staff/supply-changes/${orderNo}/approve`, { token: supervisor.token, body: {} });
const supplyOf = (r: TestResident, accountNo: string) =>
  t.api('GET', `/api/accounts/${accountNo}/supply`, { token: r.token });
const valveOrders = (orderNo: string) => WorkOrderModel.find({ sourceKey: `valve:${orderNo}` }).lean();
const told = (orderNo: string) => OutboxModel.find({ dedupeKey: { $regex: `^wo:${orderNo}:` } }).lean();

const upload = (token: string) => uploadPhoto(t, token);

/** The resident reports a reading and the desk accepts it: the usage bill it makes, if any. */
async function readAndAccept(r: TestResident, accountNo: string, reading: number) {
  const sent = await t.api('POST', '/api/meter-readings', {
    token: r.token,
    body: { accountNo, reading, photoId: await upload(r.token) },
  });
  expect(sent.status).toBe(201);
  const accepted = await t.api('POST', `/api/staff/meter-readings/${sent.body.id}/accept`, {
    token: supervisor.token,
    body: {},
  });
  expect(accepted.status).toBe(200);
  return BillModel.findOne({ accountNo, billType: 'usage', readingTo: reading }).lean();
}

describe('供热报停 (a heating season)', () => {
  it('is approved at once before the cutoff, files the 关阀 visit, and the season is billed the base fee only', async () => {
    const { account, resident } = await household('heating');
    const other = await household('heating');

    const applied = await apply(resident, {
      kind: 'suspend',
      accountNo: account.accountNo,
      reason: '冬季外出,房屋空置',
      season: '2026-2027',
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ kind: 'suspend', autoApproved: true });
    const { orderNo } = applied.body;

    // The application is done, the valve visit filed once, the resident told at each step.
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(order.body.state).toBe('resolved');
    expect(order.body.timeline.map((e: { label: string }) => e.label)).toEqual(['受理', '审核', '办结']);
    const visits = await valveOrders(orderNo);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ type: 'valveClose', accountNo: account.accountNo, state: 'open' });
    const visit = await t.api('GET', `/api/work-orders/${visits[0].orderNo}`, { token: resident.token });
    expect(visit.status).toBe(200);
    expect(visit.body.typeLabel).toBe('关阀封表');
    expect((await told(orderNo)).length).toBe(3);

    const state = await supplyOf(resident, account.accountNo);
    expect(state.body).toMatchObject({
      state: 'suspended',
      suspensionKind: 'heatingSeason',
      season: '2026-2027',
      label: '2026-2027 供暖季已报停(收取供热基本费)',
      utility: 'heating',
      baseFeePercent: 30,
    });

    // The season's bills: 100 m² × 24 元 = 2400 元 in full; 30% of it (720 元) for the suspended home.
    clock.set(new Date('2026-11-15T01:00:00Z'));
    const issue = (accountNo: string) =>
      t.api('POST', `/api/staff/accounts/${accountNo}/heating-season-bill`, {
        token: supervisor.token,
        body: { season: '2026-2027' },
      });
    const suspended = await issue(account.accountNo);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ period: '2026-11', amountDue: 72_000, baseFeeOnly: true });
    expect(suspended.body.items[0].name).toContain('供热基本费');
    const full = await issue(other.account.accountNo);
    expect(full.body).toMatchObject({ amountDue: 240_000, baseFeeOnly: false });
    // Issued once per season.
    expect((await issue(account.accountNo)).body.billId).toBe(suspended.body.billId);
    expect(await BillModel.countDocuments({ accountNo: account.accountNo })).toBe(1);
  });

  it('复供 in the middle of the season bills the rest of the full fee, once', async () => {
    const { account, resident } = await household('heating');
    const suspended = await apply(resident, {
      kind: 'suspend',
      accountNo: account.accountNo,
      reason: '外出',
      season: '2026-2027',
    });
    expect(suspended.body.autoApproved).toBe(true);
    clock.set(new Date('2026-11-15T01:00:00Z'));
    const seasonBill = await t.api('POST', `/api/staff/accounts/${account.accountNo}/heating-season-bill`, {
      token: supervisor.token,
      body: { season: '2026-2027' },
    });
    expect(seasonBill.body.amountDue).toBe(72_000);

    clock.set(new Date('2026-12-01T02:00:00Z'));
    const resumed = await apply(resident, { kind: 'resume', accountNo: account.accountNo, note: '提前回家' });
    expect(resumed.status).toBe(201);
    expect((await approve(resumed.body.orderNo)).status).toBe(200);
    expect((await valveOrders(resumed.body.orderNo)).map((v) => v.type)).toEqual(['valveOpen']);
    expect((await supplyOf(resident, account.accountNo)).body.state).toBe('normal');
    const topUp = await BillModel.find({ sourceKey: `heatingTopUp:${resumed.body.orderNo}` }).lean();
    expect(topUp).toHaveLength(1);
    expect(topUp[0]).toMatchObject({ amountDue: 168_000, period: '2026-12', status: 'unpaid' });

    // Replayed, the effects bill nothing more.
    await SupplyChangeModel.updateOne(
      { orderNo: resumed.body.orderNo },
      { $unset: { appliedAt: 1, effects: 1 } },
    );
    await applySupplyEffects(t.deps, resumed.body.orderNo);
    expect(await BillModel.countDocuments({ accountNo: account.accountNo })).toBe(2);
    expect(await WorkOrderModel.countDocuments({ sourceKey: `valve:${resumed.body.orderNo}` })).toBe(1);
  });

  it('is refused after the cutoff, naming the season', async () => {
    const { account, resident } = await household('heating');
    expect((await supplyOf(resident, account.accountNo)).body).toMatchObject({
      state: 'normal',
      nextSeason: '2026-2027',
      suspendCutoff: '2026-10-31',
    });
    clock.set(new Date('2026-11-02T02:00:00Z'));
    // The page now offers next year's season.
    expect((await supplyOf(resident, account.accountNo)).body).toMatchObject({
      nextSeason: '2027-2028',
      suspendCutoff: '2027-10-31',
    });
    const late = await apply(resident, {
      kind: 'suspend',
      accountNo: account.accountNo,
      reason: '外出',
      season: '2026-2027',
    });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('HEATING_SUSPEND_CUTOFF_PASSED');
    expect(late.body.error.message).toContain('2026-2027');
  });

  it('waits for a supervisor when the household owes money', async () => {
    const { account, resident } = await household('heating');
    await makeBill(account, {
      period: '2025-11',
      amountDue: 240_000,
      issuedAt: new Date('2025-11-15T00:00:00Z'),
    });
    const applied = await apply(resident, {
      kind: 'suspend',
      accountNo: account.accountNo,
      reason: '外出',
      season: '2026-2027',
    });
    expect(applied.body.autoApproved).toBe(false);
    const queue = await t.api('GET', '/api/staff/supply-changes', { token: supervisor.token });
    const row = queue.body.items.find((i: { orderNo: string }) => i.orderNo === applied.body.orderNo);
    expect(row).toMatchObject({ kind: 'suspend', utility: 'heating', season: '2026-2027', unpaidCount: 1 });
    expect(await valveOrders(applied.body.orderNo)).toHaveLength(0);
  });
});

describe('燃气报停 and 复供', () => {
  it('a supervisor approves: the valve is closed, no usage is billed while suspended, and 复供 bills again from the reopening reading', async () => {
    const { account, resident } = await household('gas');
    const applied = await suspendGas(resident, account.accountNo);
    expect(applied.status).toBe(201);
    expect(applied.body.autoApproved).toBe(false);
    const { orderNo } = applied.body;

    const queue = await t.api('GET', '/api/staff/supply-changes', { token: supervisor.token });
    expect(queue.body.items.find((i: { orderNo: string }) => i.orderNo === orderNo)).toMatchObject({
      kind: 'suspend',
      fromDate: '2026-10-12',
      expectedResumeDate: '2027-03-01',
      reason: '外出务工,房屋空置',
    });
    // The generic order screen cannot approve it: the rules and effects live here.
    const generic = await t.api('POST', `/api/work-orders/${orderNo}/transitions`, {
      token: supervisor.token,
      body: { action: 'approve' },
    });
    expect(generic.body.error?.code).toBe('APPROVED_ELSEWHERE');

    expect((await approve(orderNo)).status).toBe(200);
    const visits = await valveOrders(orderNo);
    expect(visits.map((v) => v.type)).toEqual(['valveClose']);
    expect((await supplyOf(resident, account.accountNo)).body.label).toBe(
      '已申请报停,自 2026-10-12 起停止供应',
    );
    expect((await supplyOf(resident, account.accountNo)).body.earliestFromDate).toBe('2026-10-10');

    // While suspended, a reading is recorded but bills nothing.
    clock.set(new Date('2026-10-20T02:00:00Z'));
    expect((await supplyOf(resident, account.accountNo)).body).toMatchObject({
      state: 'suspended',
      label: '已报停 自 2026-10-12 起',
    });
    expect((await AccountModel.findOne({ accountNo: account.accountNo }).lean())!.status).toBe('suspended');
    expect(await readAndAccept(resident, account.accountNo, 1203)).toBeNull();
    expect(await BillModel.countDocuments({ accountNo: account.accountNo })).toBe(0);

    // A second 报停 is refused while this one lasts.
    const again = await suspendGas(resident, account.accountNo, { fromDate: '2026-10-25' });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('SUPPLY_ALREADY_SUSPENDED');

    // 复供 with the reading the valve is reopened at.
    clock.set(new Date('2026-11-03T02:00:00Z'));
    const resumed = await apply(resident, { kind: 'resume', accountNo: account.accountNo, reading: 1210 });
    expect(resumed.status).toBe(201);
    expect(resumed.body.autoApproved).toBe(false);
    expect((await supplyOf(resident, account.accountNo)).body.pendingOrderNo).toBe(resumed.body.orderNo);
    expect((await approve(resumed.body.orderNo)).status).toBe(200);
    expect((await valveOrders(resumed.body.orderNo)).map((v) => v.type)).toEqual(['valveOpen']);
    const after = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
    expect(after!.status).toBe('active');
    expect(after!.meters[0].lastReading).toBe(1210);
    expect((await supplyOf(resident, account.accountNo)).body).toMatchObject({
      state: 'normal',
      label: '正常供应',
    });

    // Billing resumes: November's usage from 1210.
    clock.set(new Date('2026-11-20T02:00:00Z'));
    const bill = await readAndAccept(resident, account.accountNo, 1250);
    expect(bill).toMatchObject({ period: '2026-11', usage: 40, readingFrom: 1210 });
    expect(bill!.amountDue).toBeGreaterThan(0);
  });

  it('approves gas 报停 at once when the setting lists it', async () => {
    const before = t.deps.config.SUPPLY_CHANGE_AUTO_APPROVE;
    t.deps.config.SUPPLY_CHANGE_AUTO_APPROVE = ['suspend', 'resume'];
    try {
      const { account, resident } = await household('gas');
      const applied = await suspendGas(resident, account.accountNo, { fromDate: '2026-10-10' });
      expect(applied.body.autoApproved).toBe(true);
      expect((await AccountModel.findOne({ accountNo: account.accountNo }).lean())!.status).toBe('suspended');
      expect(await valveOrders(applied.body.orderNo)).toHaveLength(1);
    } finally {
      t.deps.config.SUPPLY_CHANGE_AUTO_APPROVE = before;
    }
  });

  it('a rejection cancels the application and tells the resident why', async () => {
    const { account, resident } = await household('gas');
    const { orderNo } = (await suspendGas(resident, account.accountNo)).body;
    const noReason = await t.api('POST', `/api/staff/supply-changes/${orderNo}/reject`, {
      token: supervisor.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('驳回原因');

    const rejected = await t.api('POST', `/api/staff/supply-changes/${orderNo}/reject`, {
      token: supervisor.token,
      body: { reason: '请先办理燃气表更换' },
    });
    expect(rejected.status).toBe(200);
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(order.body.state).toBe('cancelled');
    expect(order.body.timeline.at(-1).text).toBe('申请未通过审核:请先办理燃气表更换');
    const messages = await told(orderNo);
    expect(messages.map((m) => (m.payload as { data: { title: string } }).data.title)).toContain(
      '报停:申请未通过审核:请先办理燃气表更换',
    );
    expect(await valveOrders(orderNo)).toHaveLength(0);
    expect((await approve(orderNo)).status).toBe(409);
    expect((await supplyOf(resident, account.accountNo)).body.state).toBe('normal');
    // The household may apply again.
    expect((await suspendGas(resident, account.accountNo)).status).toBe(201);
  });
});

describe('what is refused', () => {
  it('bad input is a 400 naming the field in Chinese', async () => {
    const { account, resident } = await household('gas');
    const heat = await household('heating');
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'suspend', accountNo: account.accountNo, fromDate: '2026-10-12' }, '报停原因'],
      [{ kind: 'suspend', accountNo: account.accountNo, reason: '空置' }, '报停日期'],
      [{ kind: 'suspend', accountNo: account.accountNo, reason: '空置', fromDate: '2026-10-01' }, '报停日期'],
      [{ kind: 'suspend', accountNo: account.accountNo, reason: '空置', fromDate: '2026-13-01' }, '报停日期'],
      [
        {
          kind: 'suspend',
          accountNo: account.accountNo,
          reason: '空置',
          fromDate: '2026-10-12',
          expectedResumeDate: '2026-10-11',
        },
        '预计复供日期',
      ],
      [{ kind: 'stop', accountNo: account.accountNo }, '报停或复供'],
      [{ kind: 'resume', accountNo: account.accountNo, reading: -1 }, '复供读数'],
    ];
    for (const [body, field] of cases) {
      const res = await apply(resident, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toContain(field);
    }
    const noSeason = await apply(heat.resident, {
      kind: 'suspend',
      accountNo: heat.account.accountNo,
      reason: '空置',
    });
    expect(noSeason.status).toBe(400);
    expect(noSeason.body.error.message).toContain('供暖季');
    const badSeason = await apply(heat.resident, {
      kind: 'suspend',
      accountNo: heat.account.accountNo,
      reason: '空置',
      season: '2026-2028',
    });
    expect(badSeason.status).toBe(400);
    expect(badSeason.body.error.message).toContain('供暖季');
  });

  it('复供 of a household that is not suspended, a second open application, and another household are refused', async () => {
    const { account, resident } = await household('gas');
    const notSuspended = await apply(resident, {
      kind: 'resume',
      accountNo: account.accountNo,
      reading: 1201,
    });
    expect(notSuspended.status).toBe(422);
    expect(notSuspended.body.error.code).toBe('SUPPLY_NOT_SUSPENDED');

    expect((await suspendGas(resident, account.accountNo)).status).toBe(201);
    const twice = await suspendGas(resident, account.accountNo);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('SUPPLY_CHANGE_PENDING');

    const stranger = await makeResident(t.deps);
    const notTheirs = await suspendGas(stranger, account.accountNo);
    expect(notTheirs.status).toBe(404);
    expect((await supplyOf(stranger, account.accountNo)).status).toBe(404);
  });

  it('a supervisor of another area neither sees nor decides the application', async () => {
    const { account, resident } = await household('gas');
    const { orderNo } = (await suspendGas(resident, account.accountNo)).body;
    const elsewhere = await makeStaff(t.deps, ['supervisor'], { areas: ['XY'] });
    const queue = await t.api('GET', '/api/staff/supply-changes', { token: elsewhere.token });
    expect(queue.body.items.map((i: { orderNo: string }) => i.orderNo)).not.toContain(orderNo);
    for (const [action, body] of [
      ['approve', {}],
      ['reject', { reason: '资料不全' }],
    ] as const) {
      const res = await t.api('POST', `/api/staff/supply-changes/${orderNo}/${action}`, {
        token: elsewhere.token,
        body,
      });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({
        status: 404,
        code: 'SUPPLY_CHANGE_NOT_FOUND',
      });
    }
    expect(await SupplyChangeModel.countDocuments({ orderNo, 'decision.at': { $exists: true } })).toBe(0);
  });

  it('复供 of gas needs the reopening reading, not below the last', async () => {
    const { account, resident } = await household('gas');
    await approve((await suspendGas(resident, account.accountNo, { fromDate: '2026-10-10' })).body.orderNo);
    const noReading = await apply(resident, { kind: 'resume', accountNo: account.accountNo });
    expect(noReading.status).toBe(400);
    expect(noReading.body.error.message).toContain('读数');
    const below = await apply(resident, { kind: 'resume', accountNo: account.accountNo, reading: 1100 });
    expect(below.status).toBe(422);
    expect(below.body.error.code).toBe('READING_BELOW_LAST');
  });
});

describe('crash safety', () => {
  const points: { after: SupplyEffectStep; beforeStamp: boolean }[] = [
    { after: 'approved', beforeStamp: false },
    { after: 'valveOrder', beforeStamp: true },
    { after: 'valveOrder', beforeStamp: false },
    { after: 'supply', beforeStamp: true },
    { after: 'completed', beforeStamp: true },
  ];
  it.each(points)(
    'a crash after $after (before its stamp: $beforeStamp) is finished by the sweep, once',
    async (point) => {
      const { account, resident } = await household('gas');
      const { orderNo } = (await suspendGas(resident, account.accountNo, { fromDate: '2026-10-10' })).body;
      injectSupplyEffectFault(point);
      expect((await approve(orderNo)).status).toBe(500);
      expect(await SupplyChangeModel.countDocuments({ orderNo, appliedAt: { $exists: true } })).toBe(0);

      // The sweep runs twice (two workers, or a retry), and the effects are replayed once more by hand.
      await supplyChangeSweepJob(t.deps)();
      await supplyChangeSweepJob(t.deps)();
      await SupplyChangeModel.updateOne({ orderNo }, { $unset: { appliedAt: 1 } });
      await applySupplyEffects(t.deps, orderNo);

      expect(await valveOrders(orderNo)).toHaveLength(1);
      const acc = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
      expect(acc!.supplySuspensions.map((s) => s.orderNo)).toEqual([orderNo]);
      expect(acc!.status).toBe('suspended');
      const order = await WorkOrderModel.findOne({ orderNo }).lean();
      expect(order!.state).toBe('resolved');
      expect(order!.history.filter((h) => h.action === 'approve')).toHaveLength(1);
      expect(order!.history.filter((h) => h.action === 'complete')).toHaveLength(1);
      const change = await SupplyChangeModel.findOne({ orderNo }).lean();
      expect(change!.appliedAt).toBeTruthy();
      expect(change!.valveOrderNo).toBe((await valveOrders(orderNo))[0].orderNo);
    },
  );
});
