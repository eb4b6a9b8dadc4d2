/**
 * 派单规则: rules that pick a team and skill by area, order type and category (listDispatchRules,
 * putDispatchRule), and a dry run that shows who an order would go to (dryRunDispatch).
 */
import type { DispatchDecision, DispatchDryRunBody, DispatchRule } from '@portal/types';
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { call } from '../../services/api';
import { describeError } from '../../services/apiError';
import { PagedTable } from '../../shared/PagedTable';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { useAction } from '../../shared/useAction';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { EditModal } from './JsonEditModal';

type Rule = DispatchRule;
type DryRun = DispatchDecision;

export function DispatchRulesPage() {
  const [editing, setEditing] = useState<Rule>();
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, run] = useAction();
  const [dry, setDry] = useState<DryRun>();
  const [dryError, setDryError] = useState<string>();

  /** The form's fields are the dry run's body; the server refuses a category it does not know (400). */
  const dryRun = async (v: DispatchDryRunBody) => {
    setDryError(undefined);
    try {
      setDry(await call('dryRunDispatch', { body: { ...v, category: v.category || undefined } }));
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
            <Select
              placeholder="工单类型"
              style={{ width: 120 }}
              options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))}
            />
          </Form.Item>
          <Form.Item name="areaCode" rules={[{ required: true, message: '片区' }]}>
            <AreaCodeSelect />
          </Form.Item>
          <Form.Item name="category">
            <Input placeholder="类别(可选,如 gasLeak)" />
          </Form.Item>
          <Button htmlType="submit">试派</Button>
        </Form>
        {dryError && <Alert type="error" message={dryError} style={{ marginTop: 12 }} />}
        {dry && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label="将派给">
              {dry.technician
                ? `${dry.technician.name}(在办 ${dry.technician.openOrders} 单)`
                : dry.queue === 'dispatch'
                  ? '进入调度台人工派单'
                  : '无合适人员'}
            </Descriptions.Item>
            <Descriptions.Item label="班组">{dry.team ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="命中规则">{dry.rule?.label ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="说明">{dry.reason}</Descriptions.Item>
            {dry.candidates.length > 0 && (
              <Descriptions.Item label="候选">
                <Space wrap>
                  {dry.candidates.map((c) => (
                    <Tag key={c.id}>{`${c.name}(在办 ${c.openOrders})`}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <PagedTable
        operationId="listDispatchRules"
        rowKey="key"
        refreshKey={refreshKey}
        onRowClick={setEditing}
        columns={[
          { title: '顺序', dataIndex: 'order' },
          { title: '名称', dataIndex: 'label' },
          { title: '工单类型', render: (_, r) => (r.type ? label(ORDER_TYPE_LABELS, r.type) : '全部') },
          { title: '类别', render: (_, r) => r.category ?? '全部' },
          { title: '片区', render: (_, r) => r.areaPrefix ?? '全部' },
          { title: '班组', dataIndex: 'team' },
          { title: '技能', dataIndex: 'skill' },
          {
            title: '启用',
            render: (_, r) => (r.enabled === false ? <Tag>停用</Tag> : <Tag color="green">启用</Tag>),
          },
        ]}
        exportName="派单规则"
        exportColumns={[
          { title: '编码', value: (r) => r.key },
          { title: '名称', value: (r) => r.label },
          { title: '工单类型', value: (r) => r.type },
          { title: '片区', value: (r) => r.areaPrefix },
          { title: '班组', value: (r) => r.team },
          { title: '技能', value: (r) => r.skill },
        ]}
      />
      <EditModal
        title="编辑规则"
        record={editing}
        busy={busy}
        fields={[
          { name: 'label', label: '名称', required: true },
          { name: 'order', label: '顺序(小的先匹配)', kind: 'number' },
          { name: 'team', label: '班组', required: true },
          { name: 'skill', label: '技能', required: true },
          { name: 'enabled', label: '启用', kind: 'bool' },
        ]}
        onCancel={() => setEditing(undefined)}
        onDelete={async () => {
          if (!editing) return;
          const ok = await run(async () => {
            await call('deleteDispatchRule', { params: { key: editing.key } });
            return true;
          }, '已删除规则');
          if (ok) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
        onSave={async (v) => {
          if (!editing) return;
          const { key, ...rule } = { ...editing, ...v };
          const ok = await run(() => call('putDispatchRule', { params: { key }, body: rule }), '已保存');
          if (ok !== undefined) {
            setEditing(undefined);
            setRefreshKey((k) => k + 1);
          }
        }}
      />
    </>
  );
}
