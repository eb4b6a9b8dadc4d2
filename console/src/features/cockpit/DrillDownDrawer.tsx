/**
 * The orders or bills behind a KPI or chart point (getKpiDrilldown), with the cockpit's filters applied;
 * exportable on the page (CSV/Excel of the shown rows) and in full from the server (exportKpis).
 * A collection-rate drill also lists the area's accounts in arrears (listArrears).
 */
import { Drawer, Grid, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { KpiBillRow, KpiOrderRow } from '@portal/types';
import { PagedTable } from '../../shared/PagedTable';
import { fenForExport, formatDateTime, formatFen, formatMinutes } from '../../shared/format';
import { BILL_STATUS_LABELS, ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, label } from '../../shared/labels';
import type { Paged } from '../../services/api';
import type { QueryValue } from '../../services/api';
import { WorkOrderDetail } from '../workOrders/WorkOrderDetail';
import { ServerExportButtons } from './ServerExportButtons';
import type { Drill, KpiDrilldownPage, KpiFilters } from './types';

const ordersOf = (p: KpiDrilldownPage): Paged<KpiOrderRow> => ({
  items: p.orders ?? [],
  total: p.total,
  page: p.page,
  pageSize: p.pageSize,
});
const billsOf = (p: KpiDrilldownPage): Paged<KpiBillRow> => ({
  items: p.bills ?? [],
  total: p.total,
  page: p.page,
  pageSize: p.pageSize,
});
const hitTag = (hit: boolean) => (hit ? <Tag color="blue">计入</Tag> : null);

export function DrillDownDrawer({
  drill,
  filters,
  onClose,
}: {
  drill?: Drill;
  filters: KpiFilters;
  onClose: () => void;
}) {
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [view, setView] = useState<'items' | 'arrears'>('items');
  const [orderNo, setOrderNo] = useState<string>();
  const query: Record<string, QueryValue> = drill
    ? {
        ...filters,
        ...drill.filters,
        bucket: drill.bucket,
        onlyHits: drill.onlyHits === undefined ? undefined : String(drill.onlyHits),
      }
    : {};
  const bills = drill?.kpi === 'collectionRate';
  const arrearsArea = bills && drill?.bucket?.startsWith('area:') ? drill.bucket.slice(5) : undefined;

  return (
    <Drawer
      open={Boolean(drill)}
      onClose={() => {
        setView('items');
        onClose();
      }}
      title={drill?.title}
      width={screens.lg ? 1080 : '100%'}
      destroyOnClose
      extra={
        drill && (
          <ServerExportButtons
            query={{ ...query, table: 'drilldown', kpi: drill.kpi }}
            fileName={drill.title}
          />
        )
      }
    >
      {drill && arrearsArea && (
        <Space style={{ marginBottom: 12 }}>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'items' | 'arrears')}
            options={[
              { value: 'items', label: '账单' },
              { value: 'arrears', label: '欠费户' },
            ]}
          />
        </Space>
      )}
      {drill && !bills && (
        <PagedTable
          operationId="getKpiDrilldown"
          params={{ kpi: drill.kpi }}
          toPage={ordersOf}
          rowKey="orderNo"
          fixedQuery={query}
          emptyText="没有对应的工单"
          columns={[
            { title: '工单号', dataIndex: 'orderNo' },
            { title: '户号', dataIndex: 'accountNo' },
            { title: '片区', dataIndex: 'areaCode' },
            { title: '类型', render: (_, o) => label(ORDER_TYPE_LABELS, o.type) },
            { title: '状态', render: (_, o) => label(ORDER_STATUS_LABELS, o.status) },
            { title: '班组', render: (_, o) => o.team ?? '—' },
            { title: '处理人', render: (_, o) => o.assigneeName ?? '—' },
            { title: '创建', render: (_, o) => formatDateTime(o.createdAt) },
            { title: '响应', render: (_, o) => formatMinutes(o.responseMinutes) },
            { title: '处理', render: (_, o) => formatMinutes(o.handlingMinutes) },
            { title: '评分', render: (_, o) => o.score ?? '—' },
            { title: '', render: (_, o) => hitTag(o.hit) },
          ]}
          exportName={drill.title}
          exportColumns={[
            { title: '工单号', value: (o) => o.orderNo },
            { title: '户号', value: (o) => o.accountNo },
            { title: '片区', value: (o) => o.areaCode },
            { title: '类型', value: (o) => label(ORDER_TYPE_LABELS, o.type) },
            { title: '状态', value: (o) => label(ORDER_STATUS_LABELS, o.status) },
            { title: '创建', value: (o) => formatDateTime(o.createdAt) },
            { title: '计入', value: (o) => (o.hit ? '是' : '否') },
          ]}
          onRowClick={(o) => setOrderNo(o.orderNo)}
        />
      )}
      {drill && bills && view === 'items' && (
        <PagedTable
          operationId="getKpiDrilldown"
          params={{ kpi: drill.kpi }}
          toPage={billsOf}
          rowKey="billId"
          fixedQuery={query}
          emptyText="没有对应的账单"
          columns={[
            { title: '户号', dataIndex: 'accountNo' },
            { title: '片区', dataIndex: 'areaCode' },
            { title: '账期', dataIndex: 'period' },
            { title: '应收', render: (_, b) => formatFen(b.amountDueFen) },
            { title: '状态', render: (_, b) => label(BILL_STATUS_LABELS, b.status) },
            { title: '缴费时间', render: (_, b) => formatDateTime(b.paidAt) },
            { title: '', render: (_, b) => hitTag(b.hit) },
          ]}
          exportName={drill.title}
          exportColumns={[
            { title: '户号', value: (b) => b.accountNo },
            { title: '片区', value: (b) => b.areaCode },
            { title: '账期', value: (b) => b.period },
            { title: '应收(元)', value: (b) => fenForExport(b.amountDueFen) },
            { title: '状态', value: (b) => label(BILL_STATUS_LABELS, b.status) },
          ]}
          onRowClick={(b) => navigate(`/customers/${encodeURIComponent(b.accountNo)}`)}
        />
      )}
      {drill && arrearsArea && view === 'arrears' && (
        <PagedTable
          operationId="listArrears"
          rowKey="accountNo"
          fixedQuery={{ areaCode: arrearsArea }}
          emptyText="该片区没有欠费户"
          columns={[
            { title: '户号', dataIndex: 'accountNo' },
            { title: '户主', dataIndex: 'holderMasked' },
            { title: '地址', dataIndex: 'addressMasked' },
            { title: '欠费', render: (_, r) => formatFen(r.unpaidFen) },
            { title: '欠费账单', dataIndex: 'bills' },
            { title: '最早到期', render: (_, r) => formatDateTime(r.oldestDueDate, 'YYYY-MM-DD') },
          ]}
          exportName={`${arrearsArea} 欠费户`}
          exportColumns={[
            { title: '户号', value: (r) => r.accountNo },
            { title: '地址', value: (r) => r.addressMasked },
            { title: '欠费(元)', value: (r) => fenForExport(r.unpaidFen) },
            { title: '欠费账单', value: (r) => r.bills },
          ]}
          onRowClick={(r) => navigate(`/customers/${encodeURIComponent(r.accountNo)}`)}
        />
      )}
      <Drawer
        open={Boolean(orderNo)}
        onClose={() => setOrderNo(undefined)}
        title={orderNo}
        width={screens.lg ? 820 : '100%'}
        destroyOnClose
      >
        {orderNo && <WorkOrderDetail orderKey={orderNo} readOnly />}
      </Drawer>
    </Drawer>
  );
}
