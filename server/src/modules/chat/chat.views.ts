/** Documents → the contract's shapes (types/src/chat.ts). */
import type { ChatMessage, ChatSession } from '@portal/types';
import type { PhotoSigner } from '../uploads';
import type { ChatMessageDoc } from './chatMessage.model';
import type { ChatSessionDoc } from './chatSession.model';
import { withLatest } from './latest';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

/** lastSeq and lastMessageAt are the later of the stored ones and the last message this process knows of. */
export function sessionView(stored: ChatSessionDoc, extra: { queuePosition?: number } = {}): ChatSession {
  const s = withLatest(stored);
  return {
    id: s._id.toString(),
    status: s.status as ChatSession['status'],
    userId: s.userId,
    accountNo: s.accountNo ?? undefined,
    orderNo: s.orderNo ?? undefined,
    billId: s.billId ?? undefined,
    agentId: s.agentId ?? undefined,
    agentName: s.agentName ?? undefined,
    queuedAt: iso(s.queuedAt)!,
    assignedAt: iso(s.assignedAt),
    closedAt: iso(s.closedAt),
    closedBy: (s.closedBy ?? undefined) as ChatSession['closedBy'],
    summary: s.summary ?? undefined,
    lastSeq: s.lastSeq ?? 0,
    residentReadSeq: s.residentReadSeq ?? 0,
    agentReadSeq: s.agentReadSeq ?? 0,
    lastMessageAt: iso(s.lastMessageAt),
    rating: s.rating?.score
      ? { score: s.rating.score, comment: s.rating.comment ?? undefined, at: iso(s.rating.at)! }
      : undefined,
    transfers: (s.transfers ?? []).map((t) => ({
      from: t.from ?? '',
      to: t.to ?? '',
      note: t.note ?? undefined,
      at: iso(t.at)!,
    })),
    workOrderNos: s.workOrderNos ?? [],
    ...extra,
  };
}

/** `sign` (upload.service photoSigner) adds image URLs; pass it only for a reader of the session. */
export function messageView(m: ChatMessageDoc, sign?: PhotoSigner): ChatMessage {
  return {
    id: m._id.toString(),
    sessionId: m.sessionId,
    seq: m.seq,
    from: m.from as ChatMessage['from'],
    senderId: m.senderId ?? undefined,
    senderName: m.senderName ?? undefined,
    kind: m.kind as ChatMessage['kind'],
    text: m.text ?? undefined,
    photoId: m.photoId ?? undefined,
    photo: m.photoId && sign ? sign(m.photoId) : undefined,
    card: m.card?.type
      ? {
          type: m.card.type as 'bill' | 'workOrder',
          ref: m.card.ref ?? '',
          title: m.card.title ?? undefined,
          lines: m.card.lines ?? undefined,
        }
      : undefined,
    clientMsgId: m.clientMsgId ?? undefined,
    createdAt: iso(m.createdAt)!,
  };
}
