/** The orders or accounts behind a chart or KPI, with the cockpit's filters applied; exportable. */
import { Drawer, Grid } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PagedTable } from '../../shared/PagedTable';
import { formatAddress, type CustomerSummary } from '../customers/types';
import { formatFen } from '../../shared/format';
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
            { title: '地址', render: (_, r) => formatAddress(r.address) },
            { title: '欠费', render: (_, r) => formatFen(r.arrearsFen) },
          ]}
          exportName={drill.title}
          exportColumns={[
            { title: '户号', value: (r) => r.accountNo },
            { title: '户主', value: (r) => r.holderName },
            { title: '地址', value: (r) => formatAddress(r.address) },
            { title: '欠费(元)', value: (r) => formatFen(r.arrearsFen, { symbol: false }) },
          ]}
          onRowClick={(r) => navigate(`/customers/${encodeURIComponent(r.id ?? r.accountNo)}`)}
        />
      )}
    </Drawer>
  );
}
