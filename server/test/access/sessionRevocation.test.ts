/**
 * Staff sessions end with their permissions: deactivating a staff member, changing their roles, areas
 * or password refuses the tokens they already hold on the next HTTP request and the next frame on an
 * open chat socket (and idle sockets at the next heartbeat). Each process caches a subject's token
 * version for a few seconds, so a change made through another instance takes at most that long.
 * However often it is refreshed, a console session ends STAFF_SESSION_MAX_HOURS after the login.
 */
import { ChatCloseCode } from '@portal/types';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { SESSION_CHECK_CACHE_MS } from '../../src/modules/accounts/sessionCheck';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { ChatClient } from '../chat/chatClient';
import { liveChat } from '../chat/fixtures';

let t: TestServer;
let admin: TestStaff;
const clock = testClock(new Date('2026-11-20T02:00:00Z'));
beforeAll(async () => {
  const config = testConfig({
    CHAT_SERVICE_HOURS: '00:00-24:00',
    CHAT_HEARTBEAT_MS: '400',
    STAFF_SESSION_MAX_HOURS: '12',
  });
  t = await startTestServer({ deps: createTestDeps(config, { clock }) });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
});
afterAll(() => t.close());

let seq = 0;
/** A staff member made by the admin through the console API, logged in with their password. */
async function hire(roles: string[], areas: string[]) {
  const username = `revoke_${++seq}`;
  const made = await t.api('POST', '/api/staff/users', {
    token: admin.token,
    body: { username, name: '赵客服', password: 'valve-and-pipe-42', roles, areas, skills: [] },
  });
  expect(made.status).toBe(201);
  const session = await login(username, 'valve-and-pipe-42');
  expect(session.status).toBe(200);
  return {
    id: made.body.id as string,
    username,
    token: session.body.token as string,
    refreshToken: session.body.refreshToken as string,
  };
}
const login = (username: string, password: string) =>
  t.api('POST', '/api/staff/login', { body: { username, password } });
const change = (staffId: string, body: object) =>
  t.api('PATCH', `/api/staff/users/${staffId}`, { token: admin.token, body });
const me = (token: string) => t.api('GET', '/api/staff/me', { token });

