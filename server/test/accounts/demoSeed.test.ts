import type { DispatchRule } from '@portal/types';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { DispatchRuleModel } from '../../src/modules/workorders/config/config.model';
import { matchRule } from '../../src/modules/workorders/dispatch/dispatch.service';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { DEMO_RESIDENT, DEMO_STAFF, seedAccounts } from '../../src/demo/accounts';
import { seedWorkOrders } from '../../src/demo/workOrders';
import { workOrdersFeature } from '../../src/modules/workorders/feature';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { EscalationModel, SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { sweepOnce } from '../../src/modules/workorders/sla/slaJob';
import { FollowUpModel } from '../../src/modules/workorders/ratings/followup.model';
import { inSample, sampleRate } from '../../src/modules/workorders/ratings/sampling';
import { runRollup } from '../../src/modules/kpi/rollup.service';
import { dayOf } from '../../src/platform/time';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ DEMO_ACCOUNTS: '60' })) });
  await seedAccounts(t.deps);
  await seedAccounts(t.deps); // a second run adds nothing
});
afterAll(() => t.close());

/** A session of the demo staff login `username`, with its documented password. */
async function demoLogin(username: string): Promise<string> {
  const s = DEMO_STAFF.find((x) => x.username === username)!;
  const login = await t.api('POST', '/api/staff/login', { body: { username, password: s.password } });
  expect(login.status).toBe(200);
  return login.body.token as string;
}

