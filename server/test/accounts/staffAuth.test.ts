import { AuditLogModel } from '../../src/platform/audit';
import { createStaff } from '../../src/modules/accounts/staff.service';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { createTestDeps, startTestServer, testClock, type TestServer } from '../harness';
import { makeStaff } from '../factories';

let t: TestServer;
const clock = testClock(new Date('2026-11-20T02:00:00Z'));
const system = { kind: 'system' as const, id: 'test' };
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(undefined, { clock }) });
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.api('POST', '/api/staff/login', { body: { username, password } });

describe('staff login', () => {
  it('logs in with username and password and gets roles and areas', async () => {
    await createStaff(system, {
      username: 'agent01',
      name: '客服小刘',
      password: 'correct-horse',
      roles: ['agent'],
      areas: ['CY'],
      skills: [],
    });
    const res = await login('agent01', 'correct-horse');
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({
      username: 'agent01',
      name: '客服小刘',
      roles: ['agent'],
      areas: ['CY'],
    });
    const me = await t.api('GET', '/api/staff/me', { token: res.body.token });
    expect(me.body).toMatchObject({ username: 'agent01', active: true });
    const stored = await StaffModel.findOne({ username: 'agent01' }).lean();
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await login('agent01', 'wrong-password');
    const unknown = await login('nobody', 'wrong-password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.code).toBe(unknown.body.error.code);
  });

  it('locks the account after 5 failures, then unlocks after 15 minutes', async () => {
    await createStaff(system, {
      username: 'tech01',
      name: '王师傅',
      password: 'pipe-wrench-9',
      roles: ['technician'],
      areas: [],
      skills: [],
    });
    for (let i = 0; i < 5; i++) expect((await login('tech01', `bad-${i}`)).status).toBe(401);
    const locked = await login('tech01', 'pipe-wrench-9');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('STAFF_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await AuditLogModel.countDocuments({ action: 'staff.login', outcome: 'locked_now' })).toBe(1);
    clock.advance(15 * 60_000 + 1000);
    expect((await login('tech01', 'pipe-wrench-9')).status).toBe(200);
  });

  it('a deactivated member cannot log in', async () => {
    await createStaff(system, {
      username: 'gone01',
      name: '离职',
      password: 'whatever-123',
      roles: ['agent'],
      areas: [],
      skills: [],
    });
    await StaffModel.updateOne({ username: 'gone01' }, { $set: { active: false } });
    expect((await login('gone01', 'whatever-123')).status).toBe(401);
  });

  it.each([
    ['missing username', { password: 'x' }, 'body.username'],
    ['operator username', { username: { $gt: '' }, password: 'x' }, 'body.username'],
    ['operator password', { username: 'agent01', password: { $ne: null } }, 'body.password'],
    ['oversize username', { username: 'a'.repeat(1000), password: 'x' }, 'body.username'],
  ])('%s → 400 naming the field', async (_name, body, field) => {
    const res = await t.api('POST', '/api/staff/login', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
  });
});

describe('refreshing a session', () => {
  it('rotates the refresh token; replaying an old one ends the whole session family', async () => {
    const first = await login('agent01', 'correct-horse');
    const second = await t.api('POST', '/api/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.staff.username).toBe('agent01');
    expect((await t.api('GET', '/api/staff/me', { token: second.body.token })).status).toBe(200);

    const replay = await t.api('POST', '/api/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The thief's replay also revoked the token the real user got.
    const after = await t.api('POST', '/api/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(after.status).toBe(401);
  });

  it('refuses an unknown refresh token and bad input', async () => {
    expect(
      (await t.api('POST', '/api/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })).status,
    ).toBe(401);
    const bad = await t.api('POST', '/api/auth/refresh', { body: { refreshToken: { $gt: '' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.refreshToken');
  });
});

describe('staff management (admin)', () => {
  it('creates staff, changes roles, and audits both with the changed fields', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    const created = await t.api('POST', '/api/staff/users', {
      token: admin.token,
      body: {
        username: 'disp01',
        name: '调度员甲',
        password: 'dispatch-123',
        roles: ['dispatcher'],
        areas: ['CY'],
      },
    });
    expect(created.status).toBe(201);
    const updated = await t.api('PATCH', `/api/staff/users/${created.body.id}`, {
      token: admin.token,
      body: { roles: ['dispatcher', 'supervisor'] },
    });
    expect(updated.body.roles).toEqual(['dispatcher', 'supervisor']);
    const log = await t.api('GET', `/api/staff/audit?targetId=${created.body.id}`, { token: admin.token });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['staff.update', 'staff.create']);
    expect(log.body.items[0]).toMatchObject({
      before: { roles: ['dispatcher'] },
      after: { roles: ['dispatcher', 'supervisor'] },
    });
    expect(JSON.stringify(log.body.items)).not.toContain('passwordHash');
    expect(log.body.items[0].actor).toMatchObject({ kind: 'staff', id: admin.staffId });

    const dup = await t.api('POST', '/api/staff/users', {
      token: admin.token,
      body: { username: 'disp01', name: 'x', password: 'dispatch-123', roles: ['dispatcher'] },
    });
    expect(dup.status).toBe(409);
  });

  it('gives a technician a team and skills, and takes them out of the team again', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    const created = await t.api('POST', '/api/staff/users', {
      token: admin.token,
      body: {
        username: 'tech_xc_9',
        name: '西城师傅',
        password: 'technician-123',
        roles: ['technician'],
        areas: ['XC'],
        team: '西城维修组',
        skills: ['燃气维修', '安检'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ team: '西城维修组', skills: ['燃气维修', '安检'] });
    const patch = (body: Record<string, unknown>) =>
      t.api('PATCH', `/api/staff/users/${created.body.id}`, { token: admin.token, body });

    // A skill more, the team kept.
    const more = await patch({ skills: ['燃气维修', '安检', '表务'], team: '西城维修组' });
    expect(more.status).toBe(200);
    expect(more.body).toMatchObject({ team: '西城维修组', skills: ['燃气维修', '安检', '表务'] });
    // An emptied team: out of it (no dispatch rule picks them by team any more), the skills kept.
    const out = await patch({ team: '' });
    expect(out.status).toBe(200);
    expect(out.body.team).toBeUndefined();
    expect((await StaffModel.findById(created.body.id).lean())!.team).toBeUndefined();
    expect(out.body.skills).toEqual(['燃气维修', '安检', '表务']);
    // Left out: unchanged.
    const renamed = await patch({ name: '西城王师傅' });
    expect(renamed.body).toMatchObject({ name: '西城王师傅', skills: ['燃气维修', '安检', '表务'] });
    expect(renamed.body).not.toHaveProperty('team');
    // A team name too long is refused, naming the field, and changes nothing.
    const long = await patch({ team: '组'.repeat(51) });
    expect(long.status).toBe(400);
    expect(long.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.team']);
    expect((await StaffModel.findById(created.body.id).lean())!.team).toBeUndefined();
  });

  it('rejects bad staff input naming the field', async () => {
    const admin = await makeStaff(t.deps, ['admin']);
    const res = await t.api('POST', '/api/staff/users', {
      token: admin.token,
      body: { username: 'ok_name', name: '甲', password: 'short', roles: ['wizard'] },
    });
    expect(res.status).toBe(400);
    const fields = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(fields).toEqual(expect.arrayContaining(['body.password', 'body.roles.0']));
    expect(await StaffModel.exists({ username: 'ok_name' })).toBeNull();
  });
});
