/**
 * 安检计划: inspection plans by area and cycle; create and schedule one, edit it (cycle, visits before a
 * household counts as unreachable, pause, next run day), run its next cycle now, and per plan this
 * cycle's completion rate by area (listInspectionPlans, createInspectionPlan, updateInspectionPlan,
 * runInspectionPlan, getInspectionCompletion).
 */
import { useState } from 'react';
import { Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { PlanFormModal } from './PlanFormModal';
import { ErrorState, QueryState } from '../../shared/QueryState';
import { ExportButtons } from '../../shared/ExportButtons';
import { formatDateTime, formatPercent } from '../../shared/format';

import type { InspectionCompletion, InspectionPlan } from '@portal/types';

type AreaCompletion = InspectionCompletion['areas'][number];

function PlanCompletion({ plan }: { plan: InspectionPlan }) {
  const { data, loading, error, reload } = useApiQuery('getInspectionCompletion', {
    params: { id: plan.id },
  });
  return (
    <QueryState
      loading={loading}
      error={error}
      empty={!data}
      emptyText="本轮尚未生成安检工单"
      onRetry={reload}
    >
      {data && (
        <>
          <Typography.Paragraph>
            第 {data.cycle} 轮:已完成 {data.completed} / {data.total} 户,完成率 {formatPercent(data.rate)}
          </Typography.Paragraph>
          <Table<AreaCompletion>
            size="small"
            rowKey="areaCode"
            dataSource={data.areas}
            pagination={false}
            locale={{ emptyText: '本轮尚未生成安检工单' }}
            columns={[
              { title: '片区', dataIndex: 'areaCode' },
              { title: '应检', dataIndex: 'total' },
              { title: '已检', dataIndex: 'completed' },
              { title: '多次未遇', dataIndex: 'unreachable' },
              {
                title: '完成率',
                render: (_, a) => <Progress percent={Math.round(a.rate * 100)} size="small" />,
              },
            ]}
          />
          <ExportButtons
            fileName={`${plan.name} 第${data.cycle}轮完成率`}
            rows={data.areas}
            columns={[
              { title: '片区', value: (a) => a.areaCode },
              { title: '应检', value: (a) => a.total },
              { title: '已检', value: (a) => a.completed },
              { title: '多次未遇', value: (a) => a.unreachable },
              { title: '完成率', value: (a) => formatPercent(a.rate) },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}

export function InspectionPlansPage() {
  const { data, loading, error, reload } = useApiQuery('listInspectionPlans');
  const [editing, setEditing] = useState<InspectionPlan | 'new'>();
  const [running, run] = useAction();
  const runNow = async (p: InspectionPlan) => {
    const r = await run(
      () => call('runInspectionPlan', { params: { id: p.id } }),
      `已生成第 ${p.cycle + 1} 轮安检工单`,
    );
    if (r) reload();
  };
  return (
    <>
      <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
        <Typography.Title level={4}>安检计划</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新建计划
        </Button>
      </Space>
      {editing && (
        <PlanFormModal
          plan={editing === 'new' ? undefined : editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) reload();
          }}
        />
      )}
      <Card>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Table<InspectionPlan>
            rowKey="id"
            loading={loading}
            dataSource={data ?? []}
            locale={{ emptyText: '还没有安检计划' }}
            expandable={{ expandedRowRender: (p) => <PlanCompletion plan={p} /> }}
            columns={[
              { title: '计划', dataIndex: 'name' },
              { title: '片区', dataIndex: 'areaPrefix' },
              { title: '周期', render: (_, p) => `${p.cycleMonths} 个月` },
              { title: '最多上门', render: (_, p) => `${p.maxAttempts} 次` },
              { title: '当前轮次', dataIndex: 'cycle' },
              { title: '上次生成', render: (_, p) => formatDateTime(p.lastRunAt) },
              { title: '下次执行', render: (_, p) => formatDateTime(p.nextRunAt) },
              {
                title: '状态',
                render: (_, p) => (p.active ? <Tag color="green">执行中</Tag> : <Tag>停用</Tag>),
              },
              {
                title: '操作',
                render: (_, p) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(p)}>
                      编辑
                    </Button>
                    <Button size="small" loading={running} onClick={() => runNow(p)}>
                      立即生成本轮工单
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
