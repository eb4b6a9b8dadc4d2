/**
 * Admin changes to how work is run (SLA policies, dispatch rules, node sequences, business calendars,
 * visit slots, inspection plans) are in the audit log: who, when (the portal's clock), before and after.
 */
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeAccount, makeStaff, type TestStaff } from '../factories';

const clock = testClock(new Date('2026-03-10T02:00:00Z'));
let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  admin = await makeStaff(t.deps, ['admin'], { username: 'admin_wang', areas: ['CY'] });
});
afterAll(() => t.close());

type Entry = {
  at: string;
  actor: { kind: string; id: string; name?: string };
  action: string;
  target: { kind: string; id: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  requestId?: string;
};
const auditOf = async (action: string, targetId?: string): Promise<Entry[]> => {
  const q = new URLSearchParams({ action, ...(targetId ? { targetId } : {}) });
  const res = await t.api('GET', `/api/staff/audit?${q}`, { token: admin.token });
  expect(res.status).toBe(200);
  return res.body.items;
};

it('records an SLA policy created, changed and deleted with the admin, the time and the fields that changed', async () => {
  const body = {
    label: '报修到场',
    type: 'repair',
    startNode: 'accepted',
    targetNode: 'arrived',
    minutes: 120,
  };
  clock.set(new Date('2026-03-10T02:00:00Z'));
  expect(
    (await t.api('PUT', '/api/admin/sla-policies/repair-arrive', { token: admin.token, body })).status,
  ).toBe(200);
  clock.set(new Date('2026-03-11T03:30:00Z'));
  const changed = await t.api('PUT', '/api/admin/sla-policies/repair-arrive', {
    token: admin.token,
    body: { ...body, minutes: 90 },
  });
  expect(changed.status).toBe(200);
  clock.set(new Date('2026-03-12T04:00:00Z'));
  expect(
    (await t.api('DELETE', '/api/admin/sla-policies/repair-arrive', { token: admin.token })).status,
  ).toBe(200);

  const puts = await auditOf('slaPolicy.put', 'repair-arrive');
  expect(puts).toHaveLength(2);
  const [change, create] = puts;
  expect(create).toMatchObject({
    at: '2026-03-10T02:00:00.000Z',
    actor: { kind: 'staff', id: admin.staffId, name: 'admin_wang' },
    target: { kind: 'slaPolicy', id: 'repair-arrive' },
    after: { minutes: 120, label: '报修到场' },
  });
  expect(create.before).toBeUndefined();
  expect(change).toMatchObject({
    at: '2026-03-11T03:30:00.000Z',
    before: { minutes: 120 },
    after: { minutes: 90 },
  });
  expect(Object.keys(change.after!)).toEqual(['minutes']);
  expect(change.requestId).toEqual(changed.headers.get('x-request-id'));

  const [deleted] = await auditOf('slaPolicy.delete', 'repair-arrive');
  expect(deleted).toMatchObject({
    at: '2026-03-12T04:00:00.000Z',
    before: { minutes: 90, label: '报修到场' },
  });
  expect(deleted.after).toBeUndefined();
});

it('records dispatch rules, node sequences and business calendars as they are changed', async () => {
  clock.set(new Date('2026-04-01T01:00:00Z'));
  const rule = { label: '朝阳', type: 'repair', areaPrefix: 'CY', team: '朝阳组', skill: 'gas-repair' };
  await t.api('PUT', '/api/admin/dispatch-rules/cy', { token: admin.token, body: rule });
  await t.api('PUT', '/api/admin/dispatch-rules/cy', {
    token: admin.token,
    body: { ...rule, team: '抢修队' },
  });
  await t.api('DELETE', '/api/admin/dispatch-rules/cy', { token: admin.token });
  const rules = await auditOf('dispatchRule.put', 'cy');
  expect(rules[0]).toMatchObject({ before: { team: '朝阳组' }, after: { team: '抢修队' } });
  expect((await auditOf('dispatchRule.delete', 'cy'))[0].before).toMatchObject({ team: '抢修队' });

  const nodes = (await t.api('GET', '/api/admin/work-order-nodes/repair', { token: admin.token })).body.nodes;
  const renamed = nodes.map((n: { key: string; label: string }) =>
    n.key === 'completed' ? { ...n, label: '已修好' } : n,
  );
  expect(
    (
      await t.api('PUT', '/api/admin/work-order-nodes/repair', {
        token: admin.token,
        body: { nodes: renamed },
      })
    ).status,
  ).toBe(200);
  const [nodeChange] = await auditOf('workOrderNodes.put', 'repair');
  expect(nodeChange.actor.id).toBe(admin.staffId);
  expect(JSON.stringify(nodeChange.after!.nodes)).toContain('已修好');

  const week = [[], ...Array.from({ length: 5 }, () => [{ start: '08:30', end: '17:30' }]), []];
  await t.api('PUT', '/api/admin/calendars/office', {
    token: admin.token,
    body: { label: '营业厅', week, holidays: ['2026-10-01'] },
  });
  await t.api('PUT', '/api/admin/calendars/office', {
    token: admin.token,
    body: { label: '营业厅', week, holidays: ['2026-10-01', '2026-10-02'] },
  });
  const [cal] = await auditOf('calendar.put', 'office');
  expect(cal).toMatchObject({
    at: '2026-04-01T01:00:00.000Z',
    before: { holidays: ['2026-10-01'] },
    after: { holidays: ['2026-10-01', '2026-10-02'] },
  });
});

it('records slots opened and inspection plans created and run by staff, and not a refused change', async () => {
  clock.set(new Date('2026-05-06T00:00:00Z'));
  const dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['CY'] });
  const opened = await t.api('POST', '/api/slots', {
    token: dispatcher.token,
    body: { areaCode: 'CY-WJY', type: 'inspection', from: '2026-05-07', days: 2, capacity: 4 },
  });
  expect(opened.body.created).toBe(4);
  const [slots] = await auditOf('slots.create', 'CY-WJY');
  expect(slots).toMatchObject({
    at: '2026-05-06T00:00:00.000Z',
    actor: { id: dispatcher.staffId },
    after: { type: 'inspection', from: '2026-05-07', days: 2, capacity: 4, created: 4 },
  });

  await makeAccount({ areaCode: 'CY-WJY' });
  const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['CY'] });
  const plan = await t.api('POST', '/api/inspection-plans', {
    token: supervisor.token,
    body: { name: '望京年检', areaPrefix: 'CY-WJY' },
  });
  expect(plan.status).toBe(201);
  clock.set(new Date('2026-05-07T00:00:00Z'));
  const run = await t.api('POST', `/api/inspection-plans/${plan.body.id}/run`, { token: supervisor.token });
  expect(run.status).toBe(200);
  expect((await auditOf('inspectionPlan.create', plan.body.id))[0]).toMatchObject({
    actor: { id: supervisor.staffId },
    after: { name: '望京年检', areaPrefix: 'CY-WJY', cycleMonths: 12 },
  });
  expect((await auditOf('inspectionPlan.run', plan.body.id))[0]).toMatchObject({
    at: '2026-05-07T00:00:00.000Z',
    before: { cycle: 0 },
    after: { cycle: 1, created: run.body.created },
  });

  const outside = await t.api('POST', '/api/inspection-plans', {
    token: supervisor.token,
    body: { name: '海淀年检', areaPrefix: 'HD' },
  });
  expect(outside.status).toBe(403);
  expect((await auditOf('inspectionPlan.create')).map((e) => e.after!.name)).toEqual(['望京年检']);
});
