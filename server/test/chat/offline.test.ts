import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { ChatClient, isMessage } from './chatClient';
import { liveChat } from './fixtures';

const clock = testClock(new Date('2026-11-24T02:10:00Z'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' }), { clock }),
  });
});
afterAll(() => t.close());

const chatReplies = (sessionId: string) =>
  OutboxModel.find({
    kind: 'message.send',
    dedupeKey: { $gte: `chat-reply:${sessionId}:`, $lt: `chat-reply:${sessionId};` },
  }).lean();

/** The notification is written right after the ack; give it a moment. */
async function repliesSettled(sessionId: string, expected: number) {
  const deadline = Date.now() + 3_000;
  let rows = await chatReplies(sessionId);
  while (rows.length < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    rows = await chatReplies(sessionId);
  }
  await new Promise((r) => setTimeout(r, 200)); // and no more than expected arrive
  return chatReplies(sessionId);
}

it('tells an offline resident "客服已回复" at most once per conversation per hour', async () => {
  const { resident, sessionId, desk } = await liveChat(t);

  // The resident is not connected: three replies in one hour make one message.
  for (const text of ['您好', '请问户号是多少', '在吗?']) await desk.say(sessionId, text);
  let entries = await repliesSettled(sessionId, 1);
  expect(entries).toHaveLength(1);
  expect(entries[0].payload).toMatchObject({
    userId: resident.userId,
    event: 'chatReply',
    data: { agentName: '钱客服', content: '您好' },
  });

  // An hour later, another reply while still offline: a second message.
  clock.advance(60 * 60_000);
  await desk.say(sessionId, '我们稍后再联系您');
  entries = await repliesSettled(sessionId, 2);
  expect(entries).toHaveLength(2);

  // Online residents get the reply on the socket, not as a subscribe message.
  clock.advance(60 * 60_000);
  const phone = await ChatClient.connect(t.url, resident.token);
  await desk.say(sessionId, '您现在在线了');
  await phone.next(isMessage(sessionId, '您现在在线了'));
  expect(await repliesSettled(sessionId, 3)).toHaveLength(2);
  await Promise.all([phone.close(), desk.close()]);
});
