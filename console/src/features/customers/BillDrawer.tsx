/**
 * One bill of the customer record opened (getBill): its lines (tiers, fees), the readings, the due date,
 * when and how it was paid and by which order, and its 电子发票 (getBillInvoice: none requested, waiting,
 * issued with its number, or refused and why) — what an agent reads out to a resident on the phone.
 */
import { Alert, Descriptions, Drawer, Spin, Table, Tag, Typography } from 'antd';
import type { InvoiceRequest } from '@portal/types';
import { ApiError } from '../../services/apiError';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDate, formatDateTime, formatFen } from '../../shared/format';
import { BILL_STATUS_LABELS, UTILITY_LABELS, label } from '../../shared/labels';

const PAID_CHANNEL_LABELS: Record<string, string> = {
  mp: '小程序',
  h5: '公众号',
  qr: '扫码缴费',
  counter: '营业厅',
  bank: '银行',
  offline: '线下',
};
const PAID_METHOD_LABELS: Record<string, string> = {
  wechatPay: '微信支付',
  cash: '现金',
  card: '刷卡',
  bankDebit: '银行代扣',
  transfer: '转账',
  other: '其他',
};
const INVOICE_STATUS: Record<InvoiceRequest['status'], { text: string; color: string }> = {
  requested: { text: '开票中', color: 'processing' },
  issued: { text: '已开票', color: 'green' },
  failed: { text: '开票失败', color: 'red' },
};

/** The bill's 电子发票: a 404 means none was requested, which is an answer, not an error. */
function BillInvoice({ billId }: { billId: string }) {
  const invoice = useApiQuery('getBillInvoice', { params: { billId } });
  if (invoice.error instanceof ApiError && invoice.error.status === 404)
    return <Typography.Text type="secondary">未申请电子发票</Typography.Text>;
  if (invoice.error) return <ErrorState error={invoice.error} onRetry={invoice.reload} />;
  const r = invoice.data;
  if (!r) return <Spin size="small" />;
  const status = INVOICE_STATUS[r.status];
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label="状态">
        <Tag color={status.color}>{status.text}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label="金额">{formatFen(r.amountFen)}</Descriptions.Item>
      <Descriptions.Item label="抬头">
        {r.title}({r.titleType === 'company' ? '单位' : '个人'})
      </Descriptions.Item>
      <Descriptions.Item label="税号">{r.taxNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="接收邮箱">{r.email}</Descriptions.Item>
      <Descriptions.Item label="申请时间">{formatDateTime(r.requestedAt)}</Descriptions.Item>
      {r.invoiceNo && <Descriptions.Item label="发票号码">{r.invoiceNo}</Descriptions.Item>}
      {r.issuedAt && <Descriptions.Item label="开票时间">{formatDateTime(r.issuedAt)}</Descriptions.Item>}
      {r.failureReason && (
        <Descriptions.Item label="失败原因" span={2}>
          {r.failureReason}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function BillContent({ billId }: { billId: string }) {
  const bill = useApiQuery('getBill', { params: { billId } });
  if (bill.error) return <ErrorState error={bill.error} onRetry={bill.reload} />;
  const b = bill.data;
  if (!b) return <Spin />;
  const paid = b.status === 'paid';
  return (
    <>
      {b.status === 'overdue' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`已逾期(截止 ${formatDate(b.dueDate)})`}
        />
      )}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="户号">{b.accountNo}</Descriptions.Item>
        <Descriptions.Item label="类别">{label(UTILITY_LABELS, b.utility)}</Descriptions.Item>
        <Descriptions.Item label="应缴">{formatFen(b.amountDue)}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag>{label(BILL_STATUS_LABELS, b.status)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="出账">{formatDate(b.issuedAt)}</Descriptions.Item>
        <Descriptions.Item label="截止">{formatDate(b.dueDate)}</Descriptions.Item>
        <Descriptions.Item label="读数">
          {b.readingFrom != null && b.readingTo != null ? `${b.readingFrom} → ${b.readingTo}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="用量">{b.usage ?? '—'}</Descriptions.Item>
        {paid && <Descriptions.Item label="缴费时间">{formatDateTime(b.paidAt)}</Descriptions.Item>}
        {b.paidVia && (
          <Descriptions.Item label="缴费方式">
            {label(PAID_CHANNEL_LABELS, b.paidVia.channel)} · {label(PAID_METHOD_LABELS, b.paidVia.method)}
            {b.paidVia.place ? ` · ${b.paidVia.place}` : ''}
          </Descriptions.Item>
        )}
        {b.paidVia?.reference && (
          <Descriptions.Item label="交易/收据号">{b.paidVia.reference}</Descriptions.Item>
        )}
        {b.outTradeNo && <Descriptions.Item label="缴费订单号">{b.outTradeNo}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        费用明细
      </Typography.Title>
      <Table
        size="small"
        rowKey={(r, i) => `${r.name}-${i}`}
        pagination={false}
        dataSource={b.items}
        columns={[
          { title: '项目', dataIndex: 'name' },
          { title: '数量', render: (_, r) => (r.quantity != null ? `${r.quantity}${r.unit ?? ''}` : '—') },
          { title: '单价', render: (_, r) => (r.unitPriceFen != null ? formatFen(r.unitPriceFen) : '—') },
          { title: '金额', render: (_, r) => formatFen(r.amountFen) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        电子发票
      </Typography.Title>
      {paid ? (
        <BillInvoice billId={b.id} />
      ) : (
        <Typography.Text type="secondary">缴清后可开票</Typography.Text>
      )}
    </>
  );
}

export function BillDrawer({ billId, onClose }: { billId?: string; onClose: () => void }) {
  return (
    <Drawer open={!!billId} width={640} title="账单详情" onClose={onClose} destroyOnClose>
      {billId && <BillContent key={billId} billId={billId} />}
    </Drawer>
  );
}
