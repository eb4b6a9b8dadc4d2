/**
 * 人员动态 on the dispatcher's board: the technicians of my areas, on or off shift, where and when they
 * last shared a position, their open and current orders, and with an order number the distance dispatch
 * counts (getTechnicianBoard). A list, not a map: no tile server is reached.
 */
import { useState } from 'react';
import { Badge, Card, Input, Space, Table, Tag, Typography } from 'antd';
import type { TechnicianOnBoard } from '@portal/types';
import { ErrorState } from '../../shared/QueryState';
import { formatDateTime } from '../../shared/format';
import { useApiQuery } from '../../shared/useApiQuery';

const ORDER_NO = /^WO\d{12,}$/;

export function TechnicianBoardCard() {
  const [orderNo, setOrderNo] = useState('');
  const asked = ORDER_NO.test(orderNo) ? orderNo : undefined;
  const { data, loading, error, reload } = useApiQuery('getTechnicianBoard', { query: { orderNo: asked } });
  return (
    <Card
      size="small"
      title="人员动态"
      style={{ marginBottom: 12 }}
      extra={
        <Input.Search
          aria-label="测距工单号"
          allowClear
          placeholder="输入工单号,按距离排序"
          style={{ width: 240 }}
          onSearch={(v) => setOrderNo(v.trim())}
        />
      }
    >
      {data?.origin && (
        <Typography.Paragraph type="secondary">
          {`距离按${data.origin.source === 'household' ? '居民位置' : `片区中心(${data.origin.label})`}计算`}
        </Typography.Paragraph>
      )}
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<TechnicianOnBoard>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.technicians ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '本片区暂无维修人员' }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '班组', render: (_, t) => t.team ?? '—' },
            {
              title: '状态',
              render: (_, t) =>
                t.onShift ? (
                  <Badge
                    status={t.currentOrderNos.length ? 'processing' : 'success'}
                    text={t.currentOrderNos.length ? '作业中' : '在班'}
                  />
                ) : (
                  <Badge status="default" text="下班" />
                ),
            },
            {
              title: '位置',
              render: (_, t) =>
                t.position
                  ? `${t.position.lat.toFixed(4)}, ${t.position.lng.toFixed(4)}(${formatDateTime(t.position.at, 'HH:mm')})`
                  : '—',
            },
            { title: '距离', render: (_, t) => (t.distanceKm != null ? `${t.distanceKm} km` : '—') },
            { title: '在办', dataIndex: 'openOrders' },
            {
              title: '当前工单',
              render: (_, t) => (
                <Space wrap>
                  {t.currentOrderNos.map((n) => (
                    <Tag key={n}>{n}</Tag>
                  ))}
                </Space>
              ),
            },
            { title: '技能', render: (_, t) => t.skills.join('、') },
          ]}
        />
      )}
    </Card>
  );
}
