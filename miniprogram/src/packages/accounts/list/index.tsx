/** 我的户号: switch default, open details, unbind, bind another. */
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { go } from '../../../services/navigation';
import { strings } from '../../../strings';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function AccountListPage() {
  const accounts = useRequest(() => api.call('listMyAccounts'));
  useDidShow(() => accounts.data && accounts.reload());
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      Taro.showToast({ title: done, icon: 'success' });
      accounts.reload();
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    }
  };
  const unbind = async (accountNo: string) => {
    const { confirm } = await Taro.showModal({ title: '解绑户号', content: `确定解绑 ${accountNo} 吗?` });
    if (confirm) await act(() => api.call('unbindAccount', { params: { accountNo } }), '已解绑');
  };
  return (
    <ElderRoot>
      <View>
        <Section title="我的户号">
          <PageState
            loading={accounts.loading}
            slow={accounts.slow}
            error={accounts.error}
            onRetry={accounts.reload}
            empty={accounts.data?.items.length === 0}
            emptyText={strings.noAccount}
          >
            {accounts.data?.items.map((a) => (
              <View key={a.accountNo} className="row-link">
                <View onClick={() => go('accountDetail', { accountNo: a.accountNo })}>
                  <Text>{`${a.accountNo}${a.isDefault ? '(默认)' : ''}`}</Text>
                  <View className="muted">{`${a.holderNameMasked} · ${a.addressMasked}`}</View>
                </View>
                <View>
                  {!a.isDefault && (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          () => api.call('setDefaultAccount', { params: { accountNo: a.accountNo } }),
                          '已设为默认',
                        )
                      }
                    >
                      设为默认
                    </Button>
                  )}
                  <Button size="small" type="danger" fill="outline" onClick={() => unbind(a.accountNo)}>
                    解绑
                  </Button>
                </View>
              </View>
            ))}
          </PageState>
        </Section>
        <View style={{ margin: '24px' }}>
          <Button block type="primary" onClick={() => go('bindAccount')}>
            {strings.bindNow}
          </Button>
          <View className="row-link tap" onClick={() => go('accountOpening')}>
            <Text>{strings.accountOpening.entry}</Text>
            <Text className="muted">›</Text>
          </View>
          <Text className="muted">{strings.accountOpening.entryHint}</Text>
        </View>
      </View>
    </ElderRoot>
  );
}
