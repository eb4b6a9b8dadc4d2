import WebSocket from 'ws';
import { ChatCloseCode } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { makeBill } from '../billing/billFactories';
import { ChatClient } from './chatClient';
import { liveChat } from './fixtures';

const MAX = 1024;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        CHAT_SERVICE_HOURS: '00:00-24:00',
        CHAT_MAX_FRAME_BYTES: String(MAX),
        CHAT_HEARTBEAT_MS: '300',
      }),
    ),
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
    expect(await c.next((f) => f.type === 'error')).toMatchObject({
      code: 'CHAT_SESSION_NOT_FOUND',
      ref: 'x1',
    });
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

describe('what a conversation is about', () => {
  it("opens about an order or bill of a bound account, and answers 404 for anyone else's (like accounts)", async () => {
    const mineAcc = await makeAccount();
    const theirAcc = await makeAccount();
    const me = await makeResident(t.deps, { bind: [mineAcc.accountNo] });
    const them = await makeResident(t.deps, { bind: [theirAcc.accountNo] });
    const theirOrder = await t.api('POST', '/api/work-orders', {
      token: them.token,
      body: { accountNo: theirAcc.accountNo, description: '水表漏水' },
    });
    expect(theirOrder.status).toBe(201);
    const theirBill = await makeBill(theirAcc);
    const myBill = await makeBill(mineAcc);

    const byOrder = await t.api('POST', '/api/chat/sessions', {
      token: me.token,
      body: { orderNo: theirOrder.body.orderNo },
    });
    expect(byOrder.status).toBe(404);
    expect(byOrder.body.error.code).toBe('ORDER_NOT_FOUND');
    const missing = await t.api('POST', '/api/chat/sessions', {
      token: me.token,
      body: { orderNo: 'WO999999999999' },
    });
    expect(missing.status).toBe(404);
    const byBill = await t.api('POST', '/api/chat/sessions', {
      token: me.token,
      body: { billId: String(theirBill._id) },
    });
    expect(byBill.status).toBe(404);
    expect(byBill.body.error.code).toBe('BILL_NOT_FOUND');
    // Own bill with someone else's order: still refused, nothing opened.
    const mixed = await t.api('POST', '/api/chat/sessions', {
      token: me.token,
      body: { billId: String(myBill._id), orderNo: theirOrder.body.orderNo },
    });
    expect(mixed.status).toBe(404);
    expect((await t.api('GET', '/api/chat/sessions/mine', { token: me.token })).body.items).toHaveLength(0);

    const ok = await t.api('POST', '/api/chat/sessions', {
      token: me.token,
      body: { billId: String(myBill._id) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.session).toMatchObject({ billId: String(myBill._id), accountNo: mineAcc.accountNo });
    const theirs = await t.api('POST', '/api/chat/sessions', {
      token: them.token,
      body: { orderNo: theirOrder.body.orderNo },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.session).toMatchObject({
      orderNo: theirOrder.body.orderNo,
      accountNo: theirAcc.accountNo,
    });

    const bad = await t.api('POST', '/api/chat/sessions', { token: me.token, body: { billId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.billId');
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
    c.sendRaw(
      JSON.stringify({
        type: 'send',
        sessionId,
        clientMsgId: 'inj',
        message: { kind: 'text', text: { $gt: '' } },
      }),
    );
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
