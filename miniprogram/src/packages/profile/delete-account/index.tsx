/** 注销账号: what is deleted and what the law keeps, a confirmation, then the account is gone. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { restartAt } from '../../../services/navigation';
import { ElderRoot } from '../../../features/elder/ElderRoot';

const DELETED = [
  '绑定的全部户号(家人绑定的不受影响)',
  '微信身份关联、登录状态、授权的手机号和消息订阅',
  '在线客服的聊天记录,以及未用于工单、抄表的照片',
  '工单中留下的联系人和电话(已办结的工单)',
];
const KEPT = [
  '缴费、退款和发票记录依法保留,但不再与您关联',
  '工单和抄表记录属于户号,继续保留,不再显示提交人',
];

export default function DeleteAccountPage() {
  const me = useRequest(() => api.call('getMe'));
  const [understood, setUnderstood] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const confirmAndDelete = async () => {
    const { confirm } = await Taro.showModal({
      title: '确认注销',
      content: '注销后无法恢复。再次登录将作为新用户,需要重新绑定户号。',
      confirmText: '注销',
      confirmColor: '#d4380d',
    });
    if (!confirm) return;
    setDeleting(true);
    try {
      await api.call('deleteMyAccount');
      api.logout();
      await Taro.showToast({ title: '账号已注销', icon: 'success' });
      await restartAt('home');
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' });
    } finally {
      setDeleting(false);
    }
  };
  return (
    <ElderRoot>
      <View>
        <Section title="当前账号">
          <PageState loading={me.loading} slow={me.slow} error={me.error} onRetry={me.reload}>
            <View>{`已绑定 ${me.data?.boundAccounts ?? 0} 个户号,注销后全部解除`}</View>
          </PageState>
        </Section>
        <Section title="注销后将删除">
          {DELETED.map((line) => (
            <View key={line}>· {line}</View>
          ))}
        </Section>
        <Section title="依法保留">
          {KEPT.map((line) => (
            <View key={line}>· {line}</View>
          ))}
        </Section>
        <Section title="确认">
          <Checkbox checked={understood} onChange={setUnderstood}>
            我已了解,注销后无法恢复
          </Checkbox>
          <Button
            block
            type="danger"
            disabled={!understood || !me.data}
            loading={deleting}
            onClick={confirmAndDelete}
          >
            注销账号
          </Button>
        </Section>
      </View>
    </ElderRoot>
  );
}
