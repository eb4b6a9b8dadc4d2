import type { ServerFrame } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { ChatClient, isMessage, isSession } from './chatClient';

let t: TestServer;
const clients: ChatClient[] = [];
const connect = async (token?: string, opts?: { inUrl?: boolean }) => {
  const c = await ChatClient.connect(t.url, token, opts);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00', CHAT_POLL_MS: '50' })),
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(() => t.close());

async function agentOnline(agent: TestStaff, capacity?: number) {
  const r = await t.api('PUT', '/api/chat/agent/status', {
    token: agent.token,
    body: { status: 'online', capacity },
  });
  expect(r.status).toBe(200);
  return r.body;
}

describe('a conversation from the queue to the rating', () => {
  let resident: TestResident;
  let accountNo: string;
  let agentA: TestStaff;
  let agentB: TestStaff;

  beforeAll(async () => {
    accountNo = (await makeAccount()).accountNo;
    resident = await makeResident(t.deps, { bind: [accountNo] });
    agentA = await makeStaff(t.deps, ['agent'], { name: '王客服' });
    agentB = await makeStaff(t.deps, ['agent'], { name: '赵客服' });
  });

  it('queues, assigns, exchanges, transfers, closes with a summary and takes a rating', async () => {
    const deskA = await connect(agentA.token);
    const deskB = await connect(agentB.token);
    const phone = await connect(resident.token);

    // Nobody is online: the conversation waits in the queue and agents see it arrive.
    const opened = await t.api('POST', '/api/chat/sessions', {
      token: resident.token,
      body: { accountNo, text: '我家燃气表不走字了' },
    });
    expect(opened.status).toBe(200);
    const session = opened.body.session;
    expect(session).toMatchObject({ status: 'queued', accountNo, queuePosition: 1 });
    expect(opened.body.messages.map((m: { text: string }) => m.text)).toEqual(['我家燃气表不走字了']);
    await deskA.next(isSession(session.id, 'queued'));

    // Agent A goes online: the waiting conversation is assigned to them.
    await agentOnline(agentA);
    const assigned = await phone.next<Extract<ServerFrame, { type: 'session' }>>(
      isSession(session.id, 'active'),
    );
    expect(assigned.session).toMatchObject({ agentId: agentA.staffId, agentName: '王客服' });
    await deskA.next(isSession(session.id, 'active'));
    await phone.next(isMessage(session.id, '客服 王客服 为您服务'));

    // Exchange: each side's message is acknowledged with a seq and reaches the other side.
    const ackA = await deskA.say(session.id, '您好,请问户号是多少?');
    expect(ackA.message.seq).toBeGreaterThan(2);
    const got = await phone.next<Extract<ServerFrame, { type: 'message' }>>(
      isMessage(session.id, '您好,请问户号是多少?'),
    );
    expect(got.message).toMatchObject({ from: 'agent', senderName: '王客服', seq: ackA.message.seq });
    const ackR = await phone.say(session.id, `户号 ${accountNo}`);
    expect(ackR.message.seq).toBe(ackA.message.seq + 1);
    await deskA.next(isMessage(session.id, `户号 ${accountNo}`));

    // Read receipt: the agent has read the resident's message.
    deskA.send({ type: 'read', sessionId: session.id, seq: ackR.message.seq });
    const read = await phone.next((f) => f.type === 'read');
    expect(read).toEqual({ type: 'read', sessionId: session.id, by: 'agent', seq: ackR.message.seq });

    // A card: the agent sends the account's bill.
    deskA.send({
      type: 'send',
      sessionId: session.id,
      clientMsgId: 'card-1',
      message: {
        kind: 'card',
        card: {
          type: 'bill',
          ref: '6740a1b2c3d4e5f601234567',
          title: '2026年10月账单',
          lines: ['应缴 ¥86.40'],
        },
      },
    });
    const card = await phone.next<Extract<ServerFrame, { type: 'message' }>>(
      (f) => f.type === 'message' && f.message.kind === 'card',
    );
    expect(card.message.card).toMatchObject({ type: 'bill', title: '2026年10月账单' });

    // Transfer to agent B: B gets it, the resident is told, A can no longer speak in it.
    const moved = await t.api('POST', `/api/chat/sessions/${session.id}/transfer`, {
      token: agentA.token,
      body: { toStaffId: agentB.staffId, note: '表具问题转专员' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      agentId: agentB.staffId,
      transfers: [{ from: agentA.staffId, to: agentB.staffId }],
    });
    await deskB.next(isSession(session.id, 'active'));
    await phone.next(isMessage(session.id, '已为您转接至客服 赵客服'));
    deskA.send({
      type: 'send',
      sessionId: session.id,
      clientMsgId: 'late',
      message: { kind: 'text', text: '还在吗' },
    });
    expect(await deskA.next((f) => f.type === 'error')).toMatchObject({
      code: 'CHAT_NOT_ASSIGNED',
      ref: 'late',
    });
    await deskB.say(session.id, '您好,我是表具专员');
    await phone.next(isMessage(session.id, '您好,我是表具专员'));

    // B closes with a summary; the resident rates once.
    const closed = await t.api('POST', `/api/chat/sessions/${session.id}/close`, {
      token: agentB.token,
      body: { summary: '表具故障,已建议报修' },
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      closedBy: 'agent',
      summary: '表具故障,已建议报修',
    });
    await phone.next(isSession(session.id, 'closed'));
    phone.send({
      type: 'send',
      sessionId: session.id,
      clientMsgId: 'after',
      message: { kind: 'text', text: '谢谢' },
    });
    expect(await phone.next((f) => f.type === 'error')).toMatchObject({ code: 'CHAT_SESSION_CLOSED' });

    const rated = await t.api('POST', `/api/chat/sessions/${session.id}/rating`, {
      token: resident.token,
      body: { score: 5, comment: '很耐心' },
    });
    expect(rated.status).toBe(200);
    expect(rated.body.rating).toMatchObject({ score: 5, comment: '很耐心' });
    const again = await t.api('POST', `/api/chat/sessions/${session.id}/rating`, {
      token: resident.token,
      body: { score: 1 },
    });
    expect(again.body.error.code).toBe('CHAT_ALREADY_RATED');

    // History: every message once, in seq order.
    const history = await t.api('GET', `/api/chat/sessions/${session.id}/messages?limit=100`, {
      token: agentB.token,
    });
    const seqs = history.body.items.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(
      history.body.items
        .filter((m: { from: string }) => m.from !== 'system')
        .map((m: { text?: string; kind: string }) => m.text ?? m.kind),
    ).toEqual([
      '我家燃气表不走字了',
      '您好,请问户号是多少?',
      `户号 ${accountNo}`,
      'card',
      '您好,我是表具专员',
    ]);

    // Both agents' slots are free again.
    const statusA = await t.api('GET', '/api/chat/agent/status', { token: agentA.token });
    const statusB = await t.api('GET', '/api/chat/agent/status', { token: agentB.token });
    expect(statusA.body.active).toBe(0);
    expect(statusB.body.active).toBe(0);
    await t.api('PUT', '/api/chat/agent/status', { token: agentA.token, body: { status: 'offline' } });
  });
});
