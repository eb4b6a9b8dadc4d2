/**
 * 缴费与退款 (supervisor, admin): find a payment by 户号, order number or WeChat transaction id
 * (listStaffPayments), open one to see it as it stands now (getStaffPayment: timeline of created, WeChat
 * notification, paid, refunds, anomalies, 销账; re-read after a refund and on 刷新), refund
 * all or part of it with a reason (refundPayment), and run reconciliation and see what it changed
 * (runReconciliation); reconcile WeChat Pay's trade bill of a day line by line (TradeBillCard) and export the
 * day's receipts as 金蝶 / 用友 vouchers (ReceiptsExportCard).
 *
 * A refund attempt gets its Idempotency-Key when the refund form opens; a retry after a lost answer
 * or an error sends the same key, so the server lands on the refund it already made instead of making
 * a second one. Only a new opening of the form makes a new key.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ReconciliationResult, StaffPayment } from '@portal/types';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { ErrorState } from '../../shared/QueryState';
import { formatDateTime, formatFen } from '../../shared/format';
import { label } from '../../shared/labels';
import { ReceiptsExportCard } from './ReceiptsExportCard';
import { TradeBillCard } from './TradeBillCard';

const STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待支付', color: 'default' },
  paid: { text: '已支付', color: 'green' },
  closed: { text: '已关闭', color: 'default' },
  partially_refunded: { text: '部分退款', color: 'orange' },
  refunded: { text: '已全额退款', color: 'red' },
};
const CHANNEL_LABELS: Record<string, string> = { mp: '小程序', h5: '公众号', qr: '扫码缴费' };
const REFUND_STATUS: Record<string, string> = { processing: '退款中', success: '已退款', failed: '退款失败' };
const ANOMALY_LABELS: Record<string, string> = {
  double_payment: '重复缴费(账单已由其他订单缴清,需退款)',
  paid_after_close: '订单关闭后到账(已补记,请核对账单)',
};
const EVENT_LABELS: Record<string, string> = {
  created: '创建订单',
  prepaid: '微信下单成功',
  paid: '支付成功',
  closed: '订单关闭',
  anomaly: '异常',
  refundRequested: '申请退款',
  refunded: '退款成功',
  refundFailed: '退款失败',
  paymentReceipt: '发送缴费凭证',
  refundAbnormal: '退款异常',
  writtenOff: '营收系统销账',
  writeOffRefused: '营收系统拒绝销账',
};
const CHANGE_LABELS: Record<string, string> = {
  settled: '补记为已支付',
  closed: '关闭未支付订单',
  billsSettled: '补记账单已缴',
  billsReleased: '释放被占用账单',
  refundChecked: '查询退款结果',
};

/** The timeline entry in words: a paid event says whether WeChat's notification or our query told us. */
function eventText(e: StaffPayment['timeline'][number]): string {
  if (e.event === 'paid')
    return e.note === '支付通知' ? '收到微信支付通知:支付成功' : `支付成功(${e.note ?? '查单'})`;
  const name = label(EVENT_LABELS, e.event);
  return e.note ? `${name}:${e.note}` : name;
}

const newAttemptKey = () => `refund-${crypto.randomUUID()}`;

