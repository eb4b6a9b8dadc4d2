/** 我的任务 (technician, phone-width): my open orders as cards, nearest SLA first (listWorkOrders mine=true). */
import { Card, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useApiQuery } from '../../shared/useApiQuery';
import { QueryState } from '../../shared/QueryState';
import { asPage } from '../../shared/PagedTable';
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, label } from '../../shared/labels';
import type { Paged } from '../../services/api';
import { formatAddress } from '../customers/types';
import { SlaCountdown } from './SlaCountdown';
import { orderKey, slaDueOf, type WorkOrder } from './types';

const dueTime = (o: WorkOrder) => Date.parse(slaDueOf(o) ?? '') || Number.MAX_SAFE_INTEGER;

export function TechnicianTasksPage() {
  const navigate = useNavigate();
  const { data, loading, error, reload } = useApiQuery<Paged<WorkOrder> | WorkOrder[]>('listWorkOrders', {
    query: { mine: true, open: true, pageSize: 50 },
  });
  const orders = [...asPage(data).items].sort((a, b) => dueTime(a) - dueTime(b));
  return (
    <>
      <Typography.Title level={4}>我的任务</Typography.Title>
      <QueryState loading={loading} error={error} empty={!loading && orders.length === 0} emptyText="暂无待处理任务" onRetry={reload}>
        <List
          dataSource={orders}
          renderItem={(o) => (
            <Card size="small" style={{ marginBottom: 8 }} hoverable onClick={() => navigate(`/work-orders/mine/${encodeURIComponent(orderKey(o))}`)}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <strong>{o.orderNo}</strong>
                  <Tag>{label(ORDER_STATUS_LABELS, o.status)}</Tag>
                </Space>
                <div>{label(ORDER_TYPE_LABELS, o.type)}</div>
                <div>{formatAddress(o.address)}</div>
                <SlaCountdown dueAt={slaDueOf(o)} closedAt={o.closedAt} breached={o.sla?.breached} />
              </Space>
            </Card>
          )}
        />
      </QueryState>
    </>
  );
}
