/** The orders or accounts behind a chart or KPI, with the cockpit's filters applied; exportable. */
import { Drawer, Grid } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PagedTable } from '../../shared/PagedTable';
import type { CustomerSummary } from '../customers/types';
import { orderColumns, orderExportColumns } from '../workOrders/orderColumns';
import { orderKey, type WorkOrder } from '../workOrders/types';
import type { Drill } from './types';
import type { QueryValue } from '../../services/operations';

export function DrillDownDrawer({ drill, onClose }: { drill?: Drill; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const query = (drill?.query ?? {}) as Record<string, QueryValue>;
  return (
    <Drawer open={Boolean(drill)} onClose={onClose} title={drill?.title} width={screens.lg ? 960 : '100%'} destroyOnClose>
      {drill?.list === 'orders' && (
        <PagedTable<WorkOrder>
          operationId="listWorkOrders"
          rowKey="orderNo"
          fixedQuery={query}
          columns={orderColumns}
          exportName={drill.title}
          exportColumns={orderExportColumns}
          onRowClick={(o) => navigate(`/work-orders/${encodeURIComponent(orderKey(o))}`)}
        />
      )}
      {drill?.list === 'accounts' && (
        <PagedTable<CustomerSummary>
          operationId="searchCustomers"
          rowKey="accountNo"
          fixedQuery={query}
          columns={[
            { title: '户号', dataIndex: 'accountNo' },
            { title: '户主', dataIndex: 'holderName' },
            { title: '地址', dataIndex: 'address' },
            { title: '片区', dataIndex: 'areaCode' },
            { title: '状态', dataIndex: 'status' },
          ]}
          exportName={drill.title}
          exportColumns={[
            { title: '户号', value: (r) => r.accountNo },
            { title: '户主', value: (r) => r.holderName },
            { title: '地址', value: (r) => r.address },
            { title: '片区', value: (r) => r.areaCode },
          ]}
          onRowClick={(r) => navigate(`/customers/${encodeURIComponent(r.accountNo)}`)}
        />
      )}
    </Drawer>
  );
}
