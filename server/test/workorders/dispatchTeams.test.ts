/**
 * 派单规则 and 人员: the teams and skills dispatch knows (listDispatchTeams), with the active technicians who could
 * take each rule's orders, and a rule saved again (putDispatchRule) being the rule as sent: a field left out is
 * no longer part of it. A team renamed (renameDispatchTeam) is renamed wherever dispatch reads it.
 */
import { connectTestDb, createTestDeps, startTestServer, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { AuditLogModel } from '../../src/platform/audit';
import { expectWithinBudget, warmSession, watchRoundTrips } from '../roundTripBudget';

let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({
    db: await connectTestDb(undefined, { monitorCommands: true }),
    deps: createTestDeps(),
  });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
});
afterAll(() => t.close());

const put = (key: string, body: Record<string, unknown>) =>
  t.api('PUT', `/api/admin/dispatch-rules/${key}`, { token: admin.token, body });
const rules = async () =>
  (await t.api('GET', '/api/admin/dispatch-rules', { token: admin.token })).body as Record<string, unknown>[];

it('saves a rule as sent: type, category and area left out of a later save no longer narrow it', async () => {
  const narrow = {
    label: '西城泄漏',
    type: 'repair',
    category: 'gasLeak',
    areaPrefix: 'XC',
    team: '西城抢修班',
    skill: '燃气抢修',
  };
  expect((await put('xc-leak', narrow)).status).toBe(200);
  expect((await rules()).find((r) => r.key === 'xc-leak')).toMatchObject(narrow);
  const complaint = { type: 'complaint', areaCode: 'FT-01', category: 'other' };
  const before = await t.api('POST', '/api/admin/dispatch-rules/dry-run', {
    token: admin.token,
    body: complaint,
  });
  expect(before.body.rule?.key).not.toBe('xc-leak');

  // Widened to every order type, category and area: the rule as the editor sent it, nothing kept from before.
  const wide = { label: '全市泄漏', team: '西城抢修班', skill: '燃气抢修', order: 50, enabled: true };
  expect((await put('xc-leak', wide)).status).toBe(200);
  const saved = (await rules()).find((r) => r.key === 'xc-leak')!;
  expect(saved).toEqual({ key: 'xc-leak', ...wide });

  // What dispatch does with it: a complaint in 丰台 now matches it (it was 西城 gas leaks only).
  const dry = await t.api('POST', '/api/admin/dispatch-rules/dry-run', {
    token: admin.token,
    body: complaint,
  });
  expect(dry.status).toBe(200);
  expect(dry.body.rule?.key).toBe('xc-leak');

  // The same holds for SLA policies: a category dropped from the policy no longer narrows it.
  const sla = {
    label: '泄漏到场',
    type: 'repair',
    category: 'gasLeak',
    startNode: 'accepted',
    targetNode: 'arrived',
    minutes: 30,
  };
  expect(
    (await t.api('PUT', '/api/admin/sla-policies/leak-arrive', { token: admin.token, body: sla })).status,
  ).toBe(200);
  const { category: _dropped, ...anyCategory } = sla;
  expect(
    (await t.api('PUT', '/api/admin/sla-policies/leak-arrive', { token: admin.token, body: anyCategory }))
      .status,
  ).toBe(200);
  const policies = (await t.api('GET', '/api/admin/sla-policies', { token: admin.token })).body as Record<
    string,
    unknown
  >[];
  expect(policies.find((p) => p.key === 'leak-arrive')).not.toHaveProperty('category');
});

it('lists the teams and skills the rules and the active technicians name, and who could take each rule’s orders', async () => {
  await put('ft-repair', {
    label: '丰台报修',
    type: 'repair',
    areaPrefix: 'FT',
    team: '丰台维修组',
    skill: '燃气维修',
  });
  await put('ft-meter', {
    label: '丰台换表',
    type: 'meterChange',
    areaPrefix: 'FT',
    team: '丰台维修组',
    skill: '表务',
  });
  await makeStaff(t.deps, ['technician'], { team: '丰台维修组', skills: ['燃气维修', '安检'] });
  await makeStaff(t.deps, ['technician'], { team: '丰台维修组', skills: ['燃气维修'], onShift: false });
  // Not counted: a technician no longer in use, a dispatcher with the team's name, a technician of no team.
  const gone = await makeStaff(t.deps, ['technician'], { team: '丰台维修组', skills: ['燃气维修'] });
  await StaffModel.updateOne({ _id: gone.staffId }, { $set: { active: false } });
  await makeStaff(t.deps, ['dispatcher'], { team: '丰台维修组', skills: ['燃气维修'] });
  await makeStaff(t.deps, ['technician'], { skills: ['燃气维修'] });
  // A team whose technician has no skill yet is still a team to pick.
  await makeStaff(t.deps, ['technician'], { team: '新建班组' });

  const trips = watchRoundTrips();
  await warmSession(t.api, admin.token, 'staff');
  const { result: res, commands } = await trips.of((headers) =>
    t.api('GET', '/api/admin/dispatch-teams', { token: admin.token, headers }),
  );
  trips.stop();
  expect(res.status).toBe(200);
  expectWithinBudget('listDispatchTeams', commands, 2);

  expect(res.body.teams).toEqual(expect.arrayContaining(['丰台维修组', '西城抢修班', '新建班组']));
  expect(res.body.skills).toEqual(expect.arrayContaining(['燃气维修', '表务', '安检', '燃气抢修']));
  // Each once, in Chinese collation order.
  for (const names of [res.body.teams, res.body.skills] as string[][]) {
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  }
  const ft = (res.body.coverage as { team: string }[]).filter((c) => c.team === '丰台维修组');
  expect(ft).toEqual([
    { team: '丰台维修组', skill: '安检', technicians: 1, onShift: 1 },
    { team: '丰台维修组', skill: '燃气维修', technicians: 2, onShift: 1 },
  ]);
  // 表务 in 丰台维修组: the rule names it, nobody has it, so it has no row (the console shows 无人可派).
  expect(res.body.coverage).not.toContainEqual(
    expect.objectContaining({ team: '丰台维修组', skill: '表务' }),
  );
  expect(res.body.coverage).not.toContainEqual(expect.objectContaining({ team: '新建班组' }));
});

