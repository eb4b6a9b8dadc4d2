/**
 * 全部会话: every conversation (listChatSessions), filtered by 户号 and status, for supervisors to look
 * through past ones; picking one opens it in the desk read-only.
 */
import { useState } from 'react';
import { Input, List, Rate, Select, Space, Tag } from 'antd';
import type { ChatSessionStatus, ListChatSessionsQuery } from '@portal/types';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';
import type { ChatSession } from './types';

export const CHAT_STATUS_LABELS: Record<ChatSessionStatus, string> = {
  queued: '排队中',
  active: '进行中',
  afterHours: '非工作时间留言',
  closed: '已结束',
};

type Props = { selectedId?: string; onOpen: (s: ChatSession) => void };

export function ChatHistoryPanel({ selectedId, onOpen }: Props) {
  const [filter, setFilter] = useState<Partial<ListChatSessionsQuery>>({ status: 'closed' });
  const { data, loading, error, reload } = useApiQuery('listChatSessions', {
    query: { ...filter, limit: 50 },
  });
  return (
    <>
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input.Search
          allowClear
          placeholder="户号"
          aria-label="按户号筛选"
          onSearch={(v) => setFilter((f) => ({ ...f, accountNo: v.trim() || undefined }))}
        />
        <Select
          allowClear
          placeholder="状态"
          aria-label="按状态筛选"
          style={{ width: 110 }}
          value={filter.status}
          onChange={(status?: ChatSessionStatus) => setFilter((f) => ({ ...f, status }))}
          options={Object.entries(CHAT_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Space.Compact>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: '没有符合条件的会话' }}
          renderItem={(s) => (
            <List.Item
              style={{
                cursor: 'pointer',
                background: selectedId === s.id ? '#e6f4ff' : undefined,
                paddingInline: 8,
              }}
              onClick={() => onOpen(s)}
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    {s.accountNo ?? '访客'}
                    <Tag>{CHAT_STATUS_LABELS[s.status]}</Tag>
                    {s.rating && <Rate disabled count={5} value={s.rating.score} style={{ fontSize: 10 }} />}
                  </Space>
                }
                description={`${formatDateTime(s.queuedAt, 'MM-DD HH:mm')} ${s.agentName ?? ''}${
                  s.workOrderNos.length ? ` 工单 ${s.workOrderNos.join(',')}` : ''
                }`}
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}