it('seeds households across districts and communities with Chinese names and addresses', async () => {
  expect(await AccountModel.countDocuments()).toBe(60);
  const districts = await AccountModel.distinct('address.district');
  expect(districts.length).toBe(5);
  const a = await AccountModel.findOne({ utility: 'gas' }).lean();
  expect(a!.holder!.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
  expect(a!.areaCode).toMatch(/^[A-Z]{2}-[A-Z]+$/);
});

it('every demo staff login works with its documented password', async () => {
  for (const s of DEMO_STAFF) {
    const res = await t.api('POST', '/api/staff/login', {
      body: { username: s.username, password: s.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.staff.roles).toEqual(s.roles);
  }
});

it('binds the demo resident to three homes', async () => {
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  expect(await BindingModel.countDocuments({ userId: user!._id })).toBe(3);
});

it('the demo’s finished 过户 orders are history: the occupancy sweep takes no household from its residents', async () => {
  await seedWorkOrders(t.deps, { orders: 400 });
  expect(
    await WorkOrderModel.countDocuments({ type: 'accountTransfer', state: { $in: ['resolved', 'closed'] } }),
  ).toBeGreaterThan(0);
  const sweep = workOrdersFeature.jobs!(t.deps);
  const kind = Object.keys(sweep).find((k) => k.includes('occupancy'))!;
  expect(await sweep[kind]!({}, {} as never)).toEqual({ applied: 0 });
  expect(await AccountModel.countDocuments({ holderRevision: { $gt: 0 } })).toBe(0);
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  expect(await BindingModel.countDocuments({ userId: user!._id })).toBe(3);
});

it('the demo’s orders ran SLA clocks: the board counts down, the cockpit has an on-time figure, and nothing of the past is left to the sweep', async () => {
  // After the test above, which seeded the orders.
  const now = t.deps.clock.now();
  const open = await WorkOrderModel.find({ state: 'open' }, { orderNo: 1, slaDueAt: 1, escalated: 1 }).lean();
  const running = await SlaTimerModel.find({ status: 'running' }, { orderNo: 1, deadline: 1 }).lean();
  for (const o of open) {
    const due = running.filter((c) => c.orderNo === o.orderNo).map((c) => c.deadline!.getTime());
    expect(o.slaDueAt?.getTime()).toBe(due.length ? Math.min(...due) : undefined);
  }
  expect(running.length).toBeGreaterThan(0);
  expect(running.every((c) => c.deadline! > now)).toBe(true);
  // The past's breaches were recorded when they happened: the sweep escalates and reassigns nothing at start.
  expect(await sweepOnce(t.deps, 'demo-test')).toBe(0);
  // An open order with an escalating breach is escalated, and its entry waits in the inbox; past ones are confirmed.
  const waiting = await EscalationModel.find({ acknowledgedAt: { $exists: false } }, { orderNo: 1 }).lean();
  expect(waiting.length).toBeGreaterThan(0);
  expect(new Set(waiting.map((e) => e.orderNo))).toEqual(
    new Set(open.filter((o) => o.escalated).map((o) => o.orderNo)),
  );
  for (const e of await EscalationModel.find().lean())
    expect((await SlaTimerModel.findById(e._id).lean())!.status).toBe('breached');

  // The board (open orders, the nearest deadline first) opens on a countdown.
  const token = await demoLogin('admin');
  const board = await t.api('GET', '/api/staff/work-orders?state=open&pageSize=100', { token });
  expect(board.status).toBe(200);
  expect(Date.parse(board.body.items[0].slaDueAt)).toBeGreaterThan(now.getTime());

  // The cockpit's 超时率 counts orders with clocks: most of the demo's were on time, some were not.
  await runRollup(now);
  const kpis = await t.api('GET', '/api/staff/kpis?from=' + dayOf(now.getTime() - 89 * 86_400_000), {
    token,
  });
  expect(kpis.status).toBe(200);
  const rate = kpis.body.kpis.slaBreachRate.value as number;
  expect(rate).toBeGreaterThan(0);
  expect(rate).toBeLessThan(0.5);
});

it('the demo’s finished field orders record what they used: 工单成本 has its rows, and the orders behind one', async () => {
  // After the tests above, which seeded the orders.
  const token = await demoLogin('admin');
  const to = dayOf(t.deps.clock.now());
  const from = dayOf(t.deps.clock.now().getTime() - 89 * 86_400_000);
  const report = await t.api('GET', `/api/kpi/order-costs?from=${from}&to=${to}`, { token });
  expect(report.status).toBe(200);
  const types = new Set(report.body.rows.map((r: { type: string }) => r.type));
  expect([...types].sort()).toEqual(
    expect.arrayContaining(['inspection', 'installation', 'meterChange', 'repair']),
  );
  expect(report.body.totalMaterialCostFen).toBeGreaterThan(0);
  const recorded = await WorkOrderModel.find({ workRecordedAt: { $type: 'date' } }).lean();
  for (const o of recorded) {
    expect(o.state === 'resolved' || o.state === 'closed').toBe(true);
    expect(o.materialCostFen).toBe(o.materials.reduce((sum, m) => sum + m.costFen!, 0));
  }
  const row = report.body.rows.find((r: { type: string }) => r.type === 'installation');
  const drill = await t.api(
    'GET',
    `/api/kpi/order-costs/orders?from=${from}&to=${to}&type=installation&area=${row.area}`,
    { token },
  );
  expect(drill.status).toBe(200);
  expect(drill.body).toHaveLength(row.orders);
  expect(drill.body[0].materialCostFen).toBeGreaterThan(0);
});

it('the demo’s 回访 desk has the calls sampling would have opened: recent ones waiting, older ones made', async () => {
  const now = t.deps.clock.now().getTime();
  const tasks = await FollowUpModel.find().lean();
  const orders = new Map(
    (await WorkOrderModel.find({ orderNo: { $in: tasks.map((f) => f.orderNo) } }).lean()).map((o) => [
      o.orderNo,
      o,
    ]),
  );
  // The five completed last wait whatever the day, and so does any completed in the last two days.
  const newestFirst = [...tasks].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  expect(newestFirst.slice(0, 5).map((f) => f.status)).toEqual(['open', 'open', 'open', 'open', 'open']);
  expect(tasks.filter((f) => f.status === 'done').length).toBeGreaterThan(0);
  for (const f of tasks) {
    const order = orders.get(f.orderNo)!;
    expect(inSample(f.orderNo, sampleRate(t.deps.config, order.type))).toBe(true);
    expect(f.createdAt).toEqual(order.resolvedAt);
    if (f.status === 'done') {
      expect(f.doneAt!.getTime()).toBeLessThanOrEqual(now);
      expect(now - order.resolvedAt!.getTime()).toBeGreaterThanOrEqual(48 * 3_600_000);
    }
  }
  const desk = await t.api('GET', '/api/follow-ups', { token: await demoLogin('agent') });
  expect(desk.body.items.map((f: { orderNo: string }) => f.orderNo).sort()).toEqual(
    tasks
      .filter((f) => f.status === 'open')
      .map((f) => f.orderNo)
      .sort(),
  );
});

it('every dispatch rule of the demo has technicians on shift to take its orders, named in Chinese', async () => {
  // After the orders test above, which seeded the work-order defaults and the teams.
  const admin = await demoLogin('admin');
  const rules = (await t.api('GET', '/api/admin/dispatch-rules', { token: admin })).body as {
    key: string;
    team: string;
    skill: string;
    enabled: boolean;
  }[];
  const teams = await t.api('GET', '/api/admin/dispatch-teams', { token: admin });
  expect(teams.status).toBe(200);
  const coverage = teams.body.coverage as { team: string; skill: string; onShift: number }[];
  expect(rules.length).toBeGreaterThan(5);
  // Named by key when one has nobody: a rule whose orders would all wait for the dispatcher.
  const uncovered = rules.filter(
    (r) => r.enabled && !coverage.some((c) => c.team === r.team && c.skill === r.skill && c.onShift > 0),
  );
  expect(uncovered.map((r) => r.key)).toEqual([]);
  // One rule per district's repairs (the defaults' keys, none written twice), teams and skills in Chinese.
  const repairs = rules.filter((r) => r.key.startsWith('repair-'));
  expect(repairs.map((r) => r.key).sort()).toEqual([
    'repair-cy',
    'repair-dc',
    'repair-ft',
    'repair-hd',
    'repair-xc',
  ]);
  for (const name of [...teams.body.teams, ...teams.body.skills] as string[])
    expect(name).toMatch(/^[\u4e00-\u9fa5]+$/);
});

it('the demo’s past orders were worked by the team its rules pick: leaks by 抢修队, inspections by 安检组', async () => {
  const rules = await DispatchRuleModel.find({ enabled: true }).lean<DispatchRule[]>();
  const orders = await WorkOrderModel.find(
    { assigneeId: { $exists: true } },
    { type: 1, category: 1, areaCode: 1, team: 1, assigneeId: 1 },
  ).lean();
  const members = new Map(
    (await StaffModel.find({ roles: 'technician' }, { team: 1 }).lean()).map((s) => [String(s._id), s.team]),
  );
  const byType = (type: string, category?: string) =>
    orders.filter((o) => o.type === type && (!category || o.category === category));
  expect(byType('repair', 'gasLeak').length).toBeGreaterThan(0);
  expect(new Set(byType('repair', 'gasLeak').map((o) => o.team))).toEqual(new Set(['抢修队']));
  expect(byType('inspection').length).toBeGreaterThan(0);
  expect(new Set(byType('inspection').map((o) => o.team))).toEqual(new Set(['安检组']));
  for (const o of orders) {
    const rule = matchRule(rules, { type: o.type, areaCode: o.areaCode, category: o.category ?? '' });
    if (rule) expect({ orderNo: o._id, team: o.team }).toEqual({ orderNo: o._id, team: rule.team });
    // Whoever worked it is of that team.
    expect({ orderNo: o._id, team: members.get(o.assigneeId!) }).toEqual({ orderNo: o._id, team: o.team });
  }
});
