/** 燃气泄漏 instructions and the hotline, one tap from home and before any gas-leak report. */
import { View, Text } from '@tarojs/components';
import { gasLeakSteps } from '@portal/types/src/safety';
import { strings } from '../strings';
import { callHotline, useServiceSettings } from '../features/settings/useServiceSettings';
import './EmergencyCard.scss';

export function EmergencyCard() {
  // The same hotline as the server's emergency answer: both read the settings staff keep in the console.
  const hotline = useServiceSettings()?.hotline;
  return (
    <View className="emergency" role="region" aria-label="燃气泄漏应急">
      <Text className="emergency__title">{strings.emergencyTitle}</Text>
      {gasLeakSteps(hotline).map((step, i) => (
        <Text key={step} className="emergency__step">{`${i + 1}. ${step}`}</Text>
      ))}
      {hotline && (
        <View className="emergency__call tap" onClick={() => callHotline(hotline)}>
          {`拨打抢修电话 ${hotline}`}
        </View>
      )}
    </View>
  );
}
