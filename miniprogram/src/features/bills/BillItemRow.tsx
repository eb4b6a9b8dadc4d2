/** One line of a bill or trial bill: its name, quantity × unit price when priced by usage, and amount. */
import { View, Text } from '@tarojs/components';
import type { BillItem } from '@portal/types';
import { formatFen } from '../../utils/money';
import { formatUsage } from './labels';

export function BillItemRow({ item }: { item: BillItem }) {
  return (
    <View className="row-link" aria-label="计费行">
      <View>
        <Text>{item.name}</Text>
        {item.quantity !== undefined && item.unitPriceFen !== undefined && (
          <View className="muted">{`${formatUsage(item.quantity)} ${item.unit ?? ''} × ${formatFen(item.unitPriceFen)}`}</View>
        )}
      </View>
      <Text>{formatFen(item.amountFen)}</Text>
    </View>
  );
}
