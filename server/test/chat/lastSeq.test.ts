/**
 * A message is its one insert: the session's lastSeq and lastMessageAt are recorded seconds later, with every
 * session that waited (message.writer.ts). What readers see does not wait for that: session views show the
 * last message the process knows of (latest.ts), and a process that stops records what waited.
 */
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { liveChat } from './fixtures';

const config = testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' }); // shared: tokens hold on both servers
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(config) });
});
afterAll(() => t.close());

const say = (token: string, sessionId: string, text: string, clientMsgId: string) =>
  t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
    token,
    body: { kind: 'text', text, clientMsgId },
  });

it('the session views show a message at once; a note of the server (the close) is recorded at once', async () => {
  const { resident, agent, sessionId, desk } = await liveChat(t);
  const asked = await say(resident.token, sessionId, '请问怎么缴费?', 'last-1');
  const answered = await say(agent.token, sessionId, '在“缴费”页面', 'last-2');
  expect(answered.body.seq).toBe(asked.body.seq + 1);

  const mine = await t.api('GET', `/api/chat/sessions/${sessionId}`, { token: resident.token });
  expect(mine.body).toMatchObject({ lastSeq: answered.body.seq, lastMessageAt: answered.body.createdAt });
  const queue = await t.api('GET', '/api/chat/queue', { token: agent.token });
  expect(queue.body.mine.find((s: { id: string }) => s.id === sessionId)).toMatchObject({
    lastSeq: answered.body.seq,
  });
  const history = await t.api('GET', `/api/chat/sessions/${sessionId}/messages?limit=10`, {
    token: resident.token,
  });
  expect(history.body.lastSeq).toBe(answered.body.seq);

  const closed = await t.api('POST', `/api/chat/sessions/${sessionId}/close`, {
    token: agent.token,
    body: { summary: '已解答' },
  });
  expect(closed.body.lastSeq).toBe(answered.body.seq + 1);
  expect((await ChatSessionModel.findById(sessionId).lean())!.lastSeq).toBe(answered.body.seq + 1);
  await desk.close();
});

it('a process that stops records the lastSeq that waited', async () => {
  const { resident, sessionId, desk } = await liveChat(t);
  const other = await startTestServer({
    deps: createTestDeps(config),
    db: { dbName: t.dbName, drop: async () => undefined },
  });
  const sent = await other.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
    token: resident.token,
    body: { kind: 'text', text: '还在吗?', clientMsgId: 'stop-1' },
  });
  expect(sent.status).toBe(201);
  await other.close();
  expect((await ChatSessionModel.findById(sessionId).lean())!.lastSeq).toBe(sent.body.seq);
  await desk.close();
});
