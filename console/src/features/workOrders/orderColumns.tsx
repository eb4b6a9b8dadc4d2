import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from '../../shared/format';
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS, label } from '../../shared/labels';
import type { ExportColumn } from '../../shared/exportTable';
import { formatAddress } from '../customers/types';
import { SlaCountdown } from './SlaCountdown';
import { slaDueOf, staffName, type WorkOrder } from './types';

export const orderColumns: ColumnsType<WorkOrder> = [
  { title: '工单号', dataIndex: 'orderNo' },
  { title: '类型', render: (_, o) => label(ORDER_TYPE_LABELS, o.type) },
  {
    title: '状态',
    render: (_, o) => (
      <>
        <Tag>{label(ORDER_STATUS_LABELS, o.status)}</Tag>
        {o.escalated && <Tag color="red">升级</Tag>}
      </>
    ),
  },
  { title: '时限', render: (_, o) => <SlaCountdown dueAt={slaDueOf(o)} closedAt={o.closedAt} breached={o.sla?.breached} /> },
  { title: '片区', dataIndex: 'areaCode' },
  { title: '地址', render: (_, o) => formatAddress(o.address) },
  { title: '处理人', render: (_, o) => staffName(o.assignee) },
  { title: '创建', render: (_, o) => formatDateTime(o.createdAt) },
];

export const orderExportColumns: ExportColumn<WorkOrder>[] = [
  { title: '工单号', value: (o) => o.orderNo },
  { title: '类型', value: (o) => label(ORDER_TYPE_LABELS, o.type) },
  { title: '状态', value: (o) => label(ORDER_STATUS_LABELS, o.status) },
  { title: '时限', value: (o) => formatDateTime(slaDueOf(o)) },
  { title: '片区', value: (o) => o.areaCode },
  { title: '地址', value: (o) => formatAddress(o.address) },
  { title: '处理人', value: (o) => staffName(o.assignee) },
  { title: '创建', value: (o) => formatDateTime(o.createdAt) },
];
