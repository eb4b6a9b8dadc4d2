import type { ServerFrame } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createWorker } from '../../src/platform/outbox/worker';
import { chatFeature } from '../../src/modules/chat/feature';
import { ChatClient, isSession } from './chatClient';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    // Service hours that never start: every conversation is out of hours.
    deps: createTestDeps(
      testConfig({
        CHAT_SERVICE_HOURS: '09:00-09:00',
        SERVICE_HOTLINE: '96777',
        CHAT_LEAVE_MESSAGE_DELAY_MS: '0',
      }),
    ),
  });
});
afterAll(() => t.close());

it('out of hours answers with the hotline and turns the left message into a 咨询 work order', async () => {
  const accountNo = (await makeAccount()).accountNo;
  const resident = await makeResident(t.deps, { bind: [accountNo] });
  const opened = await t.api('POST', '/api/chat/sessions', {
    token: resident.token,
    body: { text: '请问营业厅周末上班吗' },
  });
  expect(opened.body.session.status).toBe('afterHours');
  const [reply, said] = opened.body.messages;
  expect(reply).toMatchObject({ from: 'system', kind: 'system' });
  expect(reply.text).toContain('96777');
  expect(said.text).toBe('请问营业厅周末上班吗');

  const phone = await ChatClient.connect(t.url, resident.token);
  await phone.say(opened.body.session.id, '户号是' + accountNo);

  // Not offered to agents.
  const agent = await makeStaff(t.deps, ['agent']);
  const queue = await t.api('GET', '/api/chat/queue', { token: agent.token });
  expect(queue.body.waiting.map((s: { id: string }) => s.id)).not.toContain(opened.body.session.id);

  const worker = createWorker({ handlers: chatFeature.jobs!(t.deps), kinds: ['chat.leaveMessage'] });
  expect(await worker.drain()).toBe(1);

  const closed = await phone.next<Extract<ServerFrame, { type: 'session' }>>(
    isSession(opened.body.session.id, 'closed'),
  );
  expect(closed.session.closedBy).toBe('system');
  const [orderNo] = closed.session.workOrderNos;
  expect(orderNo).toMatch(/^WO\d{12}$/);
  const card = await phone.next((f) => f.type === 'message' && f.message.kind === 'card');
  expect(card).toMatchObject({ message: { card: { type: 'workOrder', ref: orderNo } } });

  const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
  expect(order.status).toBe(200);
  expect(order.body).toMatchObject({ orderNo, type: 'consultation', accountNo });
  await phone.close();
});

it('an agent opens a work order from the conversation, pre-filled and linked both ways', async () => {
  const accountNo = (await makeAccount()).accountNo;
  const resident = await makeResident(t.deps, { bind: [accountNo] });
  const agent = await makeStaff(t.deps, ['agent']);
  // This server is always out of hours: put the conversation in the queue by hand so an agent can pick it.
  const opened = await t.api('POST', '/api/chat/sessions', {
    token: resident.token,
    body: { accountNo, text: '厨房有燃气味' },
  });
  const sessionId = opened.body.session.id;
  const { ChatSessionModel } = await import('../../src/modules/chat/chatSession.model');
  await ChatSessionModel.updateOne({ _id: sessionId }, { $set: { status: 'queued' } });
  expect((await t.api('POST', `/api/chat/sessions/${sessionId}/pick`, { token: agent.token })).status).toBe(
    200,
  );

  const created = await t.api('POST', `/api/chat/sessions/${sessionId}/work-orders`, {
    token: agent.token,
    body: { type: 'repair', category: 'gasLeak' },
  });
  expect(created.status).toBe(201);
  const { orderNo } = created.body;
  const session = await t.api('GET', `/api/chat/sessions/${sessionId}`, { token: resident.token });
  expect(session.body.workOrderNos).toEqual([orderNo]);
  const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
  expect(order.body).toMatchObject({ type: 'repair', accountNo });
  const list = await t.api('GET', `/api/chat/sessions?accountNo=${accountNo}`, { token: agent.token });
  expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
});

it('in hours or not, the desk lists the 200 residents waiting longest, and says when more wait', async () => {
  const agent = await makeStaff(t.deps, ['agent']);
  const base = Date.now() - 3_600_000;
  const queued = (i: number) => ({
    userId: `waiting-${i}`,
    openFor: `waiting-${i}`,
    status: 'queued',
    queuedAt: new Date(base + i * 1_000),
  });
  await ChatSessionModel.insertMany(Array.from({ length: 200 }, (_, i) => queued(i)));
  const queue = async () => (await t.api('GET', '/api/chat/queue', { token: agent.token })).body;
  expect((await queue()).waitingMore).toBe(false);
  await ChatSessionModel.create(queued(200));
  const listed = await queue();
  expect(listed.waitingMore).toBe(true);
  expect(listed.waiting.map((s: { userId?: string; queuePosition: number }) => s.queuePosition)).toEqual(
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  const first = await ChatSessionModel.findOne({ userId: 'waiting-0' }).lean();
  expect(listed.waiting[0].id).toBe(String(first!._id));
});
