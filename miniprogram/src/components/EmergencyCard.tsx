/** 燃气泄漏 instructions and the hotline, one tap from home and before any gas-leak report. */
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { gasLeakSteps } from '@portal/types/src/safety';
import { strings } from '../strings';
import { hotline } from '../services/config';
import './EmergencyCard.scss';

export function EmergencyCard() {
  return (
    <View className="emergency" role="region" aria-label="燃气泄漏应急">
      <Text className="emergency__title">{strings.emergencyTitle}</Text>
      {gasLeakSteps().map((step, i) => (
        <Text key={step} className="emergency__step">{`${i + 1}. ${step}`}</Text>
      ))}
      <View
        className="emergency__call tap"
        onClick={() => Taro.makePhoneCall({ phoneNumber: hotline(strings.hotline) }).catch(() => undefined)}
      >
        {`拨打抢修电话 ${hotline(strings.hotline)}`}
      </View>
    </View>
  );
}
