/** Where this year's usage stands in the annual tiers: the sentence, and each tier with its price. */
import { View, Text } from '@tarojs/components';
import type { TierPosition } from '@portal/types';
import { formatFen } from '../../utils/money';
import { formatUsage, tierPositionText } from './labels';

export function TierPositionView({ position }: { position: TierPosition }) {
  return (
    <View aria-label="阶梯位置">
      <View className="text-block" role="status">
        {tierPositionText(position)}
      </View>
      {position.tiers.map((t, i) => (
        <View key={t.label} className="row-link">
          <Text className={i === position.currentTier ? 'amount' : undefined}>
            {`${t.label} ${t.upTo === null ? `${formatUsage(t.from)} ${position.unit} 以上` : `${formatUsage(t.from)}–${formatUsage(t.upTo)} ${position.unit}`}${i === position.currentTier ? '(当前)' : ''}`}
          </Text>
          <Text>{`${formatFen(t.priceFen)}/${position.unit}`}</Text>
        </View>
      ))}
    </View>
  );
}
