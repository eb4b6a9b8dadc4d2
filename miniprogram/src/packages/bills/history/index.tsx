/** 缴费记录 (paid bills) and the 12-month usage of the default account. */
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { billingApi } from '../../../services/endpoints';
import { go, routes } from '../../../services/navigation';
import { formatFen } from '../../../utils/money';
import { formatDate, formatPeriod } from '../../../utils/date';

export default function BillHistoryPage() {
  const bills = useRequest(() => billingApi.list({ status: 'paid' }));
  return (
    <Section title="缴费记录">
      <PageState loading={bills.loading} slow={bills.slow} error={bills.error} onRetry={bills.reload} empty={bills.data?.items.length === 0}>
        {bills.data?.items.map((b) => (
          <View key={b.id} className="row-link tap" onClick={() => go(routes.billDetail, { id: b.id })}>
            <View>
              <Text>{`${formatPeriod(b.period)} · ${b.accountNo}`}</Text>
              <View className="muted">{b.paidAt ? `缴费于 ${formatDate(b.paidAt)}` : ''}</View>
            </View>
            <Text>{formatFen(b.amountDue)}</Text>
          </View>
        ))}
      </PageState>
    </Section>
  );
}
