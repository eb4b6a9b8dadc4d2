/**
 * The apps' shared chat connection (types/src/client/chat.ts) against the real /ws hub, over a real
 * WebSocket: after the socket drops, it reconnects by itself, resends what was not acknowledged and
 * resumes after the last seq it holds, so the resident sees every message once; a refused token is
 * renewed before the next attempt.
 */
import WebSocket from 'ws';
import type { ChatMessage, ClientFrame, ServerFrame } from '@portal/types';
import {
  chatSocketUrl,
  connectChat,
  mergeMessages,
  resumeAfterSeq,
  type OpenSocket,
} from '@portal/types/src/client';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { isMessage } from './chatClient';
import { liveChat } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ CHAT_SERVICE_HOURS: '00:00-24:00' })) });
});
afterAll(() => t.close());

/** The `ws` package as the platform socket; `live` holds the current one so a test can cut it. */
function wsSockets() {
  const live: { ws?: WebSocket } = {};
  const open: OpenSocket = (url, events) => {
    const ws = new WebSocket(url);
    live.ws = ws;
    ws.on('open', () => events.onOpen());
    ws.on('message', (data) => events.onMessage(String(data)));
    ws.on('close', (code) => events.onClose(code));
    ws.on('error', () => undefined); // 'close' follows
    return { send: (d) => ws.send(d), close: (code) => ws.close(code) };
  };
  return { live, open };
}

function until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const v = check();
      if (v !== undefined) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

it('reconnects after a drop, resends the unacknowledged message once and replays what was missed', async () => {
  const { resident, sessionId, desk } = await liveChat(t);
  let messages: ChatMessage[] = [];
  let pending: ClientFrame[] = [];
  const frames: ServerFrame[] = [];
  const net = wsSockets();
  const chat = connectChat({
    url: chatSocketUrl(t.url),
    open: net.open,
    token: () => resident.token,
    backoff: () => 50,
    onReady: () => [...pending, { type: 'resume', sessionId, afterSeq: resumeAfterSeq(messages) }],
    onFrame: (f) => {
      frames.push(f);
      if (f.type === 'ack') {
        pending = pending.filter((p) => p.type !== 'send' || p.clientMsgId !== f.clientMsgId);
        messages = mergeMessages(messages, [f.message]);
      } else if (f.type === 'message' && f.message.sessionId === sessionId)
        messages = mergeMessages(messages, [f.message]);
    },
  });
  await until(() => frames.find((f) => f.type === 'resumed'));

  const first: ClientFrame = {
    type: 'send',
    sessionId,
    clientMsgId: 'shared-1',
    message: { kind: 'text', text: '燃气表不走了' },
  };
  pending.push(first);
  expect(chat.send(first)).toBe(true);
  await until(() => (pending.length === 0 ? true : undefined));
  await desk.say(sessionId, '请拍一张表的照片');
  await until(() => messages.find((m) => m.text === '请拍一张表的照片'));

  // The connection drops as a message leaves, before its ack can come back (the server may or may not
  // have stored it); the agent keeps talking meanwhile.
  const second: ClientFrame = {
    type: 'send',
    sessionId,
    clientMsgId: 'shared-2',
    message: { kind: 'text', text: '拍好了' },
  };
  pending.push(second);
  chat.send(second);
  net.live.ws!.terminate();
  for (const text of ['收到', '师傅下午到']) await desk.say(sessionId, text);

  // Back online by itself: the message is resent with its clientMsgId and acknowledged, the missed ones replayed.
  await until(() => messages.find((m) => m.text === '师傅下午到'));
  await until(() => (pending.length === 0 ? true : undefined));
  await desk.next(isMessage(sessionId, '拍好了'));
  expect(frames.filter((f) => f.type === 'ready')).toHaveLength(2);
  expect(frames.some((f) => f.type === 'ack' && f.clientMsgId === 'shared-2')).toBe(true);

  const stored = await t.api('GET', `/api/chat/sessions/${sessionId}/messages?after=0&limit=200`, {
    token: resident.token,
  });
  expect(messages.map((m) => m.seq)).toEqual(stored.body.items.map((m: ChatMessage) => m.seq));
  expect(messages.filter((m) => m.text === '拍好了')).toHaveLength(1);
  expect(stored.body.items.filter((m: ChatMessage) => m.text === '拍好了')).toHaveLength(1);
  chat.close();
  await desk.close();
});

it('renews a refused token before connecting again', async () => {
  const { resident, desk } = await liveChat(t);
  let token = 'not-a-valid-token';
  let renewals = 0;
  const frames: ServerFrame[] = [];
  const chat = connectChat({
    url: chatSocketUrl(t.url),
    open: wsSockets().open,
    token: () => token,
    backoff: () => 50,
    onFrame: (f) => frames.push(f),
    onUnauthorized: async () => {
      renewals += 1;
      token = resident.token;
    },
  });
  await until(() => frames.find((f) => f.type === 'ready'));
  expect(renewals).toBe(1);
  chat.close();
  await desk.close();
});
