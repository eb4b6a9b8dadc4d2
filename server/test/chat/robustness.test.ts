import WebSocket from 'ws';
import { ChatCloseCode } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeResident, makeStaff } from '../factories';
import { ChatClient } from './chatClient';
import { liveChat } from './fixtures';

const MAX = 1024;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00', CHAT_MAX_FRAME_BYTES: String(MAX), CHAT_HEARTBEAT_MS: '300' })),
  });
});
afterAll(() => t.close());

const pingPong = async (c: ChatClient) => {
  c.send({ type: 'ping', t: 42 });
  expect(await c.next((f) => f.type === 'pong')).toEqual({ type: 'pong', t: 42 });
};

describe('who may talk', () => {
  it('refuses frames before authentication and closes with 4401', async () => {
    const c = await ChatClient.connect(t.url);
    c.send({ type: 'resume', sessionId: '6740a1b2c3d4e5f601234567', afterSeq: 0 });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await c.closed).code).toBe(ChatCloseCode.unauthenticated);
  });

  it('refuses a forged or expired token', async () => {
    const c = await ChatClient.connect(t.url);
    const resident = await makeResident(t.deps);
    c.send({ type: 'auth', token: resident.token.slice(0, -4) + 'AAAA' });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await c.closed).code).toBe(ChatCloseCode.unauthenticated);
    const expired = await t.deps.tokens.sign({ kind: 'resident', userId: resident.userId }, -10);
    const d = await ChatClient.connect(t.url);
    d.send({ type: 'auth', token: expired });
    expect((await d.closed).code).toBe(ChatCloseCode.unauthenticated);
  });

  it('refuses staff without a chat role', async () => {
    const tech = await makeStaff(t.deps, ['technician']);
    const c = await ChatClient.connect(t.url);
    c.send({ type: 'auth', token: tech.token });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await c.closed).code).toBe(ChatCloseCode.unauthenticated);
  });

  it("does not let a resident read or write someone else's conversation", async () => {
    const { sessionId, desk } = await liveChat(t);
    const stranger = await makeResident(t.deps);
    const c = await ChatClient.connect(t.url, stranger.token);
    c.send({ type: 'resume', sessionId, afterSeq: 0 });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'CHAT_SESSION_NOT_FOUND' });
    c.send({ type: 'send', sessionId, clientMsgId: 'x1', message: { kind: 'text', text: '偷看' } });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'CHAT_SESSION_NOT_FOUND', ref: 'x1' });
    const http = await t.api('GET', `/api/chat/sessions/${sessionId}/messages`, { token: stranger.token });
    expect(http.status).toBe(404);
    // Another agent may read it (the 360° record) but not speak in it.
    const other = await makeStaff(t.deps, ['agent']);
    const otherDesk = await ChatClient.connect(t.url, other.token);
    otherDesk.send({ type: 'send', sessionId, clientMsgId: 'o1', message: { kind: 'text', text: '插话' } });
    expect(await otherDesk.next((f) => f.type === 'error')).toMatchObject({ code: 'CHAT_NOT_ASSIGNED' });
    expect(c.messages(sessionId)).toHaveLength(0);
    await Promise.all([c.close(), desk.close(), otherDesk.close()]);
  });
});

describe('bad frames', () => {
  it('answers oversize, malformed and unknown frames with an error and keeps the connection', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const c = await ChatClient.connect(t.url, resident.token);
    c.send({ type: 'send', sessionId, clientMsgId: 'big', message: { kind: 'text', text: 'x'.repeat(MAX) } });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    c.sendRaw('{"type":"send",');
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'MALFORMED_FRAME' });
    c.sendRaw(JSON.stringify({ type: 'teleport' }));
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'INVALID_FRAME', ref: 'teleport' });
    c.sendRaw(JSON.stringify({ type: 'send', sessionId, clientMsgId: 'inj', message: { kind: 'text', text: { $gt: '' } } }));
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'INVALID_FRAME', ref: 'inj' });
    await pingPong(c);
    const ok = await c.say(sessionId, '正常的消息');
    expect(ok.duplicate).toBe(false);
    await Promise.all([c.close(), desk.close()]);
  });

  it('cuts a frame far over the limit with 1009 without disturbing other connections', async () => {
    const resident = await makeResident(t.deps);
    const bystander = await makeResident(t.deps);
    const c = await ChatClient.connect(t.url, resident.token);
    const other = await ChatClient.connect(t.url, bystander.token);
    c.sendRaw('x'.repeat(MAX * 5));
    expect((await c.closed).code).toBe(ChatCloseCode.tooLarge);
    await pingPong(other);
    await other.close();
  });

  it('closes a connection after a burst of bad frames (4429)', async () => {
    const resident = await makeResident(t.deps);
    const c = await ChatClient.connect(t.url, resident.token);
    for (let i = 0; i < 25; i++) c.sendRaw('nope');
    expect((await c.closed).code).toBe(ChatCloseCode.tooManyErrors);
  });
});

it('closes a silent connection that stops answering heartbeats (4408)', async () => {
  const resident = await makeResident(t.deps);
  const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', { autoPong: false });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'auth', token: resident.token }));
  const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
  expect(code).toBe(ChatCloseCode.heartbeatTimeout);
});
