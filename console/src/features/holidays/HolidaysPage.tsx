/**
 * 节假日安排: each year's public holidays and make-up working days, which business-hours SLA clocks follow
 * (getHolidayCalendar, getHolidayYear, putHolidayYear, deleteHolidayYear, importHolidays). A year with
 * nothing entered runs Monday to Friday; from December on the page warns while next year is missing.
 */
import type { HolidayCalendarStatus, HolidayDay, HolidayYear } from '@portal/types';
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { call, upload } from '../../services/api';
import { reportSuccess } from '../../services/notify';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { KIND_LABELS, outsideYear, withSpan } from './holidayDays';

const SOURCE: Record<HolidayYear['source'], { color: string; text: string }> = {
  entered: { color: 'green', text: '已录入' },
  published: { color: 'blue', text: '随版本发布' },
  none: { color: 'orange', text: '未录入(按周一至周五)' },
};

type SpanForm = { span: [Dayjs, Dayjs]; kind: HolidayDay['kind']; name: string };

export function HolidaysPage() {
  const status = useApiQuery('getHolidayCalendar');
  const [year, setYear] = useState<number>();
  const shown = year ?? defaultYear(status.data);
  // Pin the year first shown, so that saving (which may clear the warning) does not switch years.
  useEffect(() => {
    if (year === undefined && shown !== undefined) setYear(shown);
  }, [year, shown]);
  const saved = useApiQuery(shown ? 'getHolidayYear' : undefined, { params: { year: shown ?? 0 } });
  const [days, setDays] = useState<HolidayDay[]>([]);
  const [busy, run] = useAction();
  const [form] = Form.useForm<SpanForm>();

  useEffect(() => setDays(saved.data?.days ?? []), [saved.data]);

  const reload = () => {
    status.reload();
    saved.reload();
  };
  const save = async () => {
    if (!shown) return;
    const ok = await run(
      () => call('putHolidayYear', { params: { year: shown }, body: { days } }),
      `已保存 ${shown} 年节假日安排`,
    );
    if (ok) reload();
  };
  const remove = async () => {
    if (!shown) return;
    const ok = await run(
      () => call('deleteHolidayYear', { params: { year: shown } }),
      `已删除 ${shown} 年录入的安排`,
    );
    if (ok) reload();
  };
  const importFile = async (file: File) => {
    const r = await run(() => upload('importHolidays', { file, query: { filename: file.name } }));
    if (!r) return;
    reportSuccess(`已导入 ${r.rows} 天:${r.years.map((y) => `${y.year} 年`).join('、')}`);
    setYear(r.years[0]?.year ?? shown);
    reload();
  };

  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  const years = status.data?.years ?? [];
  const unsaved = JSON.stringify(days) !== JSON.stringify(saved.data?.days ?? []);
  const stray = shown ? outsideYear(days, shown) : [];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>节假日安排</Typography.Title>
      {status.data?.warning && (
        <Alert type="warning" showIcon message="节假日安排缺失" description={status.data.warning} />
      )}
      <Typography.Text type="secondary">
        按工作时间计算的时限(报装、换表、投诉、咨询、开户等)跳过这里录入的法定节假日,并在调休上班日按周一的班次计时。某年未录入时,只按周一至周五计算。每天的上班时段在
        <Link to="/admin/calendars">工作日历</Link>里设置。
      </Typography.Text>
      <Card>
        <Space wrap>
          <span>年份</span>
          <Select
            aria-label="年份"
            style={{ width: 220 }}
            value={shown}
            loading={status.loading}
            onChange={setYear}
            options={years.map((y) => ({ value: y.year, label: `${y.year} 年 · ${SOURCE[y.source].text}` }))}
          />
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(f) => (void importFile(f), false)}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              从文件导入(Excel/CSV)
            </Button>
          </Upload>
          <Typography.Text type="secondary">
            文件每行一天:日期、类型(放假/上班)、名称;文件里出现的年份整年替换。
          </Typography.Text>
        </Space>
      </Card>
      {saved.error ? (
        <ErrorState error={saved.error} onRetry={saved.reload} />
      ) : (
        <Card
          title={shown ? `${shown} 年` : '年份'}
          loading={saved.loading && !saved.data}
          extra={
            saved.data && <Tag color={SOURCE[saved.data.source].color}>{SOURCE[saved.data.source].text}</Tag>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {saved.data?.updatedAt && (
              <Descriptions size="small" column={2}>
                <Descriptions.Item label="最近修改">{formatDateTime(saved.data.updatedAt)}</Descriptions.Item>
                <Descriptions.Item label="修改人">{saved.data.updatedBy}</Descriptions.Item>
              </Descriptions>
            )}
            <Form
              form={form}
              layout="inline"
              initialValues={{ kind: 'holiday' }}
              onFinish={(v) => {
                setDays((d) =>
                  withSpan(
                    d,
                    v.span[0].format('YYYY-MM-DD'),
                    v.span[1].format('YYYY-MM-DD'),
                    v.kind,
                    v.name.trim(),
                  ),
                );
                form.resetFields(['span', 'name']);
              }}
            >
              <Form.Item name="span" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
                <DatePicker.RangePicker placeholder={['开始日期', '结束日期']} />
              </Form.Item>
              <Form.Item name="kind" label="类型">
                <Select
                  style={{ width: 120 }}
                  options={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item
                name="name"
                label="名称"
                rules={[{ required: true, whitespace: true, message: '请填写名称,如 元旦' }]}
              >
                <Input placeholder="元旦、春节调休…" maxLength={20} style={{ width: 160 }} />
              </Form.Item>
              <Button htmlType="submit">添加</Button>
            </Form>
            {stray.length > 0 && (
              <Alert
                type="error"
                showIcon
                message={`${stray.map((d) => d.date).join('、')} 不在 ${shown} 年内,保存前请删除`}
              />
            )}
            <Table<HolidayDay>
              size="small"
              rowKey="date"
              pagination={false}
              dataSource={days}
              locale={{ emptyText: '尚未录入:这一年按周一至周五计算' }}
              columns={[
                { title: '日期', dataIndex: 'date' },
                {
                  title: '类型',
                  render: (_, d) => (
                    <Tag color={d.kind === 'holiday' ? 'red' : 'default'}>{KIND_LABELS[d.kind]}</Tag>
                  ),
                },
                { title: '名称', dataIndex: 'name' },
                {
                  title: '',
                  width: 60,
                  render: (_, d) => (
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={`删除 ${d.date}`}
                      onClick={() => setDays((all) => all.filter((x) => x.date !== d.date))}
                    />
                  ),
                },
              ]}
            />
            <Space>
              <Button type="primary" loading={busy} disabled={!unsaved || stray.length > 0} onClick={save}>
                保存 {shown} 年安排
              </Button>
              {unsaved && <Typography.Text type="warning">有未保存的修改</Typography.Text>}
              {saved.data?.source === 'entered' && (
                <Popconfirm title={`删除 ${shown} 年录入的安排?`} onConfirm={remove}>
                  <Button danger>删除录入</Button>
                </Popconfirm>
              )}
            </Space>
          </Space>
        </Card>
      )}
    </Space>
  );
}

/** The year the warning is about, else this year. */
function defaultYear(status: HolidayCalendarStatus | undefined): number | undefined {
  if (!status) return undefined;
  const thisYear = Number(status.today.slice(0, 4));
  const missing = status.years.find(
    (y) => y.source === 'none' && (y.year === thisYear || (status.warning && y.year === status.nextYear)),
  );
  return missing?.year ?? thisYear;
}
