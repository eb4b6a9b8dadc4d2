/**
 * 预约时段: slot capacity and what is left per area, order type and day (listSlots), a slot's capacity
 * (setSlotCapacity; never below its bookings), and the tabs for 排班模板, 手工开放 (createSlots) and 预留与停约.
 */
import { useEffect, useState } from 'react';
import {
  Button,
  Card,
  DatePicker,
  Form,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useApiQuery } from '../../shared/useApiQuery';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ErrorState } from '../../shared/QueryState';
import { ExportButtons } from '../../shared/ExportButtons';
import { formatDateTime, pickerDay } from '../../shared/format';
import { ORDER_TYPE_LABELS, label } from '../../shared/labels';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';
import { CreateSlotsForm } from './CreateSlotsForm';
import { SlotHoldsPanel } from './SlotHoldsPanel';
import { SlotTemplatesPanel } from './SlotTemplatesPanel';

import type { Slot, WorkOrderType } from '@portal/types';

type SlotFilter = { areaCode: string; type: WorkOrderType; range: [Dayjs, Dayjs] };
const used = (s: Slot) => s.capacity - s.remaining;
const when = (s: Slot) =>
  `${s.date} ${s.label}(${formatDateTime(s.startAt, 'HH:mm')}–${formatDateTime(s.endAt, 'HH:mm')})`;

export function SlotsPage() {
  // Bumped when slots are opened by hand, so the list (another tab) shows them when looked at again.
  const [opened, setOpened] = useState(0);
  return (
    <>
      <Typography.Title level={4}>预约时段</Typography.Title>
      <Card>
        <Tabs
          items={[
            { key: 'slots', label: '时段与容量', children: <SlotList opened={opened} /> },
            { key: 'templates', label: '排班模板', children: <SlotTemplatesPanel /> },
            {
              key: 'create',
              label: '手工开放',
              children: <CreateSlotsForm onCreated={() => setOpened((n) => n + 1)} />,
            },
            { key: 'holds', label: '预留与停约', children: <SlotHoldsPanel /> },
          ]}
        />
      </Card>
    </>
  );
}

/** Seats of one slot: refused below its bookings, with the server's message naming the slot. */
function CapacityEditor({ slot, onSaved }: { slot: Slot; onSaved: () => void }) {
  const [value, setValue] = useState<number | null>(slot.capacity);
  const [busy, run] = useAction();
  const save = async () => {
    if (value == null || value === slot.capacity) return;
    const done = await run(
      () => call('setSlotCapacity', { params: { id: slot.id }, body: { capacity: value } }),
      '容量已修改',
    );
    if (done) onSaved();
  };
  return (
    <Space.Compact size="small">
      <InputNumber
        aria-label="容量"
        min={0}
        max={500}
        value={value}
        onChange={setValue}
        style={{ width: 72 }}
      />
      <Button onClick={save} loading={busy} disabled={value === slot.capacity}>
        保存
      </Button>
    </Space.Compact>
  );
}

function SlotList({ opened }: { opened: number }) {
  const [filter, setFilter] = useState<SlotFilter>();
  const query = filter && {
    areaCode: filter.areaCode,
    type: filter.type,
    from: filter.range[0].format('YYYY-MM-DD'),
    to: filter.range[1].format('YYYY-MM-DD'),
  };
  // Nothing is fetched (and `query!` never read) until the filter is submitted.
  const { data, loading, error, reload } = useApiQuery(query ? 'listSlots' : undefined, { query: query! });
  useEffect(() => {
    if (opened) reload();
  }, [opened, reload]);
  const rows = data ?? [];
  return (
    <>
      <Form<SlotFilter>
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{
          type: 'inspection',
          range: [pickerDay(Date.now()), pickerDay(Date.now()).add(6, 'day')],
        }}
        onFinish={(v) => setFilter({ ...v, areaCode: v.areaCode.trim() })}
      >
        <Form.Item name="areaCode" rules={[{ required: true, message: '请选择片区' }]}>
          <AreaCodeSelect placeholder="片区编码,如 CY-WJY" />
        </Form.Item>
        <Form.Item name="type">
          <Select
            style={{ width: 120 }}
            options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))}
          />
        </Form.Item>
        <Form.Item name="range" rules={[{ required: true }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginBottom: 12, textAlign: 'right' }}>
        <ExportButtons
          fileName="预约时段"
          rows={rows}
          columns={[
            { title: '片区', value: (s) => s.areaCode },
            { title: '类型', value: (s) => label(ORDER_TYPE_LABELS, s.type) },
            { title: '时段', value: when },
            { title: '容量', value: (s) => s.capacity },
            { title: '已约', value: used },
            { title: '剩余', value: (s) => s.remaining },
          ]}
        />
      </div>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Slot>
          rowKey="id"
          loading={loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: filter ? '该片区此期间没有可预约时段' : '输入片区编码后查询' }}
          columns={[
            { title: '片区', dataIndex: 'areaCode' },
            { title: '类型', render: (_, s) => label(ORDER_TYPE_LABELS, s.type) },
            { title: '时段', render: (_, s) => when(s) },
            {
              title: '容量',
              render: (_, s) => <CapacityEditor key={`${s.id}:${s.capacity}`} slot={s} onSaved={reload} />,
            },
            { title: '已约', render: (_, s) => used(s) },
            { title: '剩余', dataIndex: 'remaining' },
            {
              title: '状态',
              render: (_, s) => (s.heldBy ? <Tag color="red">暂停预约</Tag> : <Tag color="green">开放</Tag>),
            },
            {
              title: '占用',
              render: (_, s) => (
                <Progress percent={s.capacity ? Math.round((used(s) / s.capacity) * 100) : 0} size="small" />
              ),
            },
          ]}
        />
      )}
    </>
  );
}
