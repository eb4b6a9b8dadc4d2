/** 消息订阅设置: which notices I get (reportSubscriptions); grants are asked at the messaging issue's moments. */
import { View } from '@tarojs/components';
import { Section } from '../../../components/Section';

export default function SubscriptionsPage() {
  return (
    <Section title="消息订阅">
      <View className="muted">缴费成功、工单进度、停气通知等消息会在您办理业务时征得同意后发送。</View>
    </Section>
  );
}
