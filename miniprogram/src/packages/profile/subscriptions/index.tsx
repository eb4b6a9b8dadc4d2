/**
 * 消息订阅设置: which messages I get. Shows the one-time grants left per template (getMySubscriptions);
 * on weapp "开启" asks Taro.requestSubscribeMessage for the chosen messages and reports the answers
 * (reportSubscriptions). On H5 (official account) messages come as template messages: nothing to grant.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MessageEvent } from '@portal/types';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { requestGrants } from '../../../features/subscribe/requestGrants';

const eventLabels: Record<MessageEvent, string> = {
  paymentReceipt: '缴费成功通知',
  billReminder: '账单/欠费提醒',
  orderStatus: '工单进度通知',
  technicianAssigned: '师傅上门通知',
  appointmentReminder: '预约上门提醒',
  outageNotice: '停气/停水通知',
  chatReply: '客服回复提醒',
};

export default function SubscriptionsPage() {
  const subs = useRequest(() => api.call('getMySubscriptions'));
  const [busy, setBusy] = useState<MessageEvent>();
  const isWeapp = process.env.TARO_ENV === 'weapp';

  const enable = async (event: MessageEvent) => {
    setBusy(event);
    const result = await requestGrants([event]);
    setBusy(undefined);
    if (result === 'reported') Taro.showToast({ title: '已更新', icon: 'success' });
    subs.reload();
  };

  return (
    <Section title="消息订阅">
      <View className="muted" style={{ paddingBottom: '12px' }}>
        {isWeapp
          ? '微信订阅消息每同意一次可收到一条。缴费、报修、预约时我们会再次询问;也可以在这里提前开启。'
          : '关注公众号后,缴费成功、工单进度、停气通知等消息将通过公众号发送给您。'}
      </View>
      <PageState loading={subs.loading} slow={subs.slow} error={subs.error} onRetry={subs.reload} empty={subs.data?.templates.length === 0} emptyText="暂无可订阅的消息">
        {subs.data?.templates.map((t) => {
          const grant = subs.data!.grants.find((g) => g.templateId === t.templateId);
          const remaining = grant?.remaining ?? 0;
          return (
            <View key={t.templateId} className="row-link">
              <View>
                <Text>{eventLabels[t.event] ?? t.title}</Text>
                <View className="muted">{remaining > 0 ? `还可接收 ${remaining} 条` : grant?.lastAnswer === 'reject' ? '您上次选择了不接收' : '未开启'}</View>
              </View>
              {isWeapp && (
                <Button size="small" type={remaining > 0 ? 'default' : 'primary'} loading={busy === t.event} onClick={() => enable(t.event)}>
                  {remaining > 0 ? '再次开启' : '开启'}
                </Button>
              )}
            </View>
          );
        })}
      </PageState>
    </Section>
  );
}
