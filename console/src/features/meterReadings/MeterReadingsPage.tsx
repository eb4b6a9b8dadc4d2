/**
 * 抄表审核: residents' self-submitted readings (自助报数) by area (listMeterReadings), each with its photo,
 * the household's recent readings and the plausibility flags. Accepting issues the period's bill through
 * the tariff (acceptMeterReading); rejecting needs a reason the resident sees (rejectMeterReading).
 */
import type { MeterReadingFlag, StaffMeterReading } from '@portal/types';
import { useState } from 'react';
import {
  Button,
  Card,
  Form,
  Image,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { call } from '../../services/api';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';

const STATUS: Record<StaffMeterReading['status'], { color: string; text: string }> = {
  pending: { color: 'gold', text: '待审核' },
  accepted: { color: 'green', text: '已通过' },
  rejected: { color: 'red', text: '已驳回' },
};

const FLAGS: Record<MeterReadingFlag, { text: string; why: string }> = {
  below_last: { text: '低于上次读数', why: '同一块表已通过的读数比这次大' },
  above_usual: { text: '用量异常偏高', why: '超过近 12 个月月均用量的 2 倍' },
  period_billed: { text: '本期已出账', why: '该户本月已有用量账单,这条读数不能通过;驳回后用量计入下期' },
};

const PAGE_SIZE = 20;

export function MeterReadingsPage() {
  const [status, setStatus] = useState<StaffMeterReading['status'] | undefined>('pending');
  const [areaCode, setAreaCode] = useState<string>();
  const [page, setPage] = useState(1);
  const list = useApiQuery('listMeterReadings', { query: { status, areaCode, page, pageSize: PAGE_SIZE } });
  const [busy, run] = useAction();
  const [rejecting, setRejecting] = useState<StaffMeterReading>();
  const [form] = Form.useForm<{ note: string }>();

  const accept = async (r: StaffMeterReading) => {
    const done = await run(
      () => call('acceptMeterReading', { params: { readingId: r.id }, body: {} }),
      `已通过 ${r.accountNo} 的读数并出账`,
    );
    if (done) list.reload();
  };
  const reject = async ({ note }: { note: string }) => {
    if (!rejecting) return;
    const done = await run(
      () => call('rejectMeterReading', { params: { readingId: rejecting.id }, body: { note: note.trim() } }),
      '已驳回,居民可在报数记录中看到原因',
    );
    if (done) {
      setRejecting(undefined);
      form.resetFields();
      list.reload();
    }
  };

  const columns: ColumnsType<StaffMeterReading> = [
    {
      title: '照片',
      key: 'photo',
      width: 96,
      render: (_, r) => (
        <Image
          width={72}
          height={72}
          style={{ objectFit: 'cover' }}
          src={r.photo.thumbUrl}
          preview={{ src: r.photo.url }}
          alt={`${r.accountNo} 表盘照片`}
        />
      ),
    },
    { title: '户号', dataIndex: 'accountNo', key: 'accountNo' },
    { title: '片区', dataIndex: 'areaCode', key: 'areaCode' },
    { title: '表号', dataIndex: 'meterNo', key: 'meterNo' },
    {
      title: '读数',
      key: 'reading',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>本次 {r.reading}</span>
          <Typography.Text type="secondary">上次 {r.previousReading ?? '—'}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '用量',
      key: 'usage',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.usage ?? '—'}</span>
          <Typography.Text type="secondary">月均 {r.usualMonthlyUsage || '—'}</Typography.Text>
        </Space>
      ),
    },
    {
      title: '异常标记',
      key: 'flags',
      render: (_, r) =>
        r.flags.length ? (
          r.flags.map((f) => (
            <Tooltip key={f} title={FLAGS[f].why}>
              <Tag color="orange">{FLAGS[f].text}</Tag>
            </Tooltip>
          ))
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        ),
    },
    {
      title: '近期读数',
      key: 'history',
      render: (_, r) =>
        r.history.length ? (
          <Space direction="vertical" size={0}>
            {r.history.map((h) => (
              <Typography.Text key={h.id} type="secondary">
                {formatDateTime(h.submittedAt, 'YYYY-MM-DD')} · {h.reading} · {STATUS[h.status].text}
              </Typography.Text>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">首次报数</Typography.Text>
        ),
    },
    {
      title: '提交时间',
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      render: (v: string) => formatDateTime(v),
    },
    {
      title: '状态',
      key: 'status',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATUS[r.status].color}>{STATUS[r.status].text}</Tag>
          {r.reviewNote && <Typography.Text type="secondary">{r.reviewNote}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_, r) =>
        r.status === 'pending' ? (
          <Space>
            <Popconfirm
              title="通过并出账?"
              description={
                r.flags.length
                  ? `注意:${r.flags.map((f) => FLAGS[f].text).join('、')}`
                  : `按用量 ${r.usage ?? 0} 计费`
              }
              okText="通过"
              cancelText="取消"
              onConfirm={() => accept(r)}
            >
              <Button type="primary" size="small" loading={busy}>
                通过
              </Button>
            </Popconfirm>
            <Button danger size="small" onClick={() => setRejecting(r)}>
              驳回
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>抄表审核</Typography.Title>
      <Card>
        <Space wrap>
          <span>状态</span>
          <Select
            aria-label="状态"
            style={{ width: 140 }}
            allowClear
            value={status}
            onChange={(v) => (setStatus(v), setPage(1))}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
          />
          <span>片区</span>
          <AreaCodeSelect
            value={areaCode}
            onChange={(v) => (setAreaCode(v || undefined), setPage(1))}
            style={{ width: 220 }}
          />
          <Button onClick={list.reload}>刷新</Button>
        </Space>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: '暂无报数' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showTotal: (n) => `共 ${n} 条`,
          }}
        />
      )}
      <Modal
        title={rejecting ? `驳回 ${rejecting.accountNo} 的读数 ${rejecting.reading}` : '驳回'}
        open={Boolean(rejecting)}
        okText="驳回"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: busy }}
        onOk={() => form.submit()}
        onCancel={() => setRejecting(undefined)}
        destroyOnClose
      >
        <Form form={form} layout="vertical" onFinish={reject}>
          <Form.Item
            name="note"
            label="驳回原因(居民可见)"
            rules={[
              { required: true, whitespace: true, message: '请填写驳回原因' },
              { max: 200, message: '不超过 200 字' },
            ]}
          >
            <Input.TextArea rows={3} placeholder="如:照片看不清表盘,请重新拍照报数" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
