/**
 * A chat client cannot flood: at most CHAT_MAX_QUEUED_FRAMES frames wait per socket (the rest are
 * refused with TOO_MANY_FRAMES, and a flood closes the socket with 4429), and a resident may send
 * CHAT_MESSAGES_PER_MINUTE messages a minute over all their sockets and HTTP together (agents 4×).
 */
import { ChatCloseCode } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { ChatClient } from './chatClient';
import { liveChat } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  const config = testConfig({
    CHAT_SERVICE_HOURS: '00:00-24:00',
    CHAT_MAX_QUEUED_FRAMES: '3',
    CHAT_MESSAGES_PER_MINUTE: '5',
  });
  t = await startTestServer({ deps: createTestDeps(config) });
});
afterAll(() => t.close());

describe('message rate per resident', () => {
  it('acknowledges five messages a minute, then refuses more on every socket and over HTTP; the agent is not held back', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const phone = await ChatClient.connect(t.url, resident.token);
    for (let i = 0; i < 5; i++) await phone.say(sessionId, `第${i}条`);

    phone.send({ type: 'send', sessionId, clientMsgId: 'sixth', message: { kind: 'text', text: '第6条' } });
    expect(await phone.next((f) => f.type === 'error')).toMatchObject({
      code: 'CHAT_RATE_LIMITED',
      ref: 'sixth',
    });
    // A second socket of the same resident shares the allowance.
    const tablet = await ChatClient.connect(t.url, resident.token);
    tablet.send({
      type: 'send',
      sessionId,
      clientMsgId: 'seventh',
      message: { kind: 'text', text: '第7条' },
    });
    expect(await tablet.next((f) => f.type === 'error')).toMatchObject({
      code: 'CHAT_RATE_LIMITED',
      ref: 'seventh',
    });
    const viaHttp = await t.api('POST', `/api/chat/sessions/${sessionId}/messages`, {
      token: resident.token,
      body: { clientMsgId: 'eighth', kind: 'text', text: '第8条' },
    });
    expect(viaHttp.status).toBe(429);
    expect(viaHttp.body.error.code).toBe('CHAT_RATE_LIMITED');

    // Refused messages were not stored; the agent still answers.
    for (let i = 0; i < 6; i++) await desk.say(sessionId, `回复${i}`);
    phone.send({ type: 'resume', sessionId, afterSeq: 0 });
    await phone.next((f) => f.type === 'resumed');
    const texts = phone.messages(sessionId).map((m) => m.text);
    expect(texts).not.toContain('第6条');
    expect(texts).not.toContain('第7条');
    // The socket stays open after a refusal.
    phone.send({ type: 'ping', t: 3 });
    expect(await phone.next((f) => f.type === 'pong')).toEqual({ type: 'pong', t: 3 });
    await Promise.all([phone.close(), tablet.close(), desk.close()]);
  });
});

describe('frames waiting per socket', () => {
  it('answers every frame of a burst: the ones beyond the queue are refused, not piled up', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const phone = await ChatClient.connect(t.url, resident.token);
    for (let i = 0; i < 10; i++) phone.send({ type: 'resume', sessionId, afterSeq: 0 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        phone.next((f) => f.type === 'resumed' || (f.type === 'error' && f.code === 'TOO_MANY_FRAMES')),
      ),
    );
    const refused = answers.filter((f) => f.type === 'error').length;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(answers.length - refused).toBeGreaterThanOrEqual(3);
    await Promise.all([phone.close(), desk.close()]);
  });

  it('closes a socket that keeps flooding with 4429', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const phone = await ChatClient.connect(t.url, resident.token);
    for (let i = 0; i < 60; i++) phone.send({ type: 'resume', sessionId, afterSeq: 0 });
    expect((await phone.closed).code).toBe(ChatCloseCode.tooManyErrors);
    await desk.close();
  });
});
