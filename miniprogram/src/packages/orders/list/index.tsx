/** 我的工单: every order with its current step. */
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { go } from '../../../services/navigation';
import { formatDate } from '../../../utils/date';
import { orderStateLabel } from '../../../features/orders/timeline';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function OrderListPage() {
  const orders = useRequest(() => api.call('listMyWorkOrders'));
  useDidShow(() => orders.data && orders.reload());
  return (
    <ElderRoot>
      <Section title="我的工单">
        <PageState
          loading={orders.loading}
          slow={orders.slow}
          error={orders.error}
          onRetry={orders.reload}
          empty={orders.data?.items.length === 0}
          emptyText="还没有工单"
        >
          {orders.data?.items.map((o) => (
            <View
              key={o.orderNo}
              className="row-link tap"
              onClick={() => go('orderDetail', { orderNo: o.orderNo })}
            >
              <View>
                <Text>{`${o.typeLabel} · ${o.categoryLabel}`}</Text>
                <View className="muted">{`${o.orderNo} · ${formatDate(o.createdAt)}`}</View>
              </View>
              <Text>{o.state === 'open' ? o.currentStep : orderStateLabel(o.state)}</Text>
            </View>
          ))}
        </PageState>
      </Section>
    </ElderRoot>
  );
}
