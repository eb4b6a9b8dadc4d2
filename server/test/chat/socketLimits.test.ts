/**
 * A chat socket lives no longer than its session token (closed with 4401 at the token's exp, the
 * others untouched), and a chatty client's typing indicator reaches the other side at most once a second.
 */
import { ChatCloseCode } from '@portal/types';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { ChatClient, isMessage } from './chatClient';
import { liveChat } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' })) });
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session token expiry while connected', () => {
  it('closes the resident socket with 4401 when its token expires; the agent stays; a fresh token resumes', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const shortLived = await t.deps.tokens.sign({ kind: 'resident', userId: resident.userId }, 3);
    const c = await ChatClient.connect(t.url, shortLived);
    const connectedAt = Date.now();
    await c.say(sessionId, '在吗');
    await desk.next(isMessage(sessionId, '在吗'));

    const closed = await c.closed;
    expect(closed.code).toBe(ChatCloseCode.unauthenticated);
    expect(c.frames.some((f) => f.type === 'error' && f.code === 'TOKEN_EXPIRED')).toBe(true);
    expect(Date.now() - connectedAt).toBeLessThan(5_000);

    // The agent's socket is not affected.
    desk.send({ type: 'ping', t: 7 });
    expect(await desk.next((f) => f.type === 'pong')).toEqual({ type: 'pong', t: 7 });
    await desk.say(sessionId, '您好,请讲');

    // Back with a fresh token: nothing lost.
    const again = await ChatClient.connect(t.url, resident.token);
    again.send({ type: 'resume', sessionId, afterSeq: 0 });
    await again.next((f) => f.type === 'resumed');
    expect(again.messages(sessionId).map((m) => m.text)).toEqual(
      expect.arrayContaining(['在吗', '您好,请讲']),
    );
    await Promise.all([again.close(), desk.close()]);
  });

  it('a token given in the URL expires the same way', async () => {
    const { resident, desk } = await liveChat(t);
    // exp is in whole seconds: a 1-second token may have almost nothing left when the socket presents it.
    const shortLived = await t.deps.tokens.sign({ kind: 'resident', userId: resident.userId }, 3);
    const c = await ChatClient.connect(t.url, shortLived, { inUrl: true });
    expect((await c.closed).code).toBe(ChatCloseCode.unauthenticated);
    await desk.close();
  });
});

describe('typing indicator', () => {
  it('forwards at most one typing frame per second per socket and drops the rest silently', async () => {
    const { resident, sessionId, desk } = await liveChat(t);
    const c = await ChatClient.connect(t.url, resident.token);
    const typingSeen = () =>
      desk.frames.filter((f) => f.type === 'typing' && f.sessionId === sessionId).length;

    for (let i = 0; i < 10; i++) c.send({ type: 'typing', sessionId });
    await c.say(sessionId, '第一句'); // frames are handled in order: once this arrives, the typing burst has too
    await desk.next(isMessage(sessionId, '第一句'));
    expect(typingSeen()).toBe(1);
    expect(c.frames.filter((f) => f.type === 'error')).toEqual([]);

    await sleep(1_100);
    for (let i = 0; i < 5; i++) c.send({ type: 'typing', sessionId });
    await c.say(sessionId, '第二句');
    await desk.next(isMessage(sessionId, '第二句'));
    expect(typingSeen()).toBe(2);
    await Promise.all([c.close(), desk.close()]);
  });
});
