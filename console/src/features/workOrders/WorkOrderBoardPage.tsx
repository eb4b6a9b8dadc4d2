/**
 * 工单看板: who is where (TechnicianBoardCard), open orders in columns by status, each card with its SLA countdown
 * (listWorkOrders). It shows the 100 whose SLA runs out first, and says so when there are more.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Card, Col, Drawer, Empty, Grid, Row, Select, Space, Typography } from 'antd';
import { useApiQuery } from '../../shared/useApiQuery';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ErrorState } from '../../shared/QueryState';
import { asPage } from '../../shared/PagedTable';
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { OrderSla } from './OrderSla';
import { TechnicianBoardCard } from './TechnicianBoardCard';
import { WorkOrderDetail } from './WorkOrderDetail';
import type { WorkOrderType } from '@portal/types';
import { BOARD_COLUMNS, orderKey } from './types';

export function WorkOrderBoardPage() {
  const [type, setType] = useState<WorkOrderType>();
  const [areaCode, setAreaCode] = useState<string>();
  const [open, setOpen] = useState<string>();
  const screens = Grid.useBreakpoint();
  const { data, loading, error, reload } = useApiQuery('listWorkOrders', {
    query: { type, areaPrefix: areaCode, state: 'open', pageSize: 100 },
  });
  const page = asPage(data);
  const orders = page.items;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          工单看板
        </Typography.Title>
        <Select
          placeholder="类型"
          allowClear
          style={{ width: 120 }}
          value={type}
          onChange={setType}
          options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))}
        />
        <AreaCodeSelect style={{ width: 160 }} value={areaCode} onChange={setAreaCode} />
      </Space>
      <TechnicianBoardCard />
      {!error && (page.totalCapped || page.total > orders.length) && (
        <Alert
          type="info"
          showIcon
          style={{ margin: '12px 0' }}
          message={`看板显示时限最紧的 ${orders.length} 单，未结工单共 ${page.total}${page.totalCapped ? '+' : ''} 单`}
          description={
            <>
              其余请到<Link to="/work-orders">工单列表</Link>按状态、类型、片区筛选查看。
            </>
          }
        />
      )}
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }}>
          {BOARD_COLUMNS.map((status) => {
            const inColumn = orders.filter((o) => o.status === status);
            return (
              <Col key={status} flex="0 0 260px">
                <Card
                  size="small"
                  loading={loading}
                  title={
                    <Space>
                      {inColumn[0]?.statusLabel ?? label(ORDER_STATUS_LABELS, status)}
                      <Badge count={inColumn.length} showZero color="#999" />
                    </Space>
                  }
                  styles={{ body: { maxHeight: '70vh', overflowY: 'auto' } }}
                >
                  {inColumn.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" />}
                  {inColumn.map((o) => (
                    <Card
                      key={o.orderNo}
                      size="small"
                      hoverable
                      style={{ marginBottom: 8 }}
                      onClick={() => setOpen(orderKey(o))}
                    >
                      <div style={{ fontWeight: 600 }}>{o.orderNo}</div>
                      <div>
                        {o.typeLabel}·{o.categoryLabel} · {o.areaCode}
                      </div>
                      <div>{o.assigneeName ?? '待派'}</div>
                      <OrderSla order={o} />
                    </Card>
                  ))}
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(undefined)}
        width={screens.md ? 720 : '100%'}
        title="工单详情"
        destroyOnClose
      >
        {open && <WorkOrderDetail orderKey={open} onChanged={reload} />}
      </Drawer>
    </>
  );
}
