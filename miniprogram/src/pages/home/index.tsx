/**
 * 首页: my accounts with amount due, outage notices, shortcuts, hotline and gas-leak instructions, and a
 * prominent switch to 长辈版. In 长辈版 the home is four large buttons: pay, report a fault, call the
 * hotline, my orders (with the switch back).
 */
import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../components/PageState';
import { Section } from '../../components/Section';
import { EmergencyCard } from '../../components/EmergencyCard';
import { useRequest } from '../../hooks/useRequest';
import { api } from '../../services/api';
import { outstandingBills } from '../../features/bills/outstanding';
import { go } from '../../services/navigation';
import { formatFen, sumFen } from '../../utils/money';
import { formatShortDateTime } from '../../utils/date';
import { strings } from '../../strings';
import { callHotline, useServiceSettings } from '../../features/settings/useServiceSettings';
import { elderClass, setElderMode, useElderMode } from '../../features/elder/elderMode';
import './index.scss';

const shortcuts = [
  { label: '缴费', open: () => go('bills') },
  { label: '报修', open: () => go('createService', { type: 'repair' }) },
  { label: '我的工单', open: () => go('orders') },
  { label: '自助抄表', open: () => go('meterReading') },
  { label: '停气通知', open: () => go('notices') },
  { label: '在线客服', open: () => go('chat') },
];

function ElderHome({ hotline }: { hotline?: string }) {
  const actions = [
    { label: '缴费', hint: '查账单、交费', open: () => go('bills') },
    { label: '报修', hint: '燃气、水、暖气故障', open: () => go('createService', { type: 'repair' }) },
    { label: strings.callHotline, hint: hotline ?? '', open: () => callHotline(hotline) },
    { label: '我的工单', hint: '看维修进度', open: () => go('orders') },
  ];
  return (
    <View className="home elder">
      <View className="elder-home" role="navigation" aria-label="常用功能">
        {actions.map((a) => (
          <View key={a.label} className="elder-home__action tap" role="button" onClick={a.open}>
            <Text className="elder-home__label">{a.label}</Text>
            {a.hint && <Text className="elder-home__hint">{a.hint}</Text>}
          </View>
        ))}
      </View>
      <View className="elder-switch tap" role="button" onClick={() => setElderMode(false)}>
        {strings.elderModeOff}
      </View>
    </View>
  );
}

export default function HomePage() {
  const elder = useElderMode();
  const hotline = useServiceSettings()?.hotline;
  if (elder) return <ElderHome hotline={hotline} />;
  return <StandardHome hotline={hotline} elder={elder} />;
}

function StandardHome({ hotline, elder }: { hotline?: string; elder: boolean }) {
  const [showEmergency, setShowEmergency] = useState(false);
  const accounts = useRequest(async () => {
    const { items } = await api.call('listMyAccounts');
    const owed = items.length ? await outstandingBills().catch(() => undefined) : [];
    return items.map((a) => ({
      ...a,
      dueFen: owed
        ? sumFen(owed.filter((b) => b.accountNo === a.accountNo).map((b) => b.amountDue))
        : undefined,
    }));
  });
  const notices = useRequest(() => api.call('listNotices'));
  useDidShow(() => accounts.data && accounts.reload());

  return (
    <View className={`home ${elderClass(elder)}`}>
      <View className="elder-switch elder-switch--offer tap" role="button" onClick={() => setElderMode(true)}>
        <Text className="elder-switch__title">{strings.elderModeOn}</Text>
        <Text className="elder-switch__hint">{strings.elderModeHint}</Text>
      </View>
      <Section
        title="我的户号"
        extra={
          <Text className="link tap" onClick={() => go('accounts')}>
            管理
          </Text>
        }
      >
        <PageState
          loading={accounts.loading}
          slow={accounts.slow}
          error={accounts.error}
          onRetry={accounts.reload}
          empty={accounts.data?.length === 0}
          emptyText={strings.noAccount}
          emptyAction={
            <Button type="primary" onClick={() => go('bindAccount')}>
              {strings.bindNow}
            </Button>
          }
        >
          {accounts.data?.map((a) => (
            <View key={a.accountNo} className="row-link" onClick={() => go('bills')}>
              <View>
                <Text>{a.accountNo}</Text>
                <Text className="muted">{` ${a.holderNameMasked}`}</Text>
                <View className="muted">{a.addressMasked}</View>
              </View>
              {a.dueFen !== undefined && (
                <Text className={a.dueFen > 0 ? 'amount' : 'muted'}>
                  {a.dueFen > 0 ? `待缴 ${formatFen(a.dueFen)}` : '无欠费'}
                </Text>
              )}
            </View>
          ))}
        </PageState>
      </Section>

      <Section
        title="停气/停水通知"
        extra={
          <Text className="link tap" onClick={() => go('notices')}>
            全部
          </Text>
        }
      >
        <PageState
          loading={notices.loading}
          error={notices.error}
          onRetry={notices.reload}
          empty={notices.data?.items.length === 0}
          emptyText="近期没有停气停水通知"
        >
          {notices.data?.items.slice(0, 3).map((n) => (
            <View key={n.id} className="row-link" onClick={() => go('noticeDetail', { id: n.id })}>
              <Text>{n.title}</Text>
              <Text className="muted">{formatShortDateTime(n.startAt)}</Text>
            </View>
          ))}
        </PageState>
      </Section>

      <Section title="常用服务">
        <View className="home__grid">
          {shortcuts.map((s) => (
            <View key={s.label} className="home__shortcut tap" onClick={s.open}>
              {s.label}
            </View>
          ))}
        </View>
      </Section>

      <Section title={strings.hotlineLabel}>
        <View className="row-link tap" onClick={() => callHotline(hotline)}>
          <Text>{hotline ?? strings.loading}</Text>
          <Text className="link">拨打</Text>
        </View>
        <View className="row-link tap home__leak" onClick={() => setShowEmergency((v) => !v)}>
          <Text>闻到燃气味怎么办?</Text>
          <Text className="link">{showEmergency ? '收起' : '查看'}</Text>
        </View>
      </Section>
      {showEmergency && <EmergencyCard />}
    </View>
  );
}
