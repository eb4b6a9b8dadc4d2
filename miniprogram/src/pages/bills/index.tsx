/** 缴费: unpaid bills of the chosen account; select and pay; links to history and usage. */
import { useMemo, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import type { Bill } from '@portal/types';
import { PageState } from '../../components/PageState';
import { Section } from '../../components/Section';
import { useRequest } from '../../hooks/useRequest';
import { outstandingBills } from '../../features/bills/outstanding';
import { errorMessage } from '../../services/errors';
import { go } from '../../services/navigation';
import { startPayment } from '../../features/pay/startPayment';
import { askForGrants, MOMENTS } from '../../features/subscribe/askForGrants';
import { usePrefetchSubscribeTemplates } from '../../features/subscribe/usePrefetchSubscribeTemplates';
import { formatFen, sumFen } from '../../utils/money';
import { formatDate, formatPeriod } from '../../utils/date';
import { strings } from '../../strings';
import './index.scss';
import { ElderRoot } from '../../features/elder/ElderRoot';

export default function BillsPage() {
  const bills = useRequest(() => outstandingBills());
  const [selected, setSelected] = useState<string[]>([]);
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<string>();
  useDidShow(() => bills.data && bills.reload());
  usePrefetchSubscribeTemplates();

  const items: Bill[] = bills.data ?? [];
  const chosen = items.filter((b) => selected.includes(b.id));
  const totalFen = useMemo(() => sumFen(chosen.map((b) => b.amountDue)), [chosen]);
  // One payment covers bills of one account.
  const accountNo = chosen[0]?.accountNo;
  const mixed = chosen.some((b) => b.accountNo !== accountNo);

  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  const pay = () => {
    if (!accountNo || mixed) return;
    // Within the tap, before anything else: the receipt and reminder grants (WeChat's rule).
    const grants = askForGrants(MOMENTS.paid);
    void payChosen(accountNo, grants.answered);
  };
  const payChosen = async (accountNo: string, grantsAnswered: Promise<void>) => {
    setPaying(true);
    setPayError(undefined);
    try {
      await grantsAnswered;
      const outTradeNo = await startPayment({ accountNo, billIds: chosen.map((b) => b.id) });
      go('payResult', { outTradeNo });
    } catch (e) {
      setPayError(errorMessage(e));
    } finally {
      setPaying(false);
    }
  };

  return (
    <ElderRoot>
      <View className="bills">
        <Section
          title="待缴账单"
          extra={
            <Text className="link tap" onClick={() => go('billHistory')}>
              缴费记录
            </Text>
          }
        >
          <PageState
            loading={bills.loading}
            slow={bills.slow}
            error={bills.error}
            onRetry={bills.reload}
            empty={items.length === 0}
            emptyText={bills.errorCode ? undefined : '没有待缴账单'}
            emptyAction={<Button onClick={() => go('bindAccount')}>{strings.bindNow}</Button>}
          >
            {items.map((b) => (
              <View key={b.id} className="row-link bills__row">
                <Checkbox
                  className="tap"
                  checked={selected.includes(b.id)}
                  onChange={() => toggle(b.id)}
                  aria-label={`选择 ${formatPeriod(b.period)} 账单`}
                />
                <View className="bills__info" onClick={() => go('billDetail', { id: b.id })}>
                  <Text>{`${formatPeriod(b.period)} · ${b.accountNo}`}</Text>
                  <View
                    className={b.status === 'overdue' ? 'amount' : 'muted'}
                  >{`${b.status === 'overdue' ? '已逾期 · ' : ''}缴费截止 ${formatDate(b.dueDate)}`}</View>
                </View>
                <Text className="amount">{formatFen(b.amountDue)}</Text>
              </View>
            ))}
          </PageState>
        </Section>
        {items.length > 0 && (
          <View className="bills__bar">
            <Text>
              合计 <Text className="amount">{formatFen(totalFen)}</Text>
            </Text>
            <Button type="primary" loading={paying} disabled={!accountNo || mixed || paying} onClick={pay}>
              {mixed ? '请选择同一户号的账单' : '立即缴费'}
            </Button>
          </View>
        )}
        {payError && (
          <View className="field-error bills__error" role="alert">
            {payError}
          </View>
        )}
      </View>
    </ElderRoot>
  );
}
