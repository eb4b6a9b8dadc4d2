/** New or edited 安检 plan: name, area, cycle, visits before unreachable, the day it (next) runs, paused or not. */
import { DatePicker, Form, Input, InputNumber, Modal, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { InspectionPlan } from '@portal/types';
import { call } from '../../services/api';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { useAction } from '../../shared/useAction';
import { validFields } from '../../shared/validFields';

type Values = {
  name: string;
  areaPrefix: string;
  cycleMonths: number;
  maxAttempts: number;
  nextRunOn?: Dayjs;
  active: boolean;
};

export function PlanFormModal({
  plan,
  onClose,
}: {
  plan?: InspectionPlan;
  onClose: (saved: boolean) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, run] = useAction();
  const save = async () => {
    const v = await validFields(form);
    if (!v) return;
    const nextRunOn = v.nextRunOn?.format('YYYY-MM-DD');
    const done = plan
      ? await run(
          () =>
            call('updateInspectionPlan', {
              params: { id: plan.id },
              body: {
                name: v.name,
                cycleMonths: v.cycleMonths,
                maxAttempts: v.maxAttempts,
                active: v.active,
                ...(nextRunOn ? { nextRunOn } : {}),
              },
            }),
          '计划已保存',
        )
      : await run(
          () =>
            call('createInspectionPlan', {
              body: {
                name: v.name,
                areaPrefix: v.areaPrefix.trim(),
                cycleMonths: v.cycleMonths,
                maxAttempts: v.maxAttempts,
                ...(nextRunOn ? { nextRunOn } : {}),
              },
            }),
          '计划已创建',
        );
    if (done) onClose(true);
  };
  return (
    <Modal
      open
      title={plan ? `编辑安检计划:${plan.name}` : '新建安检计划'}
      okText="保存"
      confirmLoading={busy}
      onOk={save}
      onCancel={() => onClose(false)}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={plan ? { ...plan } : { cycleMonths: 12, maxAttempts: 3, active: true }}
      >
        <Form.Item name="name" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}>
          <Input maxLength={40} placeholder="如 2027 年度入户安检" />
        </Form.Item>
        <Form.Item name="areaPrefix" label="片区" rules={[{ required: true, message: '请选择片区' }]}>
          {plan ? <Input disabled /> : <AreaCodeSelect placeholder="片区编码,如 CY 或 CY-WJY" />}
        </Form.Item>
        <Form.Item name="cycleMonths" label="周期(月)" rules={[{ required: true, message: '请填写周期' }]}>
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
        <Form.Item
          name="maxAttempts"
          label="最多上门次数(未遇达到此数即转入未遇户回访)"
          rules={[{ required: true, message: '请填写最多上门次数' }]}
        >
          <InputNumber min={1} max={10} precision={0} />
        </Form.Item>
        <Form.Item name="nextRunOn" label={plan ? '下次执行日期(不改则留空)' : '首次执行日期(留空为今天)'}>
          <DatePicker />
        </Form.Item>
        {plan && (
          <Form.Item name="active" label="执行中" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
