/** 我的任务 (technician, phone-width): shift and location, my open orders as cards, nearest SLA first (listWorkOrders mine=true). */
import { Card, List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useApiQuery } from '../../shared/useApiQuery';
import { QueryState } from '../../shared/QueryState';
import { asPage } from '../../shared/PagedTable';
import { OrderSla } from './OrderSla';
import { ShiftCard } from './ShiftCard';
import { ON_JOB, orderKey, type WorkOrder } from './types';

const dueTime = (o: WorkOrder) => Date.parse(o.slaDueAt ?? '') || Number.MAX_SAFE_INTEGER;

export function TechnicianTasksPage() {
  const navigate = useNavigate();
  const { data, loading, error, reload } = useApiQuery('listWorkOrders', {
    query: { mine: 'true', state: 'open', pageSize: 50 },
  });
  const orders = [...asPage(data).items].sort((a, b) => dueTime(a) - dueTime(b));
  return (
    <>
      <Typography.Title level={4}>我的任务</Typography.Title>
      <ShiftCard onJob={orders.some((o) => ON_JOB.includes(o.status))} />
      <QueryState
        loading={loading}
        error={error}
        empty={!loading && orders.length === 0}
        emptyText="暂无待处理任务"
        onRetry={reload}
      >
        <List
          dataSource={orders}
          renderItem={(o) => (
            <Card
              size="small"
              style={{ marginBottom: 8 }}
              hoverable
              onClick={() => navigate(`/work-orders/mine/${encodeURIComponent(orderKey(o))}`)}
            >
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <strong>{o.orderNo}</strong>
                  <Tag>{o.statusLabel}</Tag>
                </Space>
                <div>{`${o.typeLabel}·${o.categoryLabel}`}</div>
                <div>{o.address}</div>
                <OrderSla order={o} />
              </Space>
            </Card>
          )}
        />
      </QueryState>
    </>
  );
}
