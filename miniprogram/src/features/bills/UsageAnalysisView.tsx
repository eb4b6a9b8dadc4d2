/**
 * 用量分析: this year month by month against last year, and against the average of similar households
 * of the same community (anonymised; the server hides it below its minimum number of households).
 */
import { View, Text } from '@tarojs/components';
import type { UsageAnalysis } from '@portal/types';
import { TierPositionView } from './TierPositionView';
import { changeText, formatUsage } from './labels';

const cell = (n: number | null) => (n === null ? '—' : formatUsage(n));

export function UsageAnalysisView({ analysis: a }: { analysis: UsageAnalysis }) {
  const change = changeText(a.totals.changePercent);
  return (
    <View aria-label="用量分析">
      <View className="text-block">
        {`${a.year} 年已用 ${formatUsage(a.totals.thisYear)} ${a.unit};去年同期 ${formatUsage(a.totals.lastYearSamePeriod)} ${a.unit}${change ? `,${change}` : ''}`}
      </View>
      <View className="text-block">
        {a.similar.shown && a.similar.averageThisYear !== null
          ? `${a.similar.community} ${a.similar.households} 户同类用户今年平均 ${formatUsage(a.similar.averageThisYear)} ${a.unit}`
          : `同小区同类用户不足 ${a.similar.minHouseholds} 户,不显示平均用量`}
      </View>
      <View className="row-link muted">
        <Text>月份</Text>
        <Text>{`今年 / 去年${a.similar.shown ? ' / 同类平均' : ''}(${a.unit})`}</Text>
      </View>
      {a.months
        .filter((m) => m.usage !== null || m.lastYearUsage !== null)
        .map((m) => (
          <View key={m.month} className="row-link">
            <Text>{`${m.month} 月`}</Text>
            <Text>
              {`${cell(m.usage)} / ${cell(m.lastYearUsage)}${a.similar.shown ? ` / ${cell(m.similarAverage)}` : ''}`}
            </Text>
          </View>
        ))}
      {a.tierPosition && <TierPositionView position={a.tierPosition} />}
    </View>
  );
}
