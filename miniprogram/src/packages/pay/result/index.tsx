/** 支付结果: waits for the server's confirmation (payment notification), polling getPayment. */
import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Payment } from '@portal/types';
import { Section } from '../../../components/Section';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { go, usePageQuery } from '../../../services/navigation';
import { formatFen } from '../../../utils/money';
import { paymentPhase, pollDelayMs } from '../../../features/pay/paymentPhase';
import { formatDateTime } from '../../../utils/date';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function PayResultPage() {
  const { outTradeNo = '' } = usePageQuery('payResult');
  const [payment, setPayment] = useState<Payment>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const phase = paymentPhase(payment, attempt);

  useEffect(() => {
    if (phase !== 'waiting') return;
    const timer = setTimeout(() => {
      api
        .call('getPayment', { params: { outTradeNo } })
        .then((p) => {
          setPayment(p);
          setError(undefined);
        })
        .catch((e: unknown) => setError(errorMessage(e)))
        .finally(() => setAttempt((n) => n + 1));
    }, pollDelayMs(attempt));
    return () => clearTimeout(timer);
  }, [attempt, phase, outTradeNo]);

  return (
    <ElderRoot>
      <Section title="缴费结果">
        <View className="pay-result" role="status">
          {phase === 'waiting' && <Text>正在确认支付结果…</Text>}
          {phase === 'paid' && payment && (
            <View>
              <Text className="amount">{`缴费成功 ${formatFen(payment.amountFen)}`}</Text>
              <View className="receipt" aria-label="电子收据">
                <View className="row-link">
                  <Text>户号</Text>
                  <Text>{payment.accountNo}</Text>
                </View>
                <View className="row-link">
                  <Text>账单数</Text>
                  <Text>{`${payment.billIds.length} 笔`}</Text>
                </View>
                {payment.paidAt && (
                  <View className="row-link">
                    <Text>支付时间</Text>
                    <Text>{formatDateTime(payment.paidAt)}</Text>
                  </View>
                )}
                {payment.transactionId && (
                  <View className="row-link">
                    <Text>微信支付单号</Text>
                    <Text className="muted">{payment.transactionId}</Text>
                  </View>
                )}
              </View>
            </View>
          )}
          {phase === 'closed' && <Text>支付未完成,订单已关闭</Text>}
          {phase === 'unknown' && <Text>暂未收到支付结果,请稍后在缴费记录中查看</Text>}
          {error && phase !== 'paid' && <View className="muted">{error}</View>}
          <View className="muted">{`订单号 ${outTradeNo}`}</View>
        </View>
        <Button block type="primary" onClick={() => go('bills')}>
          返回缴费
        </Button>
      </Section>
    </ElderRoot>
  );
}
