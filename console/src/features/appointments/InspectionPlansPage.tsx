/** 安检计划: inspection plans per area and their completion rate (listInspectionPlans). */
import { Form, Input, Progress, Typography } from 'antd';
import { PagedTable } from '../../shared/PagedTable';
import { formatDate, formatPercent } from '../../shared/format';

type Plan = { id: string; name?: string; areaCode?: string; startDate?: string; dueDate?: string; total?: number; completed?: number };

const rate = (p: Plan) => (p.total ? (p.completed ?? 0) / p.total : 0);

export function InspectionPlansPage() {
  return (
    <>
      <Typography.Title level={4}>安检计划</Typography.Title>
      <PagedTable<Plan>
        operationId="listInspectionPlans"
        rowKey="id"
        filters={
          <Form.Item name="areaCode">
            <Input placeholder="片区编码" allowClear />
          </Form.Item>
        }
        columns={[
          { title: '计划', dataIndex: 'name' },
          { title: '片区', dataIndex: 'areaCode' },
          { title: '开始', render: (_, p) => formatDate(p.startDate) },
          { title: '截止', render: (_, p) => formatDate(p.dueDate) },
          { title: '应检户数', dataIndex: 'total' },
          { title: '已检', dataIndex: 'completed' },
          { title: '完成率', render: (_, p) => <Progress percent={Math.round(rate(p) * 100)} size="small" /> },
        ]}
        exportName="安检计划"
        exportColumns={[
          { title: '计划', value: (p) => p.name },
          { title: '片区', value: (p) => p.areaCode },
          { title: '应检户数', value: (p) => p.total },
          { title: '已检', value: (p) => p.completed },
          { title: '完成率', value: (p) => formatPercent(rate(p)) },
        ]}
      />
    </>
  );
}
