/**
 * 服务设置: the hotline and chat service hours an admin saves in the console are what residents see
 * everywhere at once: the public settings the apps read, the gas-leak emergency answer and the chat's
 * out-of-hours reply. The deployment's config applies until the first save; every save is audited.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { householder, repairTeam } from '../workorders/fixtures';

// 20:30 in Shanghai: outside 08:30-17:30, inside 00:00-24:00.
const clock = testClock(new Date('2026-12-02T12:30:00Z'));
let t: TestServer;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        SERVICE_HOTLINE: '95158',
        CHAT_SERVICE_HOURS: '00:00-24:00',
        CHAT_LEAVE_MESSAGE_DELAY_MS: '0',
      }),
      { clock },
    ),
  });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
});
afterAll(() => t.close());

it('shows residents the configured hotline and hours until an admin saves others', async () => {
  const shown = await t.api('GET', '/api/settings');
  expect(shown.status).toBe(200);
  expect(shown.body).toEqual({ hotline: '95158', chatServiceHours: '00:00-24:00' });
  const asAdmin = await t.api('GET', '/api/staff/settings', { token: admin.token });
  expect(asAdmin.body).toMatchObject({ source: 'config', updatedBy: null });
});

it('an admin saves the hotline and hours once, and the emergency answer and chat reply use them', async () => {
  const saved = await t.api('PUT', '/api/staff/settings', {
    token: admin.token,
    body: { hotline: '96777', chatServiceHours: '08:30-17:30' },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ hotline: '96777', chatServiceHours: '08:30-17:30', source: 'saved' });
  expect(saved.body.updatedAt).toBe(clock.now().toISOString());
  expect((await t.api('GET', '/api/settings')).body).toEqual({
    hotline: '96777',
    chatServiceHours: '08:30-17:30',
  });

  const entry = await AuditLogModel.findOne({ action: 'settings.update' }).lean();
  expect(entry).toMatchObject({
    actor: { id: admin.staffId },
    before: { hotline: '95158', chatServiceHours: '00:00-24:00' },
    after: { hotline: '96777', chatServiceHours: '08:30-17:30' },
  });

  await repairTeam(t.deps);
  const { account, resident } = await householder(t.deps);
  const leak = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, category: 'gasLeak', description: '闻到燃气味' },
  });
  expect(leak.status).toBe(201);
  expect(leak.body.emergency.hotline).toBe('96777');
  expect(leak.body.emergency.instructions.at(-1)).toContain('96777');

  const chat = await t.api('POST', '/api/chat/sessions', { token: resident.token, body: {} });
  expect(chat.body.session.status).toBe('afterHours');
  expect(chat.body.messages[0].text).toContain('08:30-17:30');
  expect(chat.body.messages[0].text).toContain('96777');
});

it('only an admin may change them, and a wrong number or window is refused in words', async () => {
  const agent = await makeStaff(t.deps, ['agent', 'supervisor']);
  const body = { hotline: '12345', chatServiceHours: '08:00-20:00' };
  expect((await t.api('PUT', '/api/staff/settings', { token: agent.token, body })).status).toBe(403);
  expect((await t.api('GET', '/api/staff/settings', { token: agent.token })).status).toBe(403);
  const { resident } = await householder(t.deps);
  expect((await t.api('PUT', '/api/staff/settings', { token: resident.token, body })).status).toBe(403);

  const badPhone = await t.api('PUT', '/api/staff/settings', {
    token: admin.token,
    body: { hotline: '96777 转 1', chatServiceHours: '08:00-20:00' },
  });
  expect(badPhone.status).toBe(400);
  expect(badPhone.body.error.message).toContain('服务热线');
  const badHours = await t.api('PUT', '/api/staff/settings', {
    token: admin.token,
    body: { hotline: '96777', chatServiceHours: '20:00-20:00' },
  });
  expect(badHours.status).toBe(400);
  expect(badHours.body.error.message).toContain('服务时间');
  expect((await t.api('GET', '/api/settings')).body.hotline).toBe('96777');
});
