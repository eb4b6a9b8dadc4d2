/** The trial bill of a reading: usage, each tier's line and the total, and the tier position after it. */
import { View, Text } from '@tarojs/components';
import type { TrialBill } from '@portal/types';
import { formatFen } from '../../utils/money';
import { formatPeriod } from '../../utils/date';
import { BillItemRow } from './BillItemRow';
import { TierPositionView } from './TierPositionView';
import { formatUsage } from './labels';

export function TrialBillView({ trial: t }: { trial: TrialBill }) {
  return (
    <View className="receipt" aria-label="试算结果" role="status">
      <View className="row-link">
        <Text>{`${formatPeriod(t.period)}试算`}</Text>
        <Text>{`用量 ${formatUsage(t.usage)} ${t.unit}`}</Text>
      </View>
      {t.items.map((item, i) => (
        <BillItemRow key={`${item.kind}-${i}`} item={item} />
      ))}
      <View className="row-link">
        <Text>预计金额</Text>
        <Text className="amount">{formatFen(t.amountFen)}</Text>
      </View>
      {t.note && <View className="muted">{t.note}</View>}
      {t.tierPosition && <TierPositionView position={t.tierPosition} />}
    </View>
  );
}
