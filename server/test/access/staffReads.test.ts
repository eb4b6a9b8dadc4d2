/**
 * Staff reads of personal data are seen and bounded: each 360° view, search, phone reveal and export
 * is in the audit log; a staff member has a per-minute limit and an hourly volume that alerts the
 * admins; the 360° record shows the phone masked, and the full number takes an audited reveal.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { documentedOperations } from '../accounts/routeWalk';

let t: TestServer;
let agent: TestStaff;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ STAFF_READS_PER_MINUTE: '6', STAFF_READS_ALERT_PER_HOUR: '4' })),
  });
  agent = await makeStaff(t.deps, ['agent'], { areas: [] });
  await makeStaff(t.deps, ['admin'], { areas: [], phone: '13900009999' });
});
afterAll(() => t.close());

const view = (token: string, accountNo: string) =>
  t.api('GET', `/api/staff/customers/${accountNo}`, { token });

it('shows the phone masked in the 360° record; the full number is an audited reveal, for roles that call customers', async () => {
  const a = await makeAccount({ areaCode: 'RD-A1', holder: { name: '周敏', phone: '13712345678' } });
  const res = await view(agent.token, a.accountNo);
  expect(res.status).toBe(200);
  expect(res.body.account.holder).toEqual({
    name: '周敏',
    phoneMasked: '137****5678',
    idNumberMasked: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toContain('13712345678');

  const revealed = await t.api('POST', `/api/staff/customers/${a.accountNo}/phone`, { token: agent.token });
  expect(revealed.status).toBe(200);
  expect(revealed.body).toEqual({ accountNo: a.accountNo, phone: '13712345678' });
  expect(
    await AuditLogModel.countDocuments({
      action: 'customer.revealPhone',
      'target.id': a.accountNo,
      'actor.id': agent.staffId,
    }),
  ).toBe(1);
  expect(
    await AuditLogModel.countDocuments({
      action: 'customer.view',
      'target.id': a.accountNo,
      'actor.id': agent.staffId,
    }),
  ).toBe(1);

  const manager = await makeStaff(t.deps, ['manager'], { areas: [] });
  expect(
    (await t.api('POST', `/api/staff/customers/${a.accountNo}/phone`, { token: manager.token })).status,
  ).toBe(403);
});

it('audits searches and limits how far they page', async () => {
  const searcher = await makeStaff(t.deps, ['agent'], { areas: [] });
  const res = await t.api('GET', '/api/staff/customers?q=%E5%91%A8', { token: searcher.token });
  expect(res.status).toBe(200);
  expect(
    await AuditLogModel.countDocuments({
      action: 'customer.search',
      'actor.id': searcher.staffId,
      'target.id': '周',
    }),
  ).toBe(1);
  const deep = await t.api('GET', '/api/staff/customers?q=1&page=200&pageSize=100', {
    token: searcher.token,
  });
  expect(deep.status).toBe(400);
  expect(deep.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
    'query.page',
    'query.pageSize',
  ]);
});

it('limits one staff member’s reads per minute and alerts the admins on volume', async () => {
  const reader = await makeStaff(t.deps, ['agent'], { areas: [] });
  const accounts = await Promise.all(Array.from({ length: 7 }, () => makeAccount({ areaCode: 'RD-B1' })));
  const statuses = [];
  for (const a of accounts) statuses.push((await view(reader.token, a.accountNo)).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  const limited = await view(reader.token, accounts[0]!.accountNo);
  expect(limited.body.error.code).toBe('STAFF_READ_LIMITED');
  // Past 4 in the hour, the admins are told (once).
  const alerts = await AuditLogModel.find({
    action: 'security.alert',
    outcome: 'staffReadVolume',
    'target.id': reader.staffId,
  }).lean();
  expect(alerts).toHaveLength(1);
  // Another staff member is not affected.
  expect((await view(agent.token, accounts[0]!.accountNo)).status).toBe(200);
});

it('audits the KPI drill-down export as a personal-data read', async () => {
  const manager = await makeStaff(t.deps, ['manager'], { areas: [] });
  const res = await t.api('GET', '/api/staff/kpis/export?table=drilldown&kpi=orderCount&format=csv', {
    token: manager.token,
  });
  expect(res.status).toBe(200);
  expect(
    await AuditLogModel.countDocuments({ action: 'export.kpiDrilldown', 'actor.id': manager.staffId }),
  ).toBe(1);
});

it('every operation that reads personal data answers 429 once the minute’s reads are spent, as its document says', async () => {
  const reader = await makeStaff(t.deps, ['admin'], { areas: [] });
  const a = await makeAccount({
    areaCode: 'RD-C1',
    address: { district: '朝阳区', community: '读限小区', building: '1', unit: '1', room: '101' },
  });
  for (let i = 0; i < 6; i++) expect((await view(reader.token, a.accountNo)).status).toBe(200);
  const reads: [string, string, string][] = [
    ['getCustomer360', 'GET', `/api/staff/customers/${a.accountNo}`],
    ['searchCustomers', 'GET', `/api/staff/customers?q=${a.accountNo}`],
    ['revealCustomerPhone', 'POST', `/api/staff/customers/${a.accountNo}/phone`],
    ['exportKpis', 'GET', '/api/staff/kpis/export?table=drilldown&kpi=orderCount&format=csv'],
    ['getQrSheet', 'GET', `/api/staff/qr-sheet.pdf?community=${encodeURIComponent('读限小区')}`],
  ];
  const declared = new Map(
    (await documentedOperations(t)).map((op) => [op.operationId, Object.keys(op.responses)]),
  );
  for (const [operationId, method, path] of reads) {
    const res = await t.api(method, path, { token: reader.token });
    expect({ operationId, status: res.status, code: res.body?.error?.code }).toEqual({
      operationId,
      status: 429,
      code: 'STAFF_READ_LIMITED',
    });
    expect({ operationId, declares429: declared.get(operationId)?.includes('429') }).toEqual({
      operationId,
      declares429: true,
    });
  }
});
