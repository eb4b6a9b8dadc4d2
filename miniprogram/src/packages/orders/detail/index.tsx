/** 工单详情: steps, node timeline, technician, ETA, appointment; rate after completion. */
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Rate } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { serviceApi } from '../../../services/endpoints';
import { errorMessage } from '../../../services/errors';
import { formatShortDateTime, formatTimeRange } from '../../../utils/date';
import { toStepItems, toTimelineItems } from '../../../features/orders/timeline';
import './index.scss';

export default function OrderDetailPage() {
  const { orderNo = '' } = useRouter().params;
  const order = useRequest(() => serviceApi.get(orderNo), [orderNo]);
  const [score, setScore] = useState(5);
  const o = order.data;

  const rate = async () => {
    try {
      await serviceApi.rate(orderNo, { score });
      Taro.showToast({ title: '感谢您的评价', icon: 'success' });
      order.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };

  return (
    <PageState loading={order.loading} slow={order.slow} error={order.error} onRetry={order.reload}>
      {o && (
        <View className="order">
          <Section title={`${o.typeLabel} · ${o.categoryLabel}`}>
            <View className="muted">{o.orderNo}</View>
            <View className="order__steps">
              {toStepItems(o.steps).map((s) => (
                <View key={s.key} className={`order__step order__step--${s.state}`}>{s.label}</View>
              ))}
            </View>
            <View className="row-link"><Text>当前进度</Text><Text>{o.currentStep}</Text></View>
            {o.technician && (
              <View className="row-link"><Text>服务人员</Text><Text>{`${o.technician.name} ${o.technician.phoneMasked}`}</Text></View>
            )}
            {o.eta && <View className="row-link"><Text>预计到达</Text><Text>{formatShortDateTime(o.eta)}</Text></View>}
            {o.appointment && (
              <View className="row-link"><Text>预约时间</Text><Text>{formatTimeRange(o.appointment.startAt, o.appointment.endAt)}</Text></View>
            )}
          </Section>
          <Section title="处理记录">
            {toTimelineItems(o.timeline).map((t) => (
              <View key={t.key} className={`order__node ${t.latest ? 'order__node--latest' : ''}`}>
                <Text className="order__node-title">{t.title}</Text>
                <Text className="muted">{t.time}</Text>
                <View>{t.text}</View>
              </View>
            ))}
          </Section>
          {o.canRate && (
            <Section title="服务评价">
              <Rate value={score} onChange={(v) => setScore(v)} />
              <Button block type="primary" onClick={rate}>提交评价</Button>
            </Section>
          )}
        </View>
      )}
    </PageState>
  );
}
