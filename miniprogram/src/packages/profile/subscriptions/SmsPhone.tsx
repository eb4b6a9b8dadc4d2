/**
 * 短信接收号码: the last channel when no WeChat message reaches the resident. On weapp the resident shares their
 * number with WeChat's own consent sheet (`openType="getPhoneNumber"`; the server exchanges e.detail.code), and
 * can withdraw it; otherwise SMS goes to the holder's phone on the account, if the utility has one.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button as TaroButton, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { errorMessage } from '../../../services/errors';
import { strings } from '../../../strings';

type PhoneEvent = { detail: { code?: string; errMsg?: string } };

export function SmsPhone() {
  const phone = useRequest(() => api.call('getMyPhone'));
  const [busy, setBusy] = useState(false);
  const isWeapp = process.env.TARO_ENV === 'weapp';

  const onPhone = async (e: PhoneEvent) => {
    if (!e.detail.code) {
      Taro.showToast({ title: strings.phoneDenied, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await api.call('captureMyPhone', { body: { code: e.detail.code } });
      phone.reload();
    } catch (err) {
      Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async () => {
    try {
      await api.call('removeMyPhone');
      phone.reload();
    } catch (err) {
      Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };

  const p = phone.data;
  return (
    <View className="row-link" aria-label="短信接收号码">
      <View>
        <Text>短信接收号码</Text>
        <View className="muted">
          {p?.smsTo === 'own'
            ? `${strings.phoneShared} ${p.phoneMasked}`
            : p?.smsTo === 'holder'
              ? strings.phoneHolder
              : strings.phoneNone}
        </View>
        {isWeapp && p?.smsTo !== 'own' && <View className="muted">{strings.phoneConsent}</View>}
      </View>
      {isWeapp && p?.smsTo !== 'own' && (
        <TaroButton
          size="mini"
          type="primary"
          openType="getPhoneNumber"
          disabled={busy}
          onGetPhoneNumber={(e) => void onPhone(e as unknown as PhoneEvent)}
        >
          {strings.phoneShare}
        </TaroButton>
      )}
      {p?.smsTo === 'own' && (
        <Button size="small" onClick={() => void withdraw()}>
          {strings.phoneWithdraw}
        </Button>
      )}
    </View>
  );
}
