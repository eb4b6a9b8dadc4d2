/**
 * 账单详情: each line with its quantity, unit price and amount, where this year's usage stands in the
 * tiers, the same month last year, and then either the pay button (unpaid) or where, when and how it
 * was paid with the PDF receipt and the 电子发票 request.
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { go, usePageQuery } from '../../../services/navigation';
import { formatFen } from '../../../utils/money';
import { formatDate, formatDateTime, formatPeriod } from '../../../utils/date';
import { billStatusLabel } from '../../../features/bills/billStatus';
import { InvoiceForm } from '../../../features/bills/InvoiceForm';
import { BillItemRow } from '../../../features/bills/BillItemRow';
import { TierPositionView } from '../../../features/bills/TierPositionView';
import { formatUsage, paidViaText, yearOnYearText } from '../../../features/bills/labels';
import { openReceipt } from '../../../features/bills/openReceipt';
import { startPayment } from '../../../features/pay/startPayment';
import { askForGrants, MOMENTS } from '../../../features/subscribe/askForGrants';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function BillDetailPage() {
  const { id = '' } = usePageQuery('billDetail');
  const detail = useRequest(() => api.call('getBillDetail', { params: { billId: id } }), [id]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const d = detail.data;
  const b = d?.bill;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const pay = () => {
    if (!b) return;
    // Within the tap, before anything else: the receipt and reminder grants (WeChat's rule).
    const grants = askForGrants(MOMENTS.paid);
    void run(async () => {
      await grants.answered;
      const outTradeNo = await startPayment({ accountNo: b.accountNo, billIds: [b.id] });
      go('payResult', { outTradeNo });
    });
  };

  return (
    <ElderRoot>
      <PageState loading={detail.loading} slow={detail.slow} error={detail.error} onRetry={detail.reload}>
        {d && b && (
          <View>
            <Section title={`${formatPeriod(b.period)}账单`}>
              <View className="row-link">
                <Text>户号</Text>
                <Text>{b.accountNo}</Text>
              </View>
              <View className="row-link">
                <Text>状态</Text>
                <Text>{billStatusLabel(b.status)}</Text>
              </View>
              {b.readingFrom !== undefined && b.readingTo !== undefined && (
                <View className="row-link">
                  <Text>读数</Text>
                  <Text>{`${formatUsage(b.readingFrom)} → ${formatUsage(b.readingTo)}`}</Text>
                </View>
              )}
              {b.usage !== undefined && (
                <View className="row-link">
                  <Text>本期用量</Text>
                  <Text>{`${formatUsage(b.usage)} ${d.unit}`}</Text>
                </View>
              )}
              <View className="row-link">
                <Text>{b.status === 'paid' ? '账单金额' : '应缴金额'}</Text>
                <Text className="amount">{formatFen(b.amountDue)}</Text>
              </View>
              {b.status !== 'paid' && (
                <View className="row-link">
                  <Text>缴费截止</Text>
                  <Text>{formatDate(b.dueDate)}</Text>
                </View>
              )}
            </Section>

            <Section title="计费明细">
              <View className="muted">{d.tariffTitle}</View>
              {b.items.map((item, i) => (
                <BillItemRow key={`${item.kind}-${i}`} item={item} />
              ))}
            </Section>

            {(d.tierPosition || d.yearOnYear) && (
              <Section title="用量对比">
                {d.tierPosition && <TierPositionView position={d.tierPosition} />}
                {d.yearOnYear && <View className="text-block">{yearOnYearText(d.yearOnYear, d.unit)}</View>}
              </Section>
            )}

            {d.payable && (
              <Section>
                <Button block type="primary" loading={busy} disabled={busy} onClick={pay}>
                  {`缴费 ${formatFen(b.amountDue)}`}
                </Button>
              </Section>
            )}

            {b.status === 'paid' && (
              <Section title="缴费信息">
                {b.paidAt && (
                  <View className="row-link">
                    <Text>缴费时间</Text>
                    <Text>{formatDateTime(b.paidAt)}</Text>
                  </View>
                )}
                {b.paidVia && <View className="text-block">{`缴费方式:${paidViaText(b.paidVia)}`}</View>}
                {b.paidVia?.reference && <View className="muted">{`凭证号 ${b.paidVia.reference}`}</View>}
                <Button
                  block
                  fill="outline"
                  loading={busy}
                  disabled={busy}
                  onClick={() => void run(() => openReceipt(b.id))}
                >
                  下载缴费凭证(PDF)
                </Button>
              </Section>
            )}
            {actionError && (
              <View className="field-error" role="alert" style={{ margin: '12px' }}>
                {actionError}
              </View>
            )}

            {b.status === 'paid' && (
              <Section title="电子发票">
                <InvoiceForm billId={b.id} invoice={d.invoice} />
              </Section>
            )}
          </View>
        )}
      </PageState>
    </ElderRoot>
  );
}
