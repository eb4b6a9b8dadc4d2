import type { ChatMessage, ClientFrame, ServerFrame } from '../chat';
import { backoffMs, connectChat, lastSeq, mergeMessages, resumeAfterSeq, type SocketEvents } from './chat';

const msg = (seq: number, text = `m${seq}`): ChatMessage => ({
  id: `id${seq}`,
  sessionId: 's',
  seq,
  from: 'agent',
  kind: 'text',
  text,
  createdAt: '2026-11-24T00:00:00.000Z',
});

describe('chat messages', () => {
  it('keeps each message once, in seq order, whatever the mix of history, acks and replays', () => {
    let list = mergeMessages([], [msg(1), msg(2)]);
    list = mergeMessages(list, [msg(4)]);
    list = mergeMessages(list, [msg(2), msg(3), msg(4)]); // a resume replay overlapping what we hold
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(lastSeq(list)).toBe(4);
  });

  it('resumes after the last message before a hole, so one delivered out of order is not skipped', () => {
    expect(resumeAfterSeq([])).toBe(0);
    expect(resumeAfterSeq([msg(1), msg(2), msg(3)])).toBe(3);
    // 5 was written before the socket joined, 6 arrived live: the replay must start after 4.
    expect(resumeAfterSeq([msg(1), msg(2), msg(3), msg(4), msg(6)])).toBe(4);
    // History paged from the middle of a long conversation.
    expect(resumeAfterSeq([msg(40), msg(41)])).toBe(41);
  });

  it('backs off up to 30 s between reconnects', () => {
    expect(backoffMs(0)).toBe(1000);
    expect(backoffMs(3)).toBe(8000);
    expect(backoffMs(20)).toBe(30_000);
  });
});

/** Sockets the connection opened, each with what it sent and a way to play the server's part. */
function sockets() {
  const opened: { url: string; sent: ClientFrame[]; events: SocketEvents; closedWith?: number }[] = [];
  return {
    opened,
    open: (url: string, events: SocketEvents) => {
      const s = { url, sent: [] as ClientFrame[], events, closedWith: undefined as number | undefined };
      opened.push(s);
      return {
        send: (data: string) => void s.sent.push(JSON.parse(data) as ClientFrame),
        close: (code?: number) => void (s.closedWith = code),
      };
    },
    serve: (i: number, frame: ServerFrame) => opened[i]!.events.onMessage(JSON.stringify(frame)),
  };
}
const ready: ServerFrame = {
  type: 'ready',
  principal: { kind: 'resident', id: 'u1' },
  heartbeatMs: 25_000,
  serverTime: '2026-12-01T00:00:00.000Z',
};
const flush = () => new Promise((r) => setImmediate(r));

describe('the chat connection', () => {
  it('authenticates first, sends what the app holds after ready, and refuses to send before', async () => {
    const net = sockets();
    const frames: ServerFrame[] = [];
    const c = connectChat({
      url: 'ws://h/ws',
      open: net.open,
      token: () => 't1',
      onFrame: (f) => frames.push(f),
      onReady: () => [{ type: 'resume', sessionId: 's', afterSeq: 4 }],
      backoff: () => 1,
    });
    await flush();
    expect(c.send({ type: 'ping' })).toBe(false);
    net.opened[0]!.events.onOpen();
    net.serve(0, ready);
    expect(net.opened[0]!.sent).toEqual([
      { type: 'auth', token: 't1' },
      { type: 'resume', sessionId: 's', afterSeq: 4 },
    ]);
    expect(c.send({ type: 'read', sessionId: 's', seq: 4 })).toBe(true);
    expect(frames.map((f) => f.type)).toEqual(['ready']);
    c.close();
    expect(net.opened[0]!.closedWith).toBe(1000);
  });

  it('reconnects after a drop with the current token and replays what was not acknowledged', async () => {
    const net = sockets();
    let token = 'old';
    const pending: ClientFrame[] = [
      { type: 'send', sessionId: 's', clientMsgId: 'm1', message: { kind: 'text', text: '还在吗' } },
    ];
    const statuses: string[] = [];
    const c = connectChat({
      url: 'ws://h/ws',
      open: net.open,
      token: () => token,
      onFrame: () => undefined,
      onStatus: (s) => statuses.push(s),
      onReady: () => pending,
      backoff: () => 1,
    });
    await flush();
    net.opened[0]!.events.onOpen();
    net.serve(0, ready);
    token = 'renewed';
    net.opened[0]!.events.onClose(1006);
    await new Promise((r) => setTimeout(r, 10));
    expect(net.opened).toHaveLength(2);
    net.opened[1]!.events.onOpen();
    net.serve(1, ready);
    expect(net.opened[1]!.sent).toEqual([{ type: 'auth', token: 'renewed' }, pending[0]]);
    expect(statuses).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
    c.close();
  });

  it('renews the session before reconnecting when the server refused the token', async () => {
    const net = sockets();
    let renewed = 0;
    const c = connectChat({
      url: 'ws://h/ws',
      open: net.open,
      token: () => (renewed ? 'fresh' : 'expired'),
      onFrame: () => undefined,
      onUnauthorized: async () => void (renewed += 1),
      backoff: () => 1,
    });
    await flush();
    net.opened[0]!.events.onOpen();
    net.opened[0]!.events.onClose(4401);
    await new Promise((r) => setTimeout(r, 10));
    expect(renewed).toBe(1);
    net.opened[1]!.events.onOpen();
    expect(net.opened[1]!.sent[0]).toEqual({ type: 'auth', token: 'fresh' });
    c.close();
  });

  it('stays closed once the app closes it, whatever the old socket reports later', async () => {
    const net = sockets();
    const c = connectChat({
      url: 'ws://h/ws',
      open: net.open,
      token: () => 't',
      onFrame: () => undefined,
      backoff: () => 1,
    });
    await flush();
    c.close();
    net.opened[0]!.events.onClose(1006);
    await new Promise((r) => setTimeout(r, 10));
    expect(net.opened).toHaveLength(1);
  });
});
