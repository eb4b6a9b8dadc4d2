/** 工单列表: orders by status / area / type with SLA countdowns (listWorkOrders); detail in a drawer. */
import { useState } from 'react';
import { Drawer, Grid, Typography } from 'antd';
import { PagedTable } from '../../shared/PagedTable';
import { OrderFilters } from './orderFilters';
import { orderColumns, orderExportColumns } from './orderColumns';
import { WorkOrderDetail } from './WorkOrderDetail';
import { orderKey } from './types';

export function WorkOrderListPage({
  title = '工单列表',
  fixedQuery,
}: {
  title?: string;
  fixedQuery?: Record<string, string | boolean>;
}) {
  const [open, setOpen] = useState<string>();
  const [refreshKey, setRefreshKey] = useState(0);
  const screens = Grid.useBreakpoint();
  return (
    <>
      <Typography.Title level={4}>{title}</Typography.Title>
      <PagedTable
        operationId="listWorkOrders"
        rowKey="orderNo"
        filters={<OrderFilters />}
        fixedQuery={fixedQuery}
        columns={orderColumns}
        exportName={title}
        exportColumns={orderExportColumns}
        onRowClick={(o) => setOpen(orderKey(o))}
        refreshKey={refreshKey}
      />
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(undefined)}
        width={screens.md ? 720 : '100%'}
        title="工单详情"
        destroyOnClose
      >
        {open && <WorkOrderDetail orderKey={open} onChanged={() => setRefreshKey((k) => k + 1)} />}
      </Drawer>
    </>
  );
}
