/**
 * 缴费记录 and 用量: the 12-month usage chart of the chosen account, its usage analysis (against last
 * year and similar households), every bill of the account including paid ones (paid when, where, how),
 * and my payments as receipts (电子收据: amount, bills, time, WeChat transaction number).
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { UsageChart } from '../../../components/UsageChart';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { go } from '../../../services/navigation';
import { formatFen } from '../../../utils/money';
import { formatDate, formatDateTime, formatPeriod } from '../../../utils/date';
import { billStatusLabel } from '../../../features/bills/billStatus';
import { paidViaText } from '../../../features/bills/labels';
import { UsageAnalysisView } from '../../../features/bills/UsageAnalysisView';
import { ElderRoot } from '../../../features/elder/ElderRoot';

const paymentStatus: Record<string, string> = {
  pending: '待支付',
  paid: '已支付',
  closed: '已关闭',
  refunded: '已退款',
  partially_refunded: '部分退款',
};

export default function BillHistoryPage() {
  const accounts = useRequest(() => api.call('listMyAccounts'));
  const [picked, setPicked] = useState<string>();
  const accountNo =
    picked ?? (accounts.data?.items.find((a) => a.isDefault) ?? accounts.data?.items[0])?.accountNo;
  const usage = useRequest(
    () => api.call('getUsageHistory', { params: { accountNo: accountNo! }, query: { months: 12 } }),
    [accountNo],
    Boolean(accountNo),
  );
  const analysis = useRequest(
    () => api.call('getUsageAnalysis', { params: { accountNo: accountNo! }, query: {} }),
    [accountNo],
    Boolean(accountNo),
  );
  const bills = useRequest(
    () => api.call('listBills', { query: { accountNo: accountNo!, pageSize: 24 } }),
    [accountNo],
    Boolean(accountNo),
  );
  const payments = useRequest(() => api.call('listMyPayments'));
  const [open, setOpen] = useState<string>();

  return (
    <ElderRoot>
      <View>
        <Section title="近12个月用量">
          <PageState
            loading={accounts.loading}
            error={accounts.error}
            onRetry={accounts.reload}
            empty={accounts.data?.items.length === 0}
            emptyText="还没有绑定户号"
          >
            {(accounts.data?.items.length ?? 0) > 1 && (
              <View className="row-link">
                {accounts.data!.items.map((a) => (
                  <Text
                    key={a.accountNo}
                    className={`tap ${a.accountNo === accountNo ? 'amount' : 'link'}`}
                    onClick={() => setPicked(a.accountNo)}
                  >
                    {a.accountNo}
                  </Text>
                ))}
              </View>
            )}
            <PageState
              loading={usage.loading}
              slow={usage.slow}
              error={usage.error}
              onRetry={usage.reload}
              empty={usage.data?.months.length === 0}
              emptyText="暂无用量记录"
            >
              {usage.data && <UsageChart history={usage.data} />}
            </PageState>
          </PageState>
        </Section>
        {analysis.data && (
          <Section title="用量分析">
            <UsageAnalysisView analysis={analysis.data} />
          </Section>
        )}
        <Section title="账单记录">
          <PageState
            loading={bills.loading}
            slow={bills.slow}
            error={bills.error}
            onRetry={bills.reload}
            empty={bills.data?.items.length === 0}
            emptyText="暂无账单"
          >
            {bills.data?.items.map((b) => (
              <View
                key={b.id}
                className="row-link tap"
                aria-label={`${formatPeriod(b.period)}账单`}
                onClick={() => go('billDetail', { id: b.id })}
              >
                <View>
                  <Text>{`${formatPeriod(b.period)} · ${billStatusLabel(b.status)}`}</Text>
                  <View className="muted">
                    {b.status === 'paid'
                      ? `${b.paidAt ? formatDateTime(b.paidAt) : ''} ${b.paidVia ? paidViaText(b.paidVia) : ''}`
                      : `缴费截止 ${formatDate(b.dueDate)}`}
                  </View>
                </View>
                <Text className={b.status === 'paid' ? undefined : 'amount'}>{formatFen(b.amountDue)}</Text>
              </View>
            ))}
          </PageState>
        </Section>
        <Section title="缴费记录(电子收据)">
          <PageState
            loading={payments.loading}
            slow={payments.slow}
            error={payments.error}
            onRetry={payments.reload}
            empty={payments.data?.items.length === 0}
            emptyText="暂无缴费记录"
          >
            {payments.data?.items.map((p) => (
              <View key={p.outTradeNo}>
                <View
                  className="row-link tap"
                  onClick={() => setOpen(open === p.outTradeNo ? undefined : p.outTradeNo)}
                >
                  <View>
                    <Text>{`${p.accountNo} · ${paymentStatus[p.status] ?? p.status}`}</Text>
                    <View className="muted">{formatDateTime(p.paidAt ?? p.createdAt)}</View>
                  </View>
                  <Text>{formatFen(p.amountFen)}</Text>
                </View>
                {open === p.outTradeNo && (
                  <View className="receipt" role="region" aria-label="电子收据">
                    <View className="row-link">
                      <Text>收据金额</Text>
                      <Text className="amount">{formatFen(p.amountFen)}</Text>
                    </View>
                    <View className="row-link">
                      <Text>户号</Text>
                      <Text>{p.accountNo}</Text>
                    </View>
                    <View className="row-link">
                      <Text>账单数</Text>
                      <Text>{`${p.billIds.length} 笔`}</Text>
                    </View>
                    <View className="row-link">
                      <Text>商户订单号</Text>
                      <Text className="muted">{p.outTradeNo}</Text>
                    </View>
                    {p.transactionId && (
                      <View className="row-link">
                        <Text>微信支付单号</Text>
                        <Text className="muted">{p.transactionId}</Text>
                      </View>
                    )}
                    {p.paidAt && (
                      <View className="row-link">
                        <Text>支付时间</Text>
                        <Text>{formatDateTime(p.paidAt)}</Text>
                      </View>
                    )}
                    {p.refundedFen > 0 && (
                      <View className="row-link">
                        <Text>已退款</Text>
                        <Text>{formatFen(p.refundedFen)}</Text>
                      </View>
                    )}
                    {p.billIds.map((id) => (
                      <View key={id} className="row-link tap" onClick={() => go('billDetail', { id })}>
                        <Text className="link">查看账单明细</Text>
                        <Text className="muted">›</Text>
                      </View>
                    ))}
                  </View>
                )}
              </View>
            ))}
          </PageState>
        </Section>
      </View>
    </ElderRoot>
  );
}
