/**
 * 派单规则: rules that pick a technician by area, order type and skill (listDispatchRules,
 * updateDispatchRule), and a dry run that shows who an order would go to (dryRunDispatch).
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { call } from '../../services/api';
import { describeError } from '../../services/apiError';
import { PagedTable } from '../../shared/PagedTable';
import { useAction } from '../../shared/useAction';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { EditModal } from './JsonEditModal';

type Rule = { id: string; name?: string; priority?: number; orderTypes?: string[]; areaPrefixes?: string[]; skills?: string[]; strategy?: string; enabled?: boolean };
type DryRun = { assignee?: { id?: string; name?: string }; rule?: { id?: string; name?: string }; reason?: string; candidates?: Array<{ name?: string; score?: number }> };

export function DispatchRulesPage() {
  const [editing, setEditing] = useState<Rule>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  const [dry, setDry] = useState<DryRun>();
  const [dryError, setDryError] = useState<string>();

  const dryRun = async (v: { type: string; areaCode: string }) => {
    setDryError(undefined);
    try {
      setDry(await call<DryRun>('dryRunDispatch', { body: v }));
    } catch (e) {
      setDry(undefined);
      setDryError(describeError(e));
    }
  };

  return (
    <>
      <Typography.Title level={4}>派单规则</Typography.Title>
      <Card size="small" title="试运行" style={{ marginBottom: 12 }}>
        <Form layout="inline" onFinish={dryRun}>
          <Form.Item name="type" rules={[{ required: true, message: '类型' }]}>
            <Select placeholder="工单类型" style={{ width: 120 }} options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))} />
          </Form.Item>
          <Form.Item name="areaCode" rules={[{ required: true, message: '片区' }]}>
            <Input placeholder="片区编码" />
          </Form.Item>
          <Button htmlType="submit">试派</Button>
        </Form>
        {dryError && <Alert type="error" message={dryError} style={{ marginTop: 12 }} />}
        {dry && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label="将派给">{dry.assignee?.name ?? '无合适人员'}</Descriptions.Item>
            <Descriptions.Item label="命中规则">{dry.rule?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="说明">{dry.reason ?? '—'}</Descriptions.Item>
            {dry.candidates && (
              <Descriptions.Item label="候选">
                <Space wrap>{dry.candidates.map((c, i) => <Tag key={i}>{`${c.name ?? '—'}${c.score !== undefined ? ` (${c.score})` : ''}`}</Tag>)}</Space>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <PagedTable<Rule>
        operationId="listDispatchRules"
        rowKey="id"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '顺序', dataIndex: 'priority' },
          { title: '名称', dataIndex: 'name' },
          { title: '工单类型', render: (_, r) => r.orderTypes?.map((t) => label(ORDER_TYPE_LABELS, t)).join('、') || '全部' },
          { title: '片区', render: (_, r) => r.areaPrefixes?.join('、') || '全部' },
          { title: '技能', render: (_, r) => r.skills?.join('、') || '—' },
          { title: '策略', dataIndex: 'strategy' },
          { title: '启用', render: (_, r) => (r.enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>) },
        ]}
        exportName="派单规则"
        exportColumns={[
          { title: '顺序', value: (r) => r.priority },
          { title: '名称', value: (r) => r.name },
          { title: '片区', value: (r) => r.areaPrefixes?.join(' ') },
          { title: '策略', value: (r) => r.strategy },
        ]}
      />
      <EditModal
        title="编辑规则"
        record={editing}
        busy={busy}
        fields={[
          { name: 'name', label: '名称', required: true },
          { name: 'priority', label: '顺序(小的先匹配)', kind: 'number' },
          { name: 'strategy', label: '策略' },
          { name: 'enabled', label: '启用', kind: 'bool' },
        ]}
        onCancel={() => setEditing(undefined)}
        onSave={async (v) => {
          const ok = await run(() => call('updateDispatchRule', { params: { ruleId: editing!.id, id: editing!.id }, body: v }), '已保存');
          if (ok !== undefined) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
      />
    </>
  );
}