it('is for the staff who read the dispatch rules', async () => {
  const technician = await makeStaff(t.deps, ['technician'], { team: '丰台维修组' });
  expect((await t.api('GET', '/api/admin/dispatch-teams', { token: technician.token })).status).toBe(403);
  const dispatcher = await makeStaff(t.deps, ['dispatcher']);
  expect((await t.api('GET', '/api/admin/dispatch-teams', { token: dispatcher.token })).status).toBe(200);
});

it('renames a team in its rules, its people and its open orders, merges into a team already named so, and says what it changed', async () => {
  // (顺序 1: the rule widened to everything above has 50.)
  await put('tz-repair', {
    label: '通州报修',
    type: 'repair',
    areaPrefix: 'TZ',
    team: '通州组',
    skill: '燃气维修',
    order: 1,
  });
  await put('tz-meter', {
    label: '通州换表',
    type: 'meterChange',
    areaPrefix: 'TZ',
    team: '通州组',
    skill: '表务',
  });
  const tech = await makeStaff(t.deps, ['technician'], { team: '通州组', skills: ['燃气维修'] });
  await makeStaff(t.deps, ['technician'], { team: '通州组', skills: ['表务'] });
  await WorkOrderModel.collection.insertMany([
    {
      orderNo: 'WO-TZ-OPEN',
      type: 'repair',
      areaCode: 'TZ-1',
      team: '通州组',
      state: 'open',
      status: 'dispatched',
    },
    {
      orderNo: 'WO-TZ-DONE',
      type: 'repair',
      areaCode: 'TZ-1',
      team: '通州组',
      state: 'closed',
      status: 'closed',
    },
  ]);
  const rename = (
    body: Record<string, unknown>,
    o: { token?: string; headers?: Record<string, string> } = {},
  ) =>
    t.api('POST', '/api/admin/dispatch-teams/rename', {
      token: o.token ?? admin.token,
      headers: o.headers,
      body,
    });

  // Whatever the number of rules, people and orders: four existence checks, three writes, the audit entry.
  const trips = watchRoundTrips();
  await warmSession(t.api, admin.token, 'staff');
  const { result: res, commands } = await trips.of((headers) =>
    rename({ from: '通州组', to: ' 通州维修组 ' }, { headers }),
  );
  trips.stop();
  expect(res.status).toBe(200);
  expectWithinBudget('renameDispatchTeam', commands, 8);
  expect(res.body).toEqual({
    from: '通州组',
    to: '通州维修组',
    merged: false,
    rules: 2,
    staff: 2,
    openOrders: 1,
  });
  const teamOf = async (orderNo: string) => (await WorkOrderModel.findOne({ orderNo }).lean())?.team;
  expect([await teamOf('WO-TZ-OPEN'), await teamOf('WO-TZ-DONE')]).toEqual(['通州维修组', '通州组']);
  expect((await StaffModel.findById(tech.staffId).lean())?.team).toBe('通州维修组');
  expect((await rules()).filter((r) => String(r.key).startsWith('tz-')).map((r) => r.team)).toEqual([
    '通州维修组',
    '通州维修组',
  ]);
  // Dispatch sends the team's orders where it did, under the new name.
  const dry = await t.api('POST', '/api/admin/dispatch-rules/dry-run', {
    token: admin.token,
    body: { type: 'repair', areaCode: 'TZ-1', category: 'indoorFault' },
  });
  expect(dry.body).toMatchObject({ team: '通州维修组', technician: { id: tech.staffId } });
  const teams = (await t.api('GET', '/api/admin/dispatch-teams', { token: admin.token })).body.teams;
  expect(teams).toContain('通州维修组');
  expect(teams).not.toContain('通州组');
  const [entry] = await AuditLogModel.find({ action: 'dispatchTeam.rename' }).lean();
  expect(entry).toMatchObject({ actor: { id: admin.staffId }, target: { id: '通州组' }, after: res.body });

  // Into a team already named so: one team.
  await makeStaff(t.deps, ['technician'], { team: '东郊组', skills: ['燃气维修'] });
  const merged = await rename({ from: '东郊组', to: '通州维修组' });
  expect(merged.body).toMatchObject({ merged: true, rules: 0, staff: 1 });

  // Refused, changing nothing: an unknown team, the same name, an empty one, and anyone but an admin.
  const unknown = await rename({ from: '不存在的组', to: '随便' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toMatchObject({ code: 'TEAM_NOT_FOUND', message: '班组不存在' });
  const same = await rename({ from: '通州维修组', to: '通州维修组' });
  expect(same.status).toBe(400);
  expect(same.body.error.fields).toEqual([{ path: 'body.to', message: '新名称与原名称相同' }]);
  expect((await rename({ from: '通州维修组', to: '  ' })).status).toBe(400);
  const dispatcher = await makeStaff(t.deps, ['dispatcher']);
  expect((await rename({ from: '通州维修组', to: '别的组' }, { token: dispatcher.token })).status).toBe(403);
  expect(await StaffModel.countDocuments({ team: '通州维修组' })).toBe(3);
  expect(await AuditLogModel.countDocuments({ action: 'dispatchTeam.rename' })).toBe(2);
});
