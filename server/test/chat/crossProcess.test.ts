import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { ChatClient, isMessage, isSession } from './chatClient';
import { liveChat } from './fixtures';

const config = () => testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00', CHAT_POLL_MS: '50' });
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  const c = config();
  a = await startTestServer({ deps: createTestDeps(c) });
  // A second portal on its own port and its own hub, sharing the database (as two processes would).
  b = await startTestServer({
    deps: createTestDeps(c),
    db: { dbName: a.dbName, drop: async () => undefined },
  });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

it('a message sent through one server reaches a socket held by another', async () => {
  const { resident, sessionId, desk } = await liveChat(a); // the agent's socket is on server A
  const phone = await ChatClient.connect(b.url, resident.token); // the resident's on server B

  const fromAgent = await desk.say(sessionId, '您好,这里是在线客服');
  const got = await phone.next((f) => isMessage(sessionId, '您好,这里是在线客服')(f));
  expect(got).toMatchObject({ message: { seq: fromAgent.message.seq } });

  const fromResident = await phone.say(sessionId, '我想问下缴费的事');
  await desk.next(isMessage(sessionId, '我想问下缴费的事'));

  // HTTP on server A, socket on server B: read receipts and session changes travel too.
  await a.api('POST', `/api/chat/sessions/${sessionId}/read`, {
    token: resident.token,
    body: { seq: fromAgent.message.seq },
  });
  expect(await desk.next((f) => f.type === 'read')).toMatchObject({
    by: 'resident',
    seq: fromAgent.message.seq,
  });
  await b.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
    token: resident.token,
    body: { kind: 'text', text: '通过接口发的', clientMsgId: 'http-1' },
  });
  await desk.next(isMessage(sessionId, '通过接口发的'));
  expect(fromResident.message.seq).toBeLessThan(phone.messages(sessionId).at(-1)?.seq ?? Infinity);

  // Nothing is delivered twice to either side.
  await new Promise((r) => setTimeout(r, 300));
  for (const c of [phone, desk]) {
    const seqs = c.messages(sessionId).map((m) => m.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  await Promise.all([phone.close(), desk.close()]);
});

it('an agent connected to the other server is assigned the queued conversation', async () => {
  const { makeResident, makeStaff } = await import('../factories');
  const agent = await makeStaff(b.deps, ['agent']);
  const desk = await ChatClient.connect(b.url, agent.token);
  await b.api('PUT', '/api/chat/agent/status', { token: agent.token, body: { status: 'online' } });
  const resident = await makeResident(a.deps);
  const phone = await ChatClient.connect(a.url, resident.token);
  const opened = await a.api('POST', '/api/chat/sessions', { token: resident.token, body: { text: '在吗' } });
  expect(opened.body.session).toMatchObject({ status: 'active', agentId: agent.staffId });
  await desk.next(isSession(opened.body.session.id, 'active'));
  await phone.next(isSession(opened.body.session.id, 'active'));
  await b.api('PUT', '/api/chat/agent/status', { token: agent.token, body: { status: 'offline' } });
  await Promise.all([phone.close(), desk.close()]);
});

it('a transfer or a close through one server is refused at once by the other, which keeps sessions between messages', async () => {
  const { makeStaff } = await import('../factories');
  const { resident, agent, sessionId, desk } = await liveChat(a);
  const other = await makeStaff(a.deps, ['agent'], { name: '孙客服' });
  const deskOnB = await ChatClient.connect(b.url, agent.token);
  const phone = await ChatClient.connect(b.url, resident.token);
  // Server B knows the conversation now (sessionCache.ts): these are written without reading it.
  await phone.say(sessionId, '表后阀门漏气');
  await deskOnB.say(sessionId, '请先关闭阀门');
  await deskOnB.say(sessionId, '师傅马上到');

  const moved = await a.api('POST', `/api/chat/sessions/${sessionId}/transfer`, {
    token: agent.token,
    body: { toStaffId: other.staffId },
  });
  expect(moved.status).toBe(200);
  await deskOnB.next((f) => f.type === 'session' && f.session.agentId === other.staffId);
  deskOnB.send({
    type: 'send',
    sessionId,
    clientMsgId: 'after-transfer',
    message: { kind: 'text', text: '还是我' },
  });
  expect(await deskOnB.next((f) => f.type === 'error' && f.ref === 'after-transfer')).toMatchObject({
    code: 'CHAT_NOT_ASSIGNED',
  });

  await phone.say(sessionId, '好的');
  const closed = await a.api('POST', `/api/chat/sessions/${sessionId}/close`, {
    token: resident.token,
    body: {},
  });
  expect(closed.status).toBe(200);
  await phone.next(isSession(sessionId, 'closed'));
  phone.send({
    type: 'send',
    sessionId,
    clientMsgId: 'after-close',
    message: { kind: 'text', text: '再问一句' },
  });
  expect(await phone.next((f) => f.type === 'error' && f.ref === 'after-close')).toMatchObject({
    code: 'CHAT_SESSION_CLOSED',
  });
  await Promise.all([phone.close(), deskOnB.close(), desk.close()]);
});
