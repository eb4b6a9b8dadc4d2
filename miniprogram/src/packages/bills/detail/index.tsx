/** 账单详情: items, readings, due date, status. */
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { formatFen } from '../../../utils/money';
import { formatDate, formatPeriod } from '../../../utils/date';
import { billStatusLabel } from '../../../features/bills/billStatus';
import { usePageQuery } from '../../../services/navigation';

export default function BillDetailPage() {
  const { id = '' } = usePageQuery('billDetail');
  const bill = useRequest(() => api.call('getBill', { params: { billId: id } }), [id]);
  const b = bill.data;
  return (
    <PageState loading={bill.loading} slow={bill.slow} error={bill.error} onRetry={bill.reload}>
      {b && (
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
              <Text>{`${b.readingFrom} → ${b.readingTo}`}</Text>
            </View>
          )}
          {b.items.map((item, i) => (
            <View key={`${item.kind}-${i}`} className="row-link">
              <Text>{item.name}</Text>
              <Text>{formatFen(item.amountFen)}</Text>
            </View>
          ))}
          <View className="row-link">
            <Text>应缴金额</Text>
            <Text className="amount">{formatFen(b.amountDue)}</Text>
          </View>
          <View className="row-link">
            <Text>缴费截止</Text>
            <Text>{formatDate(b.dueDate)}</Text>
          </View>
        </Section>
      )}
    </PageState>
  );
}
