/** 预约时段: slot capacity per area and day, and how much is booked (listSlots). */
import { DatePicker, Form, Input, Progress, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { PagedTable } from '../../shared/PagedTable';
import { formatDateTime } from '../../shared/format';

type Slot = { id?: string; slotId?: string; areaCode?: string; date?: string; start?: string; end?: string; startAt?: string; endAt?: string; capacity?: number; booked?: number };

const window = (s: Slot) =>
  s.startAt ? `${formatDateTime(s.startAt)} – ${formatDateTime(s.endAt, 'HH:mm')}` : `${s.date ?? ''} ${s.start ?? ''}–${s.end ?? ''}`;

export function SlotsPage() {
  return (
    <>
      <Typography.Title level={4}>预约时段</Typography.Title>
      <PagedTable<Slot>
        operationId="listSlots"
        rowKey="id"
        filters={
          <>
            <Form.Item name="areaCode">
              <Input placeholder="片区编码" allowClear />
            </Form.Item>
            <Form.Item name="date">
              <DatePicker placeholder="日期" />
            </Form.Item>
          </>
        }
        transformFilters={({ date, ...rest }) => ({ ...(rest as Record<string, string>), date: (date as Dayjs | undefined)?.format('YYYY-MM-DD') })}
        columns={[
          { title: '片区', dataIndex: 'areaCode' },
          { title: '时段', render: (_, s) => window(s) },
          { title: '容量', dataIndex: 'capacity' },
          { title: '已约', dataIndex: 'booked' },
          {
            title: '占用',
            render: (_, s) => <Progress percent={s.capacity ? Math.round(((s.booked ?? 0) / s.capacity) * 100) : 0} size="small" />,
          },
        ]}
        exportName="预约时段"
        exportColumns={[
          { title: '片区', value: (s) => s.areaCode },
          { title: '时段', value: window },
          { title: '容量', value: (s) => s.capacity },
          { title: '已约', value: (s) => s.booked },
        ]}
      />
    </>
  );
}
