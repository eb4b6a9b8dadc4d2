/** 安检清单 (admin): the checklist items each utility's inspection form asks (listInspectionChecklists, replaceInspectionChecklist). */
import { useEffect } from 'react';
import { Button, Card, Form, Input, Space, Tabs, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ChecklistItem, ChecklistTemplate } from '@portal/types';
import { call } from '../../services/api';
import { QueryState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { formatDateTime } from '../../shared/format';
import { UTILITY_LABELS } from '../../shared/labels';

function ChecklistEditor({ template, onSaved }: { template: ChecklistTemplate; onSaved: () => void }) {
  const [form] = Form.useForm<{ items: ChecklistItem[] }>();
  const [busy, run] = useAction();
  useEffect(() => form.setFieldsValue({ items: template.items }), [form, template]);
  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const { items } = values;
    const done = await run(
      () =>
        call('replaceInspectionChecklist', {
          params: { utility: template.utility },
          body: { items: items.map((i) => ({ key: i.key.trim(), label: i.label.trim() })) },
        }),
      '检查清单已保存',
    );
    if (done) onSaved();
  };
  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">
        {template.updatedAt
          ? `最近修改:${formatDateTime(template.updatedAt)} ${template.updatedBy ?? ''}`
          : '默认清单'}
      </Typography.Paragraph>
      <Form form={form} initialValues={{ items: template.items }}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, 'key']}
                    rules={[
                      { required: true, message: '请填写编号' },
                      { pattern: /^[a-zA-Z][\w-]{0,39}$/, message: '字母开头的字母、数字或 - _' },
                    ]}
                  >
                    <Input placeholder="编号,如 valve" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'label']}
                    rules={[{ required: true, whitespace: true, message: '请填写检查项' }]}
                  >
                    <Input placeholder="检查项" style={{ width: 320 }} maxLength={60} />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除检查项" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add()}
                style={{ marginBottom: 12 }}
              >
                添加检查项
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <Button type="primary" loading={busy} onClick={save}>
        保存
      </Button>
    </Card>
  );
}

export function ChecklistsPage() {
  const { data, loading, error, reload } = useApiQuery('listInspectionChecklists');
  return (
    <>
      <Typography.Title level={4}>安检清单</Typography.Title>
      <QueryState loading={loading} error={error} empty={!loading && !data?.length} onRetry={reload}>
        <Tabs
          items={(data ?? []).map((t) => ({
            key: t.utility,
            label: UTILITY_LABELS[t.utility] ?? t.utility,
            children: <ChecklistEditor template={t} onSaved={reload} />,
          }))}
        />
      </QueryState>
    </>
  );
}
