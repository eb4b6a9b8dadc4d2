import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeStaff } from '../factories';
import { AuditLogModel } from '../../src/platform/audit';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig()) });
});
afterAll(() => t.close());

it('admins manage quick replies; agents list them but cannot change them', async () => {
  const admin = await makeStaff(t.deps, ['admin']);
  const agent = await makeStaff(t.deps, ['agent']);
  const created = await t.api('POST', '/api/chat/quick-replies', {
    token: admin.token,
    body: { title: '缴费方式', text: '您可以在小程序“缴费”页直接微信支付。', tags: ['缴费'], order: 2 },
  });
  expect(created.status).toBe(201);
  await t.api('POST', '/api/chat/quick-replies', {
    token: admin.token,
    body: { title: '问候', text: '您好,很高兴为您服务', order: 1 },
  });
  const list = await t.api('GET', '/api/chat/quick-replies', { token: agent.token });
  expect(list.body.items.map((q: { title: string }) => q.title)).toEqual(['问候', '缴费方式']);

  const denied = await t.api('POST', '/api/chat/quick-replies', {
    token: agent.token,
    body: { title: 'x', text: 'y' },
  });
  expect(denied.status).toBe(403);
  const bad = await t.api('POST', '/api/chat/quick-replies', {
    token: admin.token,
    body: { title: '', text: 'y' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.title');

  const id = created.body.id;
  const updated = await t.api('PUT', `/api/chat/quick-replies/${id}`, {
    token: admin.token,
    body: { title: '缴费方式', text: '新的说法' },
  });
  expect(updated.body.text).toBe('新的说法');
  expect((await t.api('DELETE', `/api/chat/quick-replies/${id}`, { token: admin.token })).status).toBe(200);
  expect(
    (await t.api('DELETE', `/api/chat/quick-replies/${id}`, { token: admin.token })).body.error.code,
  ).toBe('QUICK_REPLY_NOT_FOUND');
  // Each change is in the audit log, by whom and what changed.
  const trail = await AuditLogModel.find({ 'target.id': id }).sort({ at: 1, _id: 1 }).lean();
  expect(trail.map((e) => e.action)).toEqual(['quickReply.create', 'quickReply.update', 'quickReply.delete']);
  expect(trail.every((e) => e.actor?.id === admin.staffId)).toBe(true);
  expect(trail[1]).toMatchObject({
    before: { text: '您可以在小程序“缴费”页直接微信支付。' },
    after: { text: '新的说法' },
  });
});
