/**
 * 对账单: reconcile WeChat Pay's trade bill of a chosen day line by line (runTradeBillReconciliation), or
 * read the day's last result (getTradeBillReconciliation, also what the daily job left), with its
 * discrepancy list.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TradeBillReconciliation } from '@portal/types';
import { call } from '../../services/api';
import { useAction } from '../../shared/useAction';
import { DAY_MS } from '@portal/types/src/time';
import { formatDateTime, formatFen, pickerDay } from '../../shared/format';
import { label } from '../../shared/labels';

const KIND_LABELS: Record<string, string> = {
  missing_in_portal: '微信有、平台无此订单',
  missing_at_wechat: '平台已收、微信账单无此笔',
  amount_mismatch: '金额不符',
  status_mismatch: '微信已支付、平台未入账',
  refund_missing_in_portal: '微信有退款、平台无记录',
  refund_missing_at_wechat: '平台有退款、微信账单无',
  refund_amount_mismatch: '退款金额不符',
  refund_status_mismatch: '退款状态不符',
};
const PORTAL_STATUS: Record<string, string> = {
  pending: '待支付',
  closed: '已关闭',
  paid: '已支付',
  partially_refunded: '部分退款',
  refunded: '已全额退款',
};

const fen = (v?: number) => (v === undefined ? '—' : formatFen(v));

export function TradeBillCard() {
  const [day, setDay] = useState<Dayjs | null>(() => pickerDay(Date.now() - DAY_MS));
  const [busy, run] = useAction();
  const [result, setResult] = useState<TradeBillReconciliation>();
  const billDate = day?.format('YYYY-MM-DD');

  const reconcile = async () => {
    if (!billDate) return;
    const r = await run(() => call('runTradeBillReconciliation', { params: { billDate } }), '对账完成');
    if (r) setResult(r);
  };
  const last = async () => {
    if (!billDate) return;
    const r = await run(() => call('getTradeBillReconciliation', { params: { billDate } }));
    if (r) setResult(r);
  };

  return (
    <Card title="微信支付对账单(逐笔核对)" size="small" style={{ marginTop: 16 }}>
      <Space wrap>
        <span>账单日期</span>
        <DatePicker
          value={day}
          onChange={setDay}
          placeholder="账单日期"
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') >= pickerDay(Date.now()).format('YYYY-MM-DD')}
        />
        <Button type="primary" loading={busy} disabled={!billDate} onClick={reconcile}>
          下载账单并对账
        </Button>
        <Button disabled={!billDate || busy} onClick={last}>
          查看上次结果
        </Button>
      </Space>
      {result && (
        <div data-testid="trade-bill-result" style={{ marginTop: 12 }}>
          {result.status === 'failed' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              message={`对账失败:${result.error ?? ''}`}
            />
          )}
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="账单日期">{result.billDate}</Descriptions.Item>
            <Descriptions.Item label="执行">
              {result.ranBy === 'schedule' ? '每日自动' : result.ranBy} · {formatDateTime(result.ranAt)}(第{' '}
              {result.runs} 次)
            </Descriptions.Item>
            <Descriptions.Item label="SHA1">{result.hashValue ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="支付笔数">{result.paymentLines}</Descriptions.Item>
            <Descriptions.Item label="退款笔数">{result.refundLines}</Descriptions.Item>
            <Descriptions.Item label="核对一致">{result.matched}</Descriptions.Item>
            <Descriptions.Item label="应结订单总金额">{fen(result.summary?.settlementFen)}</Descriptions.Item>
            <Descriptions.Item label="退款总金额">{fen(result.summary?.refundFen)}</Descriptions.Item>
            <Descriptions.Item label="手续费">{fen(result.summary?.feeFen)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            差异清单({result.discrepancies.length})
          </Typography.Title>
          <Table
            size="small"
            rowKey={(d) => `${d.kind}-${d.outTradeNo}-${d.outRefundNo ?? ''}`}
            pagination={false}
            dataSource={result.discrepancies}
            locale={{ emptyText: '没有差异' }}
            columns={[
              { title: '差异', render: (_, d) => <Tag color="red">{label(KIND_LABELS, d.kind)}</Tag> },
              { title: '订单号', dataIndex: 'outTradeNo' },
              { title: '退款单号', render: (_, d) => d.outRefundNo ?? '—' },
              { title: '户号', render: (_, d) => d.accountNo ?? '—' },
              { title: '微信金额', render: (_, d) => fen(d.wechatFen) },
              { title: '平台金额', render: (_, d) => fen(d.portalFen) },
              { title: '微信状态', render: (_, d) => d.wechatStatus ?? '—' },
              {
                title: '平台状态',
                render: (_, d) => (d.portalStatus ? label(PORTAL_STATUS, d.portalStatus) : '—'),
              },
              {
                title: '处理',
                render: (_, d) =>
                  d.resolution === 'settled' ? <Tag color="green">已查单补记</Tag> : '待核查',
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
