/**
 * 手工开放时段 (createSlots): opens the 上午 and 下午 slots of an area and order type for each day of a
 * range with the seats given, beside the template generation. Slots that already exist are left as they
 * are (their bookings and capacity untouched); the answer says how many were new.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import type { WorkOrderType } from '@portal/types';
import { call } from '../../services/api';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { pickerDay } from '../../shared/format';
import { ORDER_TYPE_LABELS } from '../../shared/labels';
import { useAction } from '../../shared/useAction';

type SlotsForm = {
  areaCode: string;
  type: WorkOrderType;
  range: [Dayjs, Dayjs];
  capacity: number;
  skipWeekends: boolean;
};
/** The server opens at most 60 days in one request. */
const MAX_DAYS = 60;
const daysOf = ([from, to]: [Dayjs, Dayjs]) => to.diff(from, 'day') + 1;

export function CreateSlotsForm({ onCreated }: { onCreated: () => void }) {
  const [busy, run] = useAction();
  const [result, setResult] = useState<{ created: number; what: string }>();
  const submit = async (v: SlotsForm) => {
    const areaCode = v.areaCode.trim();
    const r = await run(() =>
      call('createSlots', {
        body: {
          areaCode,
          type: v.type,
          from: v.range[0].format('YYYY-MM-DD'),
          days: daysOf(v.range),
          capacity: v.capacity,
          skipWeekends: v.skipWeekends,
        },
      }),
    );
    if (!r) return;
    setResult({
      created: r.created,
      what: `${areaCode} ${ORDER_TYPE_LABELS[v.type]} ${v.range[0].format('MM-DD')}~${v.range[1].format('MM-DD')}`,
    });
    onCreated();
  };
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="为所选日期的上午(9:00–12:00)和下午(13:30–17:30)各开放一个时段;已有的时段保持不变。"
      />
      <Form<SlotsForm>
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{
          type: 'inspection',
          capacity: 4,
          skipWeekends: true,
          range: [pickerDay(Date.now()).add(1, 'day'), pickerDay(Date.now()).add(7, 'day')],
        }}
        onFinish={submit}
      >
        <Form.Item name="areaCode" rules={[{ required: true, whitespace: true, message: '请选择片区' }]}>
          <AreaCodeSelect placeholder="片区编码,如 CY-WJY" />
        </Form.Item>
        <Form.Item name="type">
          <Select
            aria-label="工单类型"
            style={{ width: 120 }}
            options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))}
          />
        </Form.Item>
        <Form.Item
          name="range"
          rules={[
            { required: true, message: '请选择日期' },
            {
              validator: (_, v?: [Dayjs, Dayjs]) =>
                !v || daysOf(v) <= MAX_DAYS
                  ? Promise.resolve()
                  : Promise.reject(new Error(`一次最多开放 ${MAX_DAYS} 天`)),
            },
          ]}
        >
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="capacity" label="每时段容量" rules={[{ required: true, message: '请填写容量' }]}>
          <InputNumber min={1} max={500} precision={0} style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name="skipWeekends" valuePropName="checked">
          <Checkbox>跳过周末</Checkbox>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            开放时段
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.created ? 'success' : 'warning'}
          showIcon
          closable
          onClose={() => setResult(undefined)}
          message={
            result.created
              ? `${result.what}:新开放 ${result.created} 个时段`
              : `${result.what}:这些时段均已存在,未新增`
          }
        />
      )}
    </>
  );
}
