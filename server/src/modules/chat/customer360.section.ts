/** The chat section of the 360° record: the newest conversations about one account, as summary rows. */
import type { Customer360ChatSection, CustomerChatRow } from '@portal/types';
import { findPage } from '../../platform/db/page';
import { ChatSessionModel, type ChatSessionDoc } from './chatSession.model';

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

const ROW_FIELDS = {
  status: 1,
  queuedAt: 1,
  closedAt: 1,
  agentName: 1,
  summary: 1,
  orderNo: 1,
  'rating.score': 1,
} as const;
type RowDoc = Pick<
  ChatSessionDoc,
  '_id' | 'status' | 'queuedAt' | 'closedAt' | 'agentName' | 'summary' | 'orderNo' | 'rating'
>;

const chatRow = (s: RowDoc): CustomerChatRow => ({
  id: String(s._id),
  status: s.status,
  queuedAt: iso(s.queuedAt),
  closedAt: iso(s.closedAt),
  agentName: s.agentName ?? undefined,
  summary: s.summary ?? undefined,
  orderNo: s.orderNo ?? undefined,
  score: typeof s.rating?.score === 'number' ? s.rating.score : undefined,
});

export async function customerChatSection(accountNo: string, limit: number): Promise<Customer360ChatSection> {
  const { items, total } = await findPage<RowDoc>(
    ChatSessionModel,
    { accountNo },
    { sort: { queuedAt: -1 }, limit, projection: ROW_FIELDS },
  );
  return { items: items.map(chatRow), total };
}
