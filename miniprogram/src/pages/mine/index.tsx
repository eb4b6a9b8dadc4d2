/** 我的: profile, accounts, orders, subscription settings, privacy and data export, logout. */
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../components/PageState';
import { Section } from '../../components/Section';
import { useRequest } from '../../hooks/useRequest';
import { api } from '../../services/api';
import { go, restartAt } from '../../services/navigation';
import { elderClass, setElderMode, useElderMode } from '../../features/elder/elderMode';
import { strings } from '../../strings';

const links = [
  { label: '我的户号', open: () => go('accounts') },
  { label: '我的工单', open: () => go('orders') },
  { label: '缴费记录', open: () => go('billHistory') },
  { label: '消息订阅设置', open: () => go('subscriptions') },
  { label: '隐私政策与数据导出', open: () => go('privacy') },
];

export default function MinePage() {
  const me = useRequest(() => api.call('getMe'));
  const elder = useElderMode();
  const logout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前登录吗?' });
    if (!confirm) return;
    api.logout();
    restartAt('home');
  };
  return (
    <View className={elderClass(elder)}>
      <Section title="设置">
        <View
          className="row-link tap"
          role="switch"
          aria-checked={elder}
          onClick={() => setElderMode(!elder)}
        >
          <Text>{strings.elderMode}</Text>
          <Text className="link">{elder ? '已开启,点按关闭' : '点按开启'}</Text>
        </View>
      </Section>
      <Section title="我的资料">
        <PageState loading={me.loading} slow={me.slow} error={me.error} onRetry={me.reload}>
          <View className="row-link">
            <Text>{me.data?.nickname ?? '微信用户'}</Text>
            <Text className="muted">{me.data?.phoneMasked ?? ''}</Text>
          </View>
          <View className="row-link">
            <Text>已绑定户号</Text>
            <Text>{`${me.data?.boundAccounts ?? 0} 个`}</Text>
          </View>
        </PageState>
      </Section>
      <Section>
        {links.map((l) => (
          <View key={l.label} className="row-link tap" onClick={l.open}>
            <Text>{l.label}</Text>
            <Text className="muted">›</Text>
          </View>
        ))}
      </Section>
      <View style={{ margin: '24px' }}>
        <Button block type="default" onClick={logout}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
