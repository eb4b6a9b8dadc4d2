import type { ChatMessage } from '@portal/types';
import { backoffMs, lastSeq, mergeMessages } from './merge';

const msg = (seq: number, text = `m${seq}`): ChatMessage => ({
  id: `id${seq}`, sessionId: 's', seq, from: 'agent', kind: 'text', text, createdAt: '2026-11-24T00:00:00.000Z',
});

describe('chat messages', () => {
  it('keeps each message once, in seq order, whatever the mix of history, acks and replays', () => {
    let list = mergeMessages([], [msg(1), msg(2)]);
    list = mergeMessages(list, [msg(4)]);
    list = mergeMessages(list, [msg(2), msg(3), msg(4)]); // a resume replay overlapping what we hold
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(lastSeq(list)).toBe(4);
  });
  it('backs off up to 30 s between reconnects', () => {
    expect(backoffMs(0)).toBe(1000);
    expect(backoffMs(3)).toBe(8000);
    expect(backoffMs(20)).toBe(30_000);
  });
});
