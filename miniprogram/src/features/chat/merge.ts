/**
 * Chat message bookkeeping, free of Taro: messages are kept once each, ordered by seq, whatever mix
 * of HTTP history, `ack`, live `message` and `resume` replays brought them (exactly-once for the
 * user, server/src/modules/chat/README.md). Pending (unacknowledged) sends are kept by clientMsgId.
 */
import type { ChatMessage } from '@portal/types';

export type Pending = { clientMsgId: string; text?: string; photoId?: string; failed?: boolean };

export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, ChatMessage>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export const lastSeq = (messages: ChatMessage[]) => (messages.length ? messages[messages.length - 1]!.seq : 0);

export function newClientMsgId(): string {
  return `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Reconnect backoff: 1 s, 2 s, 4 s … capped at 30 s. */
export const backoffMs = (attempt: number) => Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
