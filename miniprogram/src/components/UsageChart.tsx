/**
 * 12-month usage as a bar chart made of plain Views (no canvas, no chart library: a few hundred bytes,
 * same on weapp and H5, readable by screen readers through each bar's label).
 */
import { View, Text } from '@tarojs/components';
import type { UsageHistory } from '@portal/types';
import { formatFen } from '../utils/money';
import './UsageChart.scss';

export function UsageChart({ history }: { history: UsageHistory }) {
  const months = history.months.slice(-12);
  const max = Math.max(1, ...months.map((m) => m.usage));
  const total = months.reduce((s, m) => s + m.usage, 0);
  return (
    <View className="usage-chart">
      <View className="usage-chart__bars">
        {months.map((m) => (
          <View
            key={m.period}
            className="usage-chart__col"
            aria-label={`${m.period} 用量 ${m.usage}${history.unit},${formatFen(m.amountFen)}`}
          >
            <Text className="usage-chart__value">{Math.round(m.usage)}</Text>
            <View
              className="usage-chart__bar"
              style={{ height: `${Math.max(2, Math.round((m.usage / max) * 100))}%` }}
            />
            <Text className="usage-chart__label">{`${Number(m.period.slice(5))}月`}</Text>
          </View>
        ))}
      </View>
      <View className="muted">{`近 ${months.length} 个月共用 ${Math.round(total * 100) / 100} ${history.unit}`}</View>
    </View>
  );
}
