/** 送达明细: per resident, the channel that reached them and why the others were passed over (listNoticeDeliveries). */
import { Form, Select, Tag } from 'antd';
import { PagedTable } from '../../shared/PagedTable';
import { formatDateTime } from '../../shared/format';
import { CHANNEL_LABELS, SKIP_REASON_LABELS } from '../../shared/labels';
import type { NoticeDeliveryRow } from './types';

const STATUS: Record<NoticeDeliveryRow['status'], { text: string; color: string }> = {
  pending: { text: '待发送', color: 'default' },
  sending: { text: '发送中', color: 'processing' },
  sent: { text: '已送达', color: 'green' },
  failed: { text: '失败', color: 'red' },
  unreachable: { text: '无法触达', color: 'orange' },
  uncertain: { text: '状态未知', color: 'gold' },
  cancelled: { text: '已取消', color: 'default' },
};

const skippedText = (r: NoticeDeliveryRow) =>
  r.skipped
    .map((s) => `${CHANNEL_LABELS[s.channel] ?? s.channel}:${SKIP_REASON_LABELS[s.reason] ?? s.reason}`)
    .join(';') || '—';

export function NoticeDeliveryRows({ noticeId }: { noticeId: string }) {
  return (
    <PagedTable
      operationId="listNoticeDeliveries"
      params={{ id: noticeId }}
      rowKey="userId"
      emptyText="暂无送达记录"
      exportName="送达明细"
      filters={
        <>
          <Form.Item name="channel" label="渠道">
            <Select
              allowClear
              style={{ width: 120 }}
              options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              allowClear
              style={{ width: 120 }}
              options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
            />
          </Form.Item>
        </>
      }
      columns={[
        { title: '居民', dataIndex: 'userId' },
        {
          title: '状态',
          render: (_, r) => <Tag color={STATUS[r.status].color}>{STATUS[r.status].text}</Tag>,
        },
        {
          title: '送达渠道',
          render: (_, r) =>
            r.channel && r.channel !== 'none'
              ? `${CHANNEL_LABELS[r.channel]}${r.smsTo === 'holder' ? '(户主手机)' : ''}`
              : '—',
        },
        { title: '未用渠道及原因', render: (_, r) => skippedText(r) },
        { title: '送达时间', render: (_, r) => (r.sentAt ? formatDateTime(r.sentAt) : '—') },
      ]}
      exportColumns={[
        { title: '居民', value: (r) => r.userId },
        { title: '状态', value: (r) => STATUS[r.status].text },
        { title: '送达渠道', value: (r) => (r.channel ? (CHANNEL_LABELS[r.channel] ?? r.channel) : '') },
        { title: '未用渠道及原因', value: skippedText },
      ]}
    />
  );
}
