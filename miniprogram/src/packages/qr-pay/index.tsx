/**
 * 扫码缴费 (一户一码): opened from a mini-program code (`scene` = the QR token) or the H5 URL (`?t=`).
 * Shows only masked data; pays without binding; offers to bind afterwards.
 */
import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../components/PageState';
import { Section } from '../../components/Section';
import { useRequest } from '../../hooks/useRequest';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { go, usePageQuery } from '../../services/navigation';
import { startPayment } from '../../features/pay/startPayment';
import { askForGrants, MOMENTS } from '../../features/subscribe/askForGrants';
import { usePrefetchSubscribeTemplates } from '../../features/subscribe/usePrefetchSubscribeTemplates';
import { qrTokenFromParams } from '../../features/pay/qrToken';
import { formatFen } from '../../utils/money';
import { formatPeriod } from '../../utils/date';
import { ElderRoot } from '../../features/elder/ElderRoot';

export default function QrPayPage() {
  const token = qrTokenFromParams(usePageQuery('qrPay'));
  const bill = useRequest(
    () => api.call('getQrBill', { params: { token: token ?? '' } }),
    [token],
    Boolean(token),
  );
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<string>();
  const unpaid = bill.data?.bills.filter((b) => b.status === 'unpaid' || b.status === 'overdue') ?? [];
  usePrefetchSubscribeTemplates();

  const pay = () => {
    if (!token) return;
    // Within the tap, before anything else: the receipt grant (WeChat's rule).
    const grants = askForGrants(MOMENTS.paid);
    void payUnpaid(token, grants.answered);
  };
  const payUnpaid = async (token: string, grantsAnswered: Promise<void>) => {
    setPaying(true);
    setPayError(undefined);
    try {
      await grantsAnswered;
      const outTradeNo = await startPayment({ qrToken: token, billIds: unpaid.map((b) => b.id) });
      go('payResult', { outTradeNo });
    } catch (e) {
      setPayError(errorMessage(e));
    } finally {
      setPaying(false);
    }
  };

  if (!token)
    return (
      <ElderRoot>
        <PageState error="二维码无效,请重新扫码" />
      </ElderRoot>
    );
  return (
    <ElderRoot>
      <PageState loading={bill.loading} slow={bill.slow} error={bill.error} onRetry={bill.reload}>
        {bill.data && (
          <View>
            <Section title="扫码缴费">
              <View className="row-link">
                <Text>户号</Text>
                <Text>{bill.data.accountNoMasked}</Text>
              </View>
              <View className="row-link">
                <Text>户主</Text>
                <Text>{bill.data.holderMasked}</Text>
              </View>
              <View className="row-link">
                <Text>地址</Text>
                <Text>{bill.data.addressMasked}</Text>
              </View>
              {unpaid.map((b) => (
                <View key={b.id} className="row-link">
                  <Text>{formatPeriod(b.period)}</Text>
                  <Text>{formatFen(b.amountDue)}</Text>
                </View>
              ))}
              <View className="row-link">
                <Text>应缴合计</Text>
                <Text className="amount">{formatFen(bill.data.unpaidFen)}</Text>
              </View>
            </Section>
            <View style={{ margin: '24px' }}>
              {unpaid.length > 0 ? (
                <Button block type="primary" loading={paying} disabled={paying} onClick={pay}>
                  {`支付 ${formatFen(bill.data.unpaidFen)}`}
                </Button>
              ) : (
                <Text>该户暂无待缴费用</Text>
              )}
              {payError && (
                <View className="field-error" role="alert">
                  {payError}
                </View>
              )}
              <Button block fill="outline" onClick={() => go('bindAccount')}>
                绑定该户号,以后随时查看
              </Button>
            </View>
          </View>
        )}
      </PageState>
    </ElderRoot>
  );
}
