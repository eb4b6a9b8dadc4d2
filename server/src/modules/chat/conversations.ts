/**
 * The conversation about each of some orders, for the 回访 list: the newest chat session that was about
 * the order (opened from it, or an order opened from the chat) and its last few text messages. Two
 * queries for the whole list, whatever its length.
 */
import type { FollowUpConversation } from '@portal/types';
import { ChatMessageModel } from './chatMessage.model';
import { ChatSessionModel } from './chatSession.model';

const EXCERPT_MESSAGES = 3;

type SessionRow = {
  _id: unknown;
  orderNo?: string | null;
  workOrderNos?: string[];
  status: string;
  queuedAt: Date;
  lastSeq?: number | null;
};

export async function conversationsAboutOrders(
  orderNos: string[],
): Promise<Map<string, FollowUpConversation>> {
  const out = new Map<string, FollowUpConversation>();
  if (!orderNos.length) return out;
  const sessions = await ChatSessionModel.find(
    { $or: [{ orderNo: { $in: orderNos } }, { workOrderNos: { $in: orderNos } }] },
    { orderNo: 1, workOrderNos: 1, status: 1, queuedAt: 1, lastSeq: 1 },
  )
    .sort({ queuedAt: -1 })
    .lean<SessionRow[]>();
  const wanted = new Set(orderNos);
  const chosen = new Map<string, SessionRow>();
  for (const s of sessions) {
    for (const o of [s.orderNo, ...(s.workOrderNos ?? [])]) {
      if (o && wanted.has(o) && !chosen.has(o)) chosen.set(o, s);
    }
  }
  const bySession = new Map<string, SessionRow>();
  for (const s of chosen.values()) bySession.set(String(s._id), s);
  const excerpts = new Map<string, FollowUpConversation['excerpt']>();
  if (bySession.size) {
    const messages = await ChatMessageModel.find(
      {
        $or: [...bySession].map(([id, s]) => ({
          sessionId: id,
          seq: { $gt: (s.lastSeq ?? 0) - EXCERPT_MESSAGES * 2 },
        })),
        kind: 'text',
      },
      { sessionId: 1, seq: 1, from: 1, text: 1, createdAt: 1 },
    )
      .sort({ sessionId: 1, seq: 1 })
      .lean<{ sessionId: string; from: 'resident' | 'agent' | 'system'; text?: string; createdAt: Date }[]>();
    for (const m of messages) {
      const list = excerpts.get(m.sessionId) ?? [];
      list.push({ from: m.from, text: m.text ?? '', at: new Date(m.createdAt).toISOString() });
      excerpts.set(m.sessionId, list);
    }
  }
  for (const [orderNo, s] of chosen) {
    const id = String(s._id);
    out.set(orderNo, {
      sessionId: id,
      status: s.status,
      queuedAt: new Date(s.queuedAt).toISOString(),
      excerpt: (excerpts.get(id) ?? []).slice(-EXCERPT_MESSAGES),
    });
  }
  return out;
}