function RefundModal({
  payment,
  onClose,
  onDone,
}: {
  payment: StaffPayment;
  onClose: () => void;
  onDone: (p: StaffPayment) => void;
}) {
  const refundable =
    payment.amountFen -
    payment.refundedFen -
    payment.refunds.filter((r) => r.status === 'processing').reduce((n, r) => n + r.amountFen, 0);
  // One key for this attempt, kept across retries of it.
  const [idempotencyKey] = useState(newAttemptKey);
  const [form] = Form.useForm<{ mode: 'full' | 'part'; amountYuan?: number; reason: string }>();
  const mode = Form.useWatch('mode', form);
  const [busy, run] = useAction();

  async function submit() {
    const v = await validFields(form);
    if (!v) return;
    const amountFen = v.mode === 'part' ? Math.round((v.amountYuan ?? 0) * 100) : undefined;
    const r = await run(
      () =>
        call('refundPayment', {
          params: { outTradeNo: payment.outTradeNo },
          body: { amountFen, reason: v.reason },
          idempotencyKey,
        }),
      '退款已提交',
    );
    if (r) onDone(r);
  }

  return (
    <Modal
      open
      title={`退款 ${payment.outTradeNo}`}
      okText="确认退款"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
    >
      <Typography.Paragraph>
        实付 {formatFen(payment.amountFen)},可退 {formatFen(refundable)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ mode: 'full' }}>
        <Form.Item name="mode" label="退款方式">
          <Radio.Group>
            <Radio value="full">全额退款(剩余可退金额)</Radio>
            <Radio value="part">部分退款</Radio>
          </Radio.Group>
        </Form.Item>
        {mode === 'part' && (
          <Form.Item
            name="amountYuan"
            label="退款金额(元)"
            rules={[
              { required: true, message: '请填写退款金额' },
              {
                validator: (_, v: number | undefined) =>
                  v === undefined || (v > 0 && Math.round(v * 100) <= refundable)
                    ? Promise.resolve()
                    : Promise.reject(new Error(`退款金额须大于 0 且不超过可退金额 ${formatFen(refundable)}`)),
              },
            ]}
          >
            <InputNumber min={0.01} precision={2} step={1} style={{ width: 200 }} placeholder="例如 10.00" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label="退款原因"
          rules={[
            { required: true, whitespace: true, message: '请填写退款原因' },
            { max: 80, message: '退款原因最多 80 字' },
          ]}
        >
          <Input placeholder="例如:多收燃气费、重复缴费" maxLength={80} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">幂等键:{idempotencyKey}(重试本次退款不会重复退款)</Typography.Text>
    </Modal>
  );
}

/** The drawer's content: the payment read fresh by its order number, not the (possibly stale) list row. */
function PaymentDrawerBody({ outTradeNo, onChanged }: { outTradeNo: string; onChanged: () => void }) {
  const detail = useApiQuery('getStaffPayment', { params: { outTradeNo } });
  if (detail.error) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Spin />;
  return (
    <PaymentDetail
      payment={detail.data}
      loading={detail.loading}
      onRefresh={detail.reload}
      onChanged={() => {
        detail.reload();
        onChanged();
      }}
    />
  );
}

function PaymentDetail({
  payment,
  loading,
  onRefresh,
  onChanged,
}: {
  payment: StaffPayment;
  loading: boolean;
  onRefresh: () => void;
  onChanged: () => void;
}) {
  const [refunding, setRefunding] = useState(false);
  const status = STATUS[payment.status];
  const refundable =
    ['paid', 'partially_refunded'].includes(payment.status) && payment.refundedFen < payment.amountFen;
  return (
    <>
      {payment.anomaly && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`异常:${label(ANOMALY_LABELS, payment.anomaly)}`}
        />
      )}
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label="订单号">{payment.outTradeNo}</Descriptions.Item>
        <Descriptions.Item label="户号">{payment.accountNo}</Descriptions.Item>
        <Descriptions.Item label="金额">{formatFen(payment.amountFen)}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={status?.color}>{status?.text ?? payment.status}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="已退款">{formatFen(payment.refundedFen)}</Descriptions.Item>
        <Descriptions.Item label="渠道">{label(CHANNEL_LABELS, payment.channel)}</Descriptions.Item>
        <Descriptions.Item label="微信支付单号" span={2}>
          {payment.transactionId ?? '—'}
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ margin: '16px 0' }}>
        <Button type="primary" danger disabled={!refundable} onClick={() => setRefunding(true)}>
          退款
        </Button>
        <Button loading={loading} onClick={onRefresh}>
          刷新
        </Button>
      </Space>
      <Typography.Title level={5}>时间线</Typography.Title>
      <Timeline
        data-testid="payment-timeline"
        items={payment.timeline.map((e) => ({
          color:
            e.event === 'anomaly' || e.event === 'refundFailed' || e.event === 'writeOffRefused'
              ? 'red'
              : e.event.startsWith('refund')
                ? 'orange'
                : 'blue',
          children: `${formatDateTime(e.at, 'YYYY-MM-DD HH:mm:ss')} ${eventText(e)}`,
        }))}
      />
      <Typography.Title level={5}>退款记录</Typography.Title>
      <Table
        size="small"
        rowKey="outRefundNo"
        pagination={false}
        dataSource={payment.refunds}
        locale={{ emptyText: '暂无退款' }}
        columns={[
          { title: '退款单号', dataIndex: 'outRefundNo' },
          { title: '金额', render: (_, r) => formatFen(r.amountFen) },
          { title: '状态', render: (_, r) => label(REFUND_STATUS, r.status) },
          { title: '原因', dataIndex: 'reason' },
          { title: '申请时间', render: (_, r) => formatDateTime(r.createdAt) },
        ]}
      />
      {refunding && (
        <RefundModal
          payment={payment}
          onClose={() => setRefunding(false)}
          onDone={() => {
            setRefunding(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function ReconciliationCard() {
  const [busy, run] = useAction();
  const [result, setResult] = useState<ReconciliationResult>();
  const [minAgeMinutes, setMinAge] = useState<number | null>(0);
  return (
    <Card title="对账" size="small" style={{ marginTop: 16 }}>
      <Space>
        <span>只查待支付超过</span>
        <InputNumber min={0} max={7 * 24 * 60} value={minAgeMinutes} onChange={setMinAge} />
        <span>分钟的订单</span>
        <Button
          loading={busy}
          onClick={async () =>
            setResult(
              await run(
                () => call('runReconciliation', { body: { minAgeMinutes: minAgeMinutes ?? undefined } }),
                '对账完成',
              ),
            )
          }
        >
          立即对账
        </Button>
      </Space>
      {result && (
        <div data-testid="reconciliation-result" style={{ marginTop: 12 }}>
          <Typography.Paragraph>
            共检查 {result.checked} 笔,补记支付 {result.settled} 笔,关闭 {result.closed} 笔,失败{' '}
            {result.errors} 笔
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => `${r.outTradeNo}-${r.change}`}
            pagination={false}
            dataSource={result.changes}
            locale={{ emptyText: '没有需要更正的订单' }}
            columns={[
              { title: '订单号', dataIndex: 'outTradeNo' },
              { title: '户号', dataIndex: 'accountNo' },
              { title: '变更', render: (_, r) => label(CHANGE_LABELS, r.change) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

export function PaymentsPage() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string>();
  const found = useApiQuery(q ? 'listStaffPayments' : undefined, { query: { q, page, pageSize: 20 } });

  return (
    <>
      <Typography.Title level={4}>缴费与退款</Typography.Title>
      <Card size="small">
        <Input.Search
          placeholder="户号 / 订单号 / 微信支付单号"
          allowClear
          enterButton="查询"
          style={{ width: 420 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
        />
        {found.error ? (
          <ErrorState error={found.error} onRetry={found.reload} />
        ) : (
          <Table
            style={{ marginTop: 12 }}
            rowKey="outTradeNo"
            loading={found.loading}
            dataSource={found.data?.items ?? []}
            locale={{ emptyText: q ? '没有找到订单' : '输入户号、订单号或微信支付单号查询' }}
            pagination={{
              current: page,
              pageSize: 20,
              total: found.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
            }}
            onRow={(row) => ({ onClick: () => setSelected(row.outTradeNo), style: { cursor: 'pointer' } })}
            columns={[
              { title: '订单号', dataIndex: 'outTradeNo' },
              { title: '户号', dataIndex: 'accountNo' },
              { title: '金额', render: (_, r) => formatFen(r.amountFen) },
              { title: '已退款', render: (_, r) => formatFen(r.refundedFen) },
              {
                title: '状态',
                render: (_, r) => (
                  <Tag color={STATUS[r.status]?.color}>{STATUS[r.status]?.text ?? r.status}</Tag>
                ),
              },
              {
                title: '异常',
                render: (_, r) =>
                  r.anomaly ? <Tag color="red">{label(ANOMALY_LABELS, r.anomaly)}</Tag> : null,
              },
              { title: '创建时间', render: (_, r) => formatDateTime(r.createdAt) },
              { title: '支付时间', render: (_, r) => formatDateTime(r.paidAt) },
            ]}
          />
        )}
      </Card>
      <ReconciliationCard />
      <TradeBillCard />
      <ReceiptsExportCard />
      <Drawer
        open={!!selected}
        width={720}
        title={selected ? `订单详情 ${selected}` : '订单详情'}
        onClose={() => setSelected(undefined)}
        destroyOnClose
      >
        {selected && <PaymentDrawerBody key={selected} outTradeNo={selected} onChanged={found.reload} />}
      </Drawer>
    </>
  );
}