describe('over HTTP', () => {
  it('refuses a deactivated staff member’s token on the next request, and their refresh token', async () => {
    const agent = await hire(['agent'], ['RD-A1']);
    expect((await me(agent.token)).status).toBe(200);
    expect((await change(agent.id, { active: false })).status).toBe(200);

    const refused = await me(agent.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect(
      (await t.api('POST', '/api/auth/refresh', { body: { refreshToken: agent.refreshToken } })).status,
    ).toBe(401);
    // Reactivated, the old token stays dead: only a new login works.
    expect((await change(agent.id, { active: true })).status).toBe(200);
    expect((await me(agent.token)).status).toBe(401);
    expect((await me((await login(agent.username, 'valve-and-pipe-42')).body.token)).status).toBe(200);
  });

  it('a technician moved to another area loses the old area at once', async () => {
    const customer = await makeAccount({ areaCode: 'RD-A1' });
    const tech = await hire(['technician'], ['RD-A1']);
    expect(
      (await t.api('GET', `/api/staff/customers/${customer.accountNo}`, { token: tech.token })).status,
    ).toBe(200);

    expect((await change(tech.id, { areas: ['RD-B1'] })).status).toBe(200);
    // The token that still names RD-A1 is refused; the new login carries RD-B1 and sees no RD-A1 customer.
    expect(
      (await t.api('GET', `/api/staff/customers/${customer.accountNo}`, { token: tech.token })).status,
    ).toBe(401);
    const again = await login(tech.username, 'valve-and-pipe-42');
    expect(again.body.staff.areas).toEqual(['RD-B1']);
    expect(
      (await t.api('GET', `/api/staff/customers/${customer.accountNo}`, { token: again.body.token })).status,
    ).toBe(404);
  });

  it('a dispatcher demoted to technician can no longer use the old role’s token', async () => {
    const dispatcher = await hire(['dispatcher'], ['RD-A1']);
    expect((await change(dispatcher.id, { roles: ['technician'] })).status).toBe(200);
    expect((await me(dispatcher.token)).status).toBe(401);
  });

  it('a new password ends every session the staff member had', async () => {
    const agent = await hire(['agent'], ['RD-A1']);
    expect((await change(agent.id, { password: 'a-brand-new-secret-7' })).status).toBe(200);
    expect((await me(agent.token)).status).toBe(401);
    expect(
      (await t.api('POST', '/api/auth/refresh', { body: { refreshToken: agent.refreshToken } })).status,
    ).toBe(401);
  });

  it('a change of name or phone leaves the sessions alone', async () => {
    const agent = await hire(['agent'], ['RD-A1']);
    expect((await change(agent.id, { name: '赵敏', phone: '13900001111' })).status).toBe(200);
    expect((await me(agent.token)).status).toBe(200);
  });

  it('a change written by another instance applies once this process’s short cache of the version runs out', async () => {
    const agent = await hire(['agent'], ['RD-A1']);
    expect((await me(agent.token)).status).toBe(200);
    // Another instance deactivates the member: this process answers from its cache until the window ends.
    await StaffModel.updateOne({ _id: agent.id }, { $set: { active: false }, $inc: { tokenVersion: 1 } });
    expect((await me(agent.token)).status).toBe(200);
    clock.advance(SESSION_CHECK_CACHE_MS + 1);
    expect((await me(agent.token)).status).toBe(401);
  });
});

describe('on an open chat socket', () => {
  it('refuses the next message of a deactivated agent and closes the socket with 4401', async () => {
    const agent = await makeStaff(t.deps, ['agent'], { areas: [] });
    const { sessionId, desk, resident } = await liveChat(t, { agent });
    await desk.say(sessionId, '您好');
    const customer = await ChatClient.connect(t.url, resident.token);

    expect((await change(agent.staffId, { active: false })).status).toBe(200);
    desk.send({
      type: 'send',
      sessionId,
      clientMsgId: 'after-leaving',
      message: { kind: 'text', text: '我已离职但还在发' },
    });
    const err = await desk.next((f) => f.type === 'error');
    expect(err).toMatchObject({ type: 'error', code: 'SESSION_REVOKED' });
    expect((await desk.closed).code).toBe(ChatCloseCode.unauthenticated);
    // Only the message sent before the change was acknowledged.
    expect(desk.frames.filter((f) => f.type === 'ack')).toHaveLength(1);

    // Nothing was stored: the resident's history has no such message.
    customer.send({ type: 'resume', sessionId, afterSeq: 0 });
    await customer.next((f) => f.type === 'resumed');
    expect(customer.messages(sessionId).map((m) => m.text)).not.toContain('我已离职但还在发');
    // The old token cannot open a new socket either.
    const retry = await ChatClient.connect(t.url).then(
      (c) => (c.send({ type: 'auth', token: agent.token }), c),
    );
    expect((await retry.closed).code).toBe(ChatCloseCode.unauthenticated);
    await customer.close();
  });

  it('closes an idle socket of an agent whose areas changed at the next heartbeat', async () => {
    const agent = await makeStaff(t.deps, ['agent'], { areas: ['RD-A1'] });
    const desk = await ChatClient.connect(t.url, agent.token);
    const before = Date.now();
    expect((await change(agent.staffId, { areas: ['RD-B1'] })).status).toBe(200);
    const closed = await desk.closed;
    expect(closed.code).toBe(ChatCloseCode.unauthenticated);
    expect(desk.frames.some((f) => f.type === 'error' && f.code === 'SESSION_REVOKED')).toBe(true);
    expect(Date.now() - before).toBeLessThan(3_000);
  });

  it('an untouched agent’s socket stays open across heartbeats', async () => {
    const agent = await makeStaff(t.deps, ['agent'], { areas: ['RD-A1'] });
    const desk = await ChatClient.connect(t.url, agent.token);
    await new Promise((r) => setTimeout(r, 1_200));
    desk.send({ type: 'ping', t: 1 });
    expect(await desk.next((f) => f.type === 'pong')).toEqual({ type: 'pong', t: 1 });
    await desk.close();
  });
});

describe('absolute session lifetime', () => {
  it('a console session refreshed all day ends 12 hours after the login', async () => {
    const agent = await hire(['agent'], ['RD-A1']);
    let refreshToken = agent.refreshToken;
    for (let hour = 0; hour < 11; hour++) {
      clock.advance(3600_000);
      const r = await t.api('POST', '/api/auth/refresh', { body: { refreshToken } });
      expect(r.status).toBe(200);
      refreshToken = r.body.refreshToken;
    }
    // One hour left: the access token is cut to fit it.
    const last = await t.api('POST', '/api/auth/refresh', { body: { refreshToken } });
    expect(last.status).toBe(200);
    expect(last.body.expiresIn).toBe(3600);
    clock.advance(3600_000 + 1000);
    const over = await t.api('POST', '/api/auth/refresh', { body: { refreshToken: last.body.refreshToken } });
    expect(over.status).toBe(401);
  });
});
