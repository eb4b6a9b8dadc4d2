/**
 * 消息订阅设置: which messages I get. Shows the one-time grants left per template (getMySubscriptions);
 * on weapp "开启" asks Taro.requestSubscribeMessage for the chosen message within the tap and reports the answer
 * (reportSubscriptions); a refusal by WeChat is shown. On H5 (official account) messages come as template
 * messages: nothing to grant. The phone number for SMS is shared here too (getPhoneNumber).
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { MessageEvent } from '@portal/types';
import { PageState } from '../../../components/PageState';
import { strings } from '../../../strings';
import { SmsPhone } from './SmsPhone';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { askForGrants } from '../../../features/subscribe/askForGrants';
import { rememberSubscribeTemplates } from '../../../features/subscribe/subscribeTemplates';
import { ElderRoot } from '../../../features/elder/ElderRoot';

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
  // Loading the list also keeps the template ids for the taps below.
  const subs = useRequest(async () => {
    const mine = await api.call('getMySubscriptions');
    rememberSubscribeTemplates(mine.templates);
    return mine;
  });
  const [busy, setBusy] = useState<MessageEvent>();
  const isWeapp = process.env.TARO_ENV === 'weapp';

  const enable = (event: MessageEvent) => {
    // Within the tap, before anything else (WeChat's rule).
    const grants = askForGrants([event]);
    setBusy(event);
    void grants.reported.then((outcome) => {
      setBusy(undefined);
      if (outcome.status === 'reported')
        Taro.showToast({
          title: outcome.results[Object.keys(outcome.results)[0]] === 'accept' ? '已开启' : '未开启',
          icon: 'none',
        });
      else if (outcome.status === 'failed')
        Taro.showModal({ title: '未能开启', content: strings.subscribeFailed, showCancel: false });
      subs.reload();
    });
  };

  return (
    <ElderRoot>
      <Section title="消息订阅">
        <View className="muted" style={{ paddingBottom: '12px' }}>
          {isWeapp
            ? '微信订阅消息每同意一次可收到一条。缴费、报修、预约时我们会再次询问;也可以在这里提前开启。'
            : '关注公众号后,缴费成功、工单进度、停气通知等消息将通过公众号发送给您。'}
        </View>
        <PageState
          loading={subs.loading}
          slow={subs.slow}
          error={subs.error}
          onRetry={subs.reload}
          empty={subs.data?.templates.length === 0}
          emptyText="暂无可订阅的消息"
        >
          {subs.data?.templates.map((t) => {
            const grant = subs.data!.grants.find((g) => g.templateId === t.templateId);
            const remaining = grant?.remaining ?? 0;
            return (
              <View key={t.templateId} className="row-link">
                <View>
                  <Text>{eventLabels[t.event] ?? t.title}</Text>
                  <View className="muted">
                    {remaining > 0
                      ? `还可接收 ${remaining} 条`
                      : grant?.lastAnswer === 'reject'
                        ? '您上次选择了不接收'
                        : '未开启'}
                  </View>
                </View>
                {isWeapp && (
                  <Button
                    size="small"
                    type={remaining > 0 ? 'default' : 'primary'}
                    loading={busy === t.event}
                    onClick={() => enable(t.event)}
                  >
                    {remaining > 0 ? '再次开启' : '开启'}
                  </Button>
                )}
              </View>
            );
          })}
        </PageState>
        <SmsPhone />
      </Section>
    </ElderRoot>
  );
}
