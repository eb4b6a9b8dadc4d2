/**
 * 工作日历: the business calendars SLA policies count working time on (listCalendars, putCalendar). Each
 * has its working periods per weekday; every calendar follows the public holidays and 调休 entered on
 * 节假日安排, and may add days of its own (a plant's own closing day, an extra working Saturday).
 */
import type { BusinessCalendar } from '@portal/types';
import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { call } from '../../services/api';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Period = { start: string; end: string };
const describeDay = (periods: Period[]) =>
  periods.length ? periods.map((p) => `${p.start}–${p.end}`).join(',') : '休息';

export function CalendarsPage() {
  const list = useApiQuery('listCalendars');
  const [editing, setEditing] = useState<BusinessCalendar>();
  const [busy, run] = useAction();
  const [form] = Form.useForm<BusinessCalendar>();

  useEffect(() => {
    form.resetFields();
    if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const save = async () => {
    if (!editing) return;
    const values = await validFields(form);
    if (!values) return;
    const { label, week, holidays, workdays } = values;
    const ok = await run(
      () => call('putCalendar', { params: { key: editing.key }, body: { label, week, holidays, workdays } }),
      `已保存工作日历 ${label}`,
    );
    if (ok) {
      setEditing(undefined);
      list.reload();
    }
  };

  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>工作日历</Typography.Title>
      <Typography.Text type="secondary">
        时限配置里按工作时间计时的时限用这些日历。每个日历都跟随<Link to="/admin/holidays">节假日安排</Link>
        里录入的法定节假日与调休上班日,下面“另加”的日期只对该日历生效。
      </Typography.Text>
      <Table<BusinessCalendar>
        rowKey="key"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: '尚未保存工作日历:按系统默认的工作日历计时' }}
        onRow={(c) => ({ onClick: () => setEditing(c), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编码', dataIndex: 'key' },
          { title: '名称', dataIndex: 'label' },
          ...[1, 2, 3, 4, 5, 6, 0].map((d) => ({
            title: WEEKDAYS[d],
            render: (_: unknown, c: BusinessCalendar) => describeDay(c.week[d] ?? []),
          })),
          { title: '另加休息日', render: (_, c) => c.holidays.length },
          { title: '另加上班日', render: (_, c) => c.workdays.length },
        ]}
      />
      <Modal
        title={editing ? `编辑工作日历 ${editing.key}` : ''}
        open={Boolean(editing)}
        width={720}
        confirmLoading={busy}
        onCancel={() => setEditing(undefined)}
        onOk={save}
        okText="保存"
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="label"
            label="名称"
            rules={[
              { required: true, whitespace: true, message: '请填写名称' },
              { max: 40, message: '最多 40 字' },
            ]}
          >
            <Input />
          </Form.Item>
          {WEEKDAYS.map((dayLabel, d) => (
            <Form.List key={dayLabel} name={['week', d]}>
              {(fields, { add, remove }) => (
                <Form.Item label={`${dayLabel}上班时段`} style={{ marginBottom: 8 }}>
                  <Space wrap>
                    {fields.length === 0 && <Typography.Text type="secondary">休息</Typography.Text>}
                    {fields.map((f) => (
                      <Space key={f.key} size={4}>
                        {timeField(d, f.name, 'start')}–{timeField(d, f.name, 'end')}
                        <MinusCircleOutlined aria-label="删除时段" onClick={() => remove(f.name)} />
                      </Space>
                    ))}
                    {fields.length < 6 && (
                      <Button
                        size="small"
                        icon={<PlusOutlined />}
                        onClick={() => add({ start: '', end: '' })}
                      >
                        时段
                      </Button>
                    )}
                  </Space>
                </Form.Item>
              )}
            </Form.List>
          ))}
          <Form.Item
            name="holidays"
            label="另加休息日(本日历独有,YYYY-MM-DD)"
            rules={[{ type: 'array', max: 400, message: '最多 400 天' }, dayList('休息日')]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', ',']} placeholder="如 2027-03-15" />
          </Form.Item>
          <Form.Item
            name="workdays"
            label="另加上班日(按周一班次,YYYY-MM-DD)"
            rules={[{ type: 'array', max: 100, message: '最多 100 天' }, dayList('上班日')]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', ',']} placeholder="如 2027-03-20" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** One end of a working period, HH:mm; the end must come after the start (checked on save). */
function timeField(day: number, row: number, which: 'start' | 'end') {
  const dayLabel = WEEKDAYS[day];
  const what = which === 'start' ? '开始' : '结束';
  return (
    <Form.Item
      name={[row, which]}
      noStyle
      rules={[
        { required: true, pattern: HHMM, message: `${dayLabel}${what}时间应为 HH:mm` },
        ...(which === 'end'
          ? [
              ({ getFieldValue }: { getFieldValue: (name: (string | number)[]) => unknown }) => ({
                validator: async (_: unknown, v: string | undefined) => {
                  const startAt = getFieldValue(['week', day, row, 'start']);
                  if (typeof startAt === 'string' && v && v <= startAt)
                    throw new Error(`${dayLabel}结束时间应晚于开始时间`);
                },
              }),
            ]
          : []),
      ]}
    >
      <Input
        placeholder={which === 'start' ? '08:30' : '17:30'}
        style={{ width: 72 }}
        aria-label={`${dayLabel}${what}`}
      />
    </Form.Item>
  );
}

/** A rule: every entry is a YYYY-MM-DD date. */
const dayList = (what: string) => ({
  validator: async (_: unknown, v: string[] | undefined) => {
    const bad = (v ?? []).filter((d) => !DAY.test(d));
    if (bad.length) throw new Error(`${what}日期格式应为 YYYY-MM-DD:${bad.join('、')}`);
  },
});
