/**
 * Console login guessing: parallel guesses cannot get past the lockout (each attempt takes a failure
 * slot atomically before its password is checked), and one client address may fail only
 * STAFF_LOGIN_FAILURES_PER_IP times in 15 minutes, across all usernames.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { createStaff } from '../../src/modules/accounts/staff.service';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
const system = { kind: 'system' as const, id: 'test' };
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ STAFF_LOGIN_FAILURES_PER_IP: '12' })) });
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.api('POST', '/api/staff/login', { body: { username, password } });

it('twenty parallel guesses check at most five passwords, then the account is locked', async () => {
  await createStaff(system, {
    username: 'race01',
    name: '抢答',
    password: 'right-one-123',
    roles: ['agent'],
    areas: [],
    skills: [],
  });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login('race01', `guess-${i}`)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  const checked = await AuditLogModel.countDocuments({
    action: 'staff.login',
    outcome: { $in: ['bad_password', 'locked_now'] },
  });
  expect(checked).toBe(5);
  // The right password does not help now.
  const locked = await login('race01', 'right-one-123');
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe('STAFF_LOCKED');
});

it('counts a staff record written without a failure counter as having every slot free', async () => {
  await createStaff(system, {
    username: 'old01',
    name: '老数据',
    password: 'old-but-gold-9',
    roles: ['agent'],
    areas: [],
    skills: [],
  });
  await StaffModel.collection.updateOne({ username: 'old01' }, { $unset: { failedLogins: '' } });
  expect((await login('old01', 'old-but-gold-9')).status).toBe(200);
});

it('throttles one client address after 12 failures across usernames, whoever it tries next', async () => {
  // The race above failed 5 times from this address already.
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) statuses.push((await login(`nobody-${i}`, 'whatever')).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429]);
  const throttled = await login('old01', 'old-but-gold-9');
  expect(throttled.status).toBe(429);
  expect(throttled.body.error.code).toBe('LOGIN_THROTTLED');
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await AuditLogModel.countDocuments({ action: 'staff.login', outcome: 'ip_throttled' })).toBe(2);
});
