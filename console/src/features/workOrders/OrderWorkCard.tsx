/**
 * 用料与工时 on the technician's order page: materials picked from the catalogue (listMaterials) with a
 * quantity, and the hours worked; saved with recordOrderWork (the server prices them from the catalogue).
 */
import { Button, Card, Form, InputNumber, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { WorkOrder } from './types';
import { call } from '../../services/api';
import { formatFen } from '../../shared/format';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';

type WorkForm = { materials: { code: string; quantity: number }[]; hours: number };

export function OrderWorkCard({ order, onSaved }: { order: WorkOrder; onSaved: () => void }) {
  const catalogue = useApiQuery('listMaterials');
  const [busy, run] = useAction();
  const [form] = Form.useForm<WorkForm>();
  const options = (catalogue.data ?? [])
    .filter((m) => m.active)
    .map((m) => ({
      value: m.code,
      label: `${m.name}${m.spec ? ` ${m.spec}` : ''}(${formatFen(m.unitCostFen)}/${m.unit})`,
    }));
  const recorded = order.materials.filter((m) => m.code);
  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const done = await run(
      () =>
        call('recordOrderWork', {
          params: { orderNo: order.orderNo },
          body: {
            materials: (v.materials ?? []).map((m) => ({ code: m.code, quantity: m.quantity })),
            labourMinutes: Math.round((v.hours ?? 0) * 60),
          },
        }),
      '用料与工时已登记',
    );
    if (done) onSaved();
  };
  return (
    <Card size="small" title="用料与工时">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          materials: recorded.map((m) => ({ code: m.code, quantity: m.quantity })),
          hours: order.labourMinutes != null ? order.labourMinutes / 60 : undefined,
        }}
      >
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'code']} rules={[{ required: true, message: '请选择材料' }]}>
                    <Select
                      aria-label="材料"
                      showSearch
                      optionFilterProp="label"
                      placeholder="材料"
                      style={{ width: 220 }}
                      options={options}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, message: '数量' }]}>
                    <InputNumber aria-label="数量" min={0.01} max={10000} placeholder="数量" />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除材料" onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add()}>
                添加材料
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item
          name="hours"
          label="工时(小时)"
          style={{ marginTop: 12 }}
          rules={[{ required: true, message: '请填写工时' }]}
        >
          <InputNumber aria-label="工时" min={0} max={166} step={0.5} />
        </Form.Item>
      </Form>
      {recorded.length > 0 && (
        <Typography.Paragraph type="secondary">
          已登记:
          {recorded.map((m) => `${m.name} ${m.quantity}${m.unit}`).join('、')}
        </Typography.Paragraph>
      )}
      <Button size="large" block loading={busy} onClick={save}>
        登记用料与工时
      </Button>
    </Card>
  );
}
