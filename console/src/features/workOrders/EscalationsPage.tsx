/**
 * 升级待办: the SLA breaches of the supervisor's areas, newest first (listEscalations), each confirmed once
 * it is in hand (acknowledgeEscalation: it leaves the open list and stops counting as unattended); below,
 * the orders escalated for SLA breaches or complaints (listWorkOrders with escalated=true).
 */
import type { EscalationItem } from '@portal/types';
import { useState } from 'react';
import { Button, Card, Drawer, Grid, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call } from '../../services/api';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { CappedList } from '../../shared/CappedList';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { WorkOrderDetail } from './WorkOrderDetail';
import { WorkOrderListPage } from './WorkOrderListPage';

export function EscalationsPage() {
  const [open, setOpen] = useState<'true' | 'false'>('true');
  const list = useApiQuery('listEscalations', { query: { open } });
  const [busy, run] = useAction();
  const [order, setOrder] = useState<string>();
  const screens = Grid.useBreakpoint();

  const acknowledge = async (e: EscalationItem) => {
    const done = await run(async () => {
      await call('acknowledgeEscalation', { params: { id: e.id } });
      return true;
    }, `已确认 ${e.orderNo} 的升级`);
    if (done) list.reload();
  };

  const columns: ColumnsType<EscalationItem> = [
    {
      title: '工单号',
      dataIndex: 'orderNo',
      render: (no: string) => (
        <Typography.Link onClick={() => setOrder(no)} aria-label={`查看工单 ${no}`}>
          {no}
        </Typography.Link>
      ),
    },
    { title: '超时环节', dataIndex: 'label' },
    {
      title: '升级级别',
      dataIndex: 'level',
      render: (l: number) => <Tag color={l > 1 ? 'red' : 'orange'}>{l} 级</Tag>,
    },
    { title: '区域', dataIndex: 'areaCode' },
    { title: '超时时间', dataIndex: 'breachedAt', render: (t: string) => formatDateTime(t) },
    {
      title: '操作',
      key: 'actions',
      render: (_, e) =>
        open === 'true' ? (
          <Button size="small" type="primary" loading={busy} onClick={() => void acknowledge(e)}>
            确认
          </Button>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="超时升级"
        extra={
          <Segmented
            value={open}
            onChange={(v) => setOpen(v as 'true' | 'false')}
            options={[
              { label: '待确认', value: 'true' },
              { label: '全部', value: 'false' },
            ]}
          />
        }
      >
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : (
          <CappedList
            more={list.data?.more}
            text={
              open === 'true'
                ? '只列出最新的 200 条待确认升级，另有更早的未列出：确认后依次列出。'
                : '只列出最新的 200 条升级记录。'
            }
          >
            <Table
              rowKey="id"
              size="small"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              columns={columns}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: open === 'true' ? '没有待确认的升级' : '没有升级记录' }}
              scroll={{ x: 'max-content' }}
            />
          </CappedList>
        )}
      </Card>
      <WorkOrderListPage title="升级工单" fixedQuery={{ escalated: 'true' }} />
      <Drawer
        open={Boolean(order)}
        onClose={() => setOrder(undefined)}
        width={screens.md ? 720 : '100%'}
        title="工单详情"
        destroyOnClose
      >
        {order && <WorkOrderDetail orderKey={order} onChanged={list.reload} />}
      </Drawer>
    </Space>
  );
}
