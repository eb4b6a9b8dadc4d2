/** Every operator action on a notice is in the audit log: who, what, which notice, what changed. */
import { AuditLogModel } from '../../src/platform/audit';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';

let t: TestServer;
let operator: TestStaff;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig()) });
  operator = await makeStaff(t.deps, ['operator']);
});
afterAll(async () => t.close());

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const call = (method: string, path: string, body: unknown = {}) =>
  t.api(method, path, { token: operator.token, body });
const draft = (over: Record<string, unknown> = {}) => ({
  utility: 'gas',
  kind: 'planned',
  reason: '调压站检修',
  target: { districts: ['审计区'] },
  startAt: hours(72),
  expectedEndAt: hours(80),
  ...over,
});
const entriesFor = async (id: string) => AuditLogModel.find({ 'target.id': id }).sort({ at: 1 }).lean();

it('records drafting, editing, publishing and restoring a notice, with the operator and the fields that changed', async () => {
  const id = (await call('POST', '/api/staff/notices', draft())).body.id as string;
  expect((await call('PATCH', `/api/staff/notices/${id}`, { reason: '调压站年度检修' })).status).toBe(200);
  expect((await call('POST', `/api/staff/notices/${id}/publish`)).status).toBe(200);
  expect((await call('POST', `/api/staff/notices/${id}/restore`)).status).toBe(200);

  const entries = await entriesFor(id);
  expect(entries.map((e) => e.action)).toEqual([
    'notice.create',
    'notice.update',
    'notice.publish',
    'notice.restore',
  ]);
  for (const e of entries) {
    expect(e.actor).toMatchObject({ kind: 'staff', id: operator.staffId });
    expect(e.target).toEqual({ kind: 'notice', id });
    expect(e.requestId).toBeTruthy();
  }
  expect(entries[1]).toMatchObject({ before: { reason: '调压站检修' }, after: { reason: '调压站年度检修' } });
  expect(entries[2]).toMatchObject({ before: { status: 'draft' }, after: { status: 'published' } });
  expect(entries[3]).toMatchObject({ before: { status: 'published' }, after: { status: 'restored' } });
});

it('records scheduling and cancelling; a refused action records nothing', async () => {
  const id = (await call('POST', '/api/staff/notices', draft())).body.id as string;
  expect((await call('POST', `/api/staff/notices/${id}/publish`, { publishAt: hours(1) })).status).toBe(200);
  expect((await call('POST', `/api/staff/notices/${id}/cancel`)).status).toBe(200);
  expect((await call('POST', `/api/staff/notices/${id}/restore`)).status).toBe(409);

  const entries = await entriesFor(id);
  expect(entries.map((e) => e.action)).toEqual(['notice.create', 'notice.schedule', 'notice.cancel']);
  expect(entries[2]).toMatchObject({ before: { status: 'scheduled' }, after: { status: 'cancelled' } });
});
