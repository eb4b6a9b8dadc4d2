import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from '../../shared/format';
import type { ExportColumn } from '../../shared/exportTable';
import { OrderSla } from './OrderSla';
import type { WorkOrder } from './types';

export const orderColumns: ColumnsType<WorkOrder> = [
  { title: '工单号', dataIndex: 'orderNo' },
  { title: '类型', render: (_, o) => `${o.typeLabel}·${o.categoryLabel}` },
  {
    title: '状态',
    render: (_, o) => (
      <>
        <Tag>{o.statusLabel}</Tag>
        {o.escalated && <Tag color="red">升级{o.escalationLevel > 1 ? ` L${o.escalationLevel}` : ''}</Tag>}
      </>
    ),
  },
  { title: '优先级', dataIndex: 'priorityLabel' },
  { title: '时限', render: (_, o) => <OrderSla order={o} /> },
  { title: '片区', dataIndex: 'areaCode' },
  { title: '地址', dataIndex: 'address' },
  { title: '处理人', render: (_, o) => o.assigneeName ?? '—' },
  { title: '创建', render: (_, o) => formatDateTime(o.createdAt) },
];

export const orderExportColumns: ExportColumn<WorkOrder>[] = [
  { title: '工单号', value: (o) => o.orderNo },
  { title: '类型', value: (o) => o.typeLabel },
  { title: '类别', value: (o) => o.categoryLabel },
  { title: '状态', value: (o) => o.statusLabel },
  { title: '时限截止', value: (o) => formatDateTime(o.slaDueAt) },
  { title: '升级', value: (o) => (o.escalated ? '是' : '否') },
  { title: '片区', value: (o) => o.areaCode },
  { title: '地址', value: (o) => o.address },
  { title: '处理人', value: (o) => o.assigneeName },
  { title: '创建', value: (o) => formatDateTime(o.createdAt) },
];
