import type { ChatMessage, ServerFrame } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { ChatClient, isMessage } from './chatClient';
import { liveChat } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' })) });
});
afterAll(() => t.close());

it('a reconnect mid-conversation loses nothing and duplicates nothing', async () => {
  const { resident, sessionId, desk } = await liveChat(t);
  const held = new Map<number, ChatMessage>();
  const keep = (c: ChatClient) => c.messages(sessionId).forEach((m) => held.set(m.seq, m));

  const phone = await ChatClient.connect(t.url, resident.token);
  phone.send({ type: 'resume', sessionId, afterSeq: 0 }); // what was said before this socket opened
  await phone.next((f) => f.type === 'resumed');
  const a1 = await phone.say(sessionId, '第一句', 'r-1');
  held.set(a1.message.seq, a1.message);
  await desk.say(sessionId, '收到第一句');
  await phone.next(isMessage(sessionId, '收到第一句'));
  // The resident's second message is sent, but the connection drops before the ack is seen.
  phone.send({ type: 'send', sessionId, clientMsgId: 'r-2', message: { kind: 'text', text: '第二句' } });
  await desk.next(isMessage(sessionId, '第二句'));
  keep(phone);
  phone.ws.terminate();
  await phone.closed;

  // While the resident is away the agent keeps talking.
  for (const text of ['回复一', '回复二', '回复三']) await desk.say(sessionId, text);

  // Reconnect: resend the unacknowledged message (same clientMsgId), then resume from the last seq held.
  const again = await ChatClient.connect(t.url, resident.token, { inUrl: true });
  const resent = await again.say(sessionId, '第二句', 'r-2');
  expect(resent.duplicate).toBe(true);
  const afterSeq = Math.max(...held.keys());
  again.send({ type: 'resume', sessionId, afterSeq });
  const resumed = await again.next<Extract<ServerFrame, { type: 'resumed' }>>((f) => f.type === 'resumed');
  const replayed = again.messages(sessionId);
  expect(replayed.every((m) => m.seq > afterSeq)).toBe(true);
  for (const m of replayed) {
    expect(held.has(m.seq)).toBe(false); // nothing twice
    held.set(m.seq, m);
  }
  held.set(resent.message.seq, resent.message);

  // What the resident now holds is exactly the stored conversation.
  const history = await t.api('GET', `/api/chat/sessions/${sessionId}/messages?after=0&limit=200`, {
    token: resident.token,
  });
  expect(history.body.items.map((m: ChatMessage) => m.seq)).toEqual([...held.keys()].sort((a, b) => a - b));
  expect(resumed.lastSeq).toBe(history.body.lastSeq);
  const texts = history.body.items.map((m: ChatMessage) => m.text);
  expect(texts.filter((x: string) => x === '第二句')).toHaveLength(1);
  expect(texts).toEqual(
    expect.arrayContaining(['第一句', '收到第一句', '第二句', '回复一', '回复二', '回复三']),
  );

  // Live traffic continues on the new connection.
  await desk.say(sessionId, '还在吗');
  await again.next(isMessage(sessionId, '还在吗'));
  await Promise.all([again.close(), desk.close()]);
});

it('pages history backwards and catches up forwards', async () => {
  const { resident, sessionId, desk } = await liveChat(t);
  for (let i = 1; i <= 7; i++) await desk.say(sessionId, `第${i}条`);
  const newest = await t.api('GET', `/api/chat/sessions/${sessionId}/messages?limit=3`, {
    token: resident.token,
  });
  expect(newest.body.items.map((m: ChatMessage) => m.text)).toEqual(['第5条', '第6条', '第7条']);
  expect(newest.body.hasMore).toBe(true);
  const older = await t.api(
    'GET',
    `/api/chat/sessions/${sessionId}/messages?limit=3&before=${newest.body.items[0].seq}`,
    { token: resident.token },
  );
  expect(older.body.items.map((m: ChatMessage) => m.text)).toEqual(['第2条', '第3条', '第4条']);
  const after = await t.api(
    'GET',
    `/api/chat/sessions/${sessionId}/messages?after=${older.body.items[2].seq}&limit=2`,
    { token: resident.token },
  );
  expect(after.body.items.map((m: ChatMessage) => m.text)).toEqual(['第5条', '第6条']);
  await desk.close();
});
