/**
 * 排班模板: seats per half-day for each area and order type (createSlotTemplate / updateSlotTemplate /
 * deleteSlotTemplate), and 生成时段 (generateSlots) — the same run the server makes every day.
 */
import { useState } from 'react';
import { Alert, Button, Form, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import type { GenerateSlotsResult, SlotTemplate, SlotTemplateBody } from '@portal/types';
import { call } from '../../services/api';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';

type TemplateForm = {
  areaCode: string;
  type: SlotTemplateBody['type'];
  am?: number;
  pm?: number;
  enabled: boolean;
};
const WINDOW_LABELS = { am: '上午', pm: '下午' } as const;

const toBody = (v: TemplateForm): SlotTemplateBody => ({
  areaCode: v.areaCode.trim(),
  type: v.type,
  enabled: v.enabled,
  windows: (['am', 'pm'] as const).flatMap((w) => (v[w] ? [{ window: w, capacity: v[w]! }] : [])),
});

export function SlotTemplatesPanel() {
  const { data, loading, error, reload } = useApiQuery('listSlotTemplates');
  const [editing, setEditing] = useState<SlotTemplate | 'new'>();
  const [generated, setGenerated] = useState<GenerateSlotsResult>();
  const [busy, run] = useAction();
  const [form] = Form.useForm<TemplateForm>();

  const open = (t: SlotTemplate | 'new') => {
    setEditing(t);
    form.setFieldsValue(
      t === 'new'
        ? { type: 'inspection', am: 4, pm: 4, enabled: true, areaCode: undefined }
        : {
            areaCode: t.areaCode,
            type: t.type,
            enabled: t.enabled,
            am: t.windows.find((w) => w.window === 'am')?.capacity,
            pm: t.windows.find((w) => w.window === 'pm')?.capacity,
          },
    );
  };
  const save = async () => {
    const values = await validFields(form);
    if (!values) return;
    const body = toBody(values);
    const done = await run(
      () =>
        editing === 'new' || !editing
          ? call('createSlotTemplate', { body })
          : call('updateSlotTemplate', { params: { id: editing.id }, body }),
      '模板已保存',
    );
    if (done) {
      setEditing(undefined);
      reload();
    }
  };
  const generate = async () => {
    const r = await run(() => call('generateSlots', { body: { days: 14 } }), '已生成');
    if (r) setGenerated(r);
  };

  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" onClick={() => open('new')}>
          新建模板
        </Button>
        <Button onClick={generate} loading={busy}>
          生成未来 14 天时段
        </Button>
      </Space>
      {generated && (
        <Alert
          style={{ marginBottom: 12 }}
          type="success"
          showIcon
          closable
          onClose={() => setGenerated(undefined)}
          message={`${generated.from} 至 ${generated.to}:新开 ${generated.created} 个时段(其中 ${generated.held} 个处于停约/预留)`}
          description={
            <>
              {generated.closedDays.length > 0 && <div>不开放:{generated.closedDays.join('、')}</div>}
              {generated.makeUpDays.length > 0 && (
                <div>调休上班日照常开放:{generated.makeUpDays.join('、')}</div>
              )}
              <div>已有的时段和预约保持不变;系统每天自动运行一次。</div>
            </>
          }
        />
      )}
      <Table<SlotTemplate>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        locale={{ emptyText: '还没有排班模板:新建后点「生成」即可开放预约' }}
        columns={[
          { title: '片区', dataIndex: 'areaCode' },
          { title: '业务', render: (_, t) => label(ORDER_TYPE_LABELS, t.type) },
          {
            title: '每个工作日名额',
            render: (_, t) => t.windows.map((w) => `${WINDOW_LABELS[w.window]} ${w.capacity}`).join(' / '),
          },
          { title: '状态', render: (_, t) => (t.enabled ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: '操作',
            render: (_, t) => (
              <Space>
                <Button size="small" onClick={() => open(t)}>
                  修改
                </Button>
                <Popconfirm
                  title="删除模板?已生成的时段和预约会保留"
                  onConfirm={() =>
                    run(() => call('deleteSlotTemplate', { params: { id: t.id } }), '已删除').then(reload)
                  }
                >
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={editing === 'new' ? '新建排班模板' : '修改排班模板'}
        open={Boolean(editing)}
        onOk={save}
        confirmLoading={busy}
        onCancel={() => setEditing(undefined)}
        okText="保存"
        destroyOnClose
      >
        <Form form={form} layout="vertical">
          <Form.Item name="areaCode" label="片区" rules={[{ required: true, message: '请选择片区' }]}>
            <AreaCodeSelect placeholder="片区编码,如 CY" />
          </Form.Item>
          <Form.Item name="type" label="业务">
            <Select options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))} />
          </Form.Item>
          <Space>
            <Form.Item name="am" label="上午名额(9:00-12:00)">
              <InputNumber min={1} max={500} placeholder="不开放" />
            </Form.Item>
            <Form.Item name="pm" label="下午名额(13:30-17:30)">
              <InputNumber min={1} max={500} placeholder="不开放" />
            </Form.Item>
          </Space>
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
