/**
 * 预留与停约: take slots out of booking for an outage, a holiday or an urgent reserve (createSlotHold),
 * see the bookings already in them, and lift it (deleteSlotHold). Bookings are never deleted.
 */
import { Button, DatePicker, Form, Input, List, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import type { SlotHold, SlotHoldBody } from '@portal/types';
import { call } from '../../services/api';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { ORDER_TYPE_LABELS, labelOrAll } from '../../shared/labels';

type HoldForm = Omit<SlotHoldBody, 'from' | 'to'> & { range: [Dayjs, Dayjs] };
const KIND_LABELS = { hold: '预留(仅工作人员可约)', blackout: '停约(任何人不可约)' } as const;
const WINDOWS = { am: '上午', pm: '下午' } as const;

export function SlotHoldsPanel() {
  const { data, loading, error, reload } = useApiQuery('listSlotHolds');
  const [busy, run] = useAction();
  const [form] = Form.useForm<HoldForm>();

  const create = async (v: HoldForm) => {
    const { range, ...rest } = v;
    const made = await run(
      () =>
        call('createSlotHold', {
          body: { ...rest, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') },
        }),
      '已生效',
    );
    if (made) {
      form.resetFields(['reason']);
      reload();
    }
  };

  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <>
      <Form<HoldForm>
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ kind: 'blackout' }}
        onFinish={create}
      >
        <Form.Item name="kind">
          <Select
            style={{ width: 200 }}
            options={Object.entries(KIND_LABELS).map(([value, l]) => ({ value, label: l }))}
          />
        </Form.Item>
        <Form.Item name="areaCode" rules={[{ required: true, message: '请选择片区' }]}>
          <AreaCodeSelect placeholder="片区" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="type">
          <Select
            allowClear
            placeholder="全部业务"
            style={{ width: 120 }}
            options={Object.entries(ORDER_TYPE_LABELS).map(([value, l]) => ({ value, label: l }))}
          />
        </Form.Item>
        <Form.Item name="range" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="window">
          <Select
            allowClear
            placeholder="全天"
            style={{ width: 90 }}
            options={[
              { value: 'am', label: '上午' },
              { value: 'pm', label: '下午' },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, message: '请填写原因' }]}>
          <Input placeholder="原因,如 管网改造停气" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            生效
          </Button>
        </Form.Item>
      </Form>
      <Table<SlotHold>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        locale={{ emptyText: '没有未结束的预留或停约' }}
        expandable={{
          rowExpandable: (h) => h.bookings.length > 0,
          expandedRowRender: (h) => (
            <List
              size="small"
              header="这些预约仍然有效,请联系居民改约或取消"
              dataSource={h.bookings}
              renderItem={(b) => (
                <List.Item>
                  <Link to={`/work-orders/${b.orderNo}`}>{b.orderNo}</Link> {b.label}
                </List.Item>
              )}
            />
          ),
        }}
        columns={[
          {
            title: '类型',
            render: (_, h) => (
              <Tag color={h.kind === 'blackout' ? 'red' : 'orange'}>
                {h.kind === 'blackout' ? '停约' : '预留'}
              </Tag>
            ),
          },
          { title: '片区', dataIndex: 'areaCode' },
          { title: '业务', render: (_, h) => labelOrAll(ORDER_TYPE_LABELS, h.type) },
          {
            title: '日期',
            render: (_, h) => `${h.from} 至 ${h.to} ${h.window ? WINDOWS[h.window] : '全天'}`,
          },
          { title: '原因', dataIndex: 'reason' },
          { title: '时段', dataIndex: 'slots' },
          { title: '已约', render: (_, h) => h.bookings.length },
          {
            title: '操作',
            render: (_, h) => (
              <Space>
                <Popconfirm
                  title="解除后这些时段重新开放预约"
                  onConfirm={() =>
                    run(() => call('deleteSlotHold', { params: { id: h.id } }), '已解除').then(reload)
                  }
                >
                  <Button size="small">解除</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
