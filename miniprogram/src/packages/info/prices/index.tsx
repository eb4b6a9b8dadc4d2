/** 价格标准: the current price of each utility per customer kind and tier, read from the server's tariffs. */
import { View, Text } from '@tarojs/components';
import type { TariffRule, Utility } from '@portal/types';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { formatFen } from '../../../utils/money';
import { ElderRoot } from '../../../features/elder/ElderRoot';

const UTILITIES: { key: Utility; name: string; unit: string }[] = [
  { key: 'gas', name: '燃气', unit: 'm³' },
  { key: 'water', name: '水', unit: '吨' },
  { key: 'heating', name: '供热', unit: 'GJ' },
];

function ruleLines(rule: TariffRule, unit: string): { label: string; price: string }[] {
  if (rule.kind === 'flat') return [{ label: rule.label, price: `${formatFen(rule.priceFen)}/${unit}` }];
  if (rule.kind === 'area')
    return [{ label: `${rule.label}(按供暖面积)`, price: `${formatFen(rule.priceFenPerM2)}/m²·供暖季` }];
  let from = 0;
  return rule.tiers.map((t) => {
    const range = t.upTo === null ? `年用量 ${from} ${unit} 以上` : `年用量 ${from}–${t.upTo} ${unit}`;
    from = t.upTo ?? from;
    return { label: `${t.label}(${range})`, price: `${formatFen(t.priceFen)}/${unit}` };
  });
}

export default function PricesPage() {
  const tariffs = useRequest(() => api.call('listTariffs'));
  return (
    <ElderRoot>
      <PageState loading={tariffs.loading} slow={tariffs.slow} error={tariffs.error} onRetry={tariffs.reload}>
        {UTILITIES.map((u) => {
          const rows = (tariffs.data?.items ?? []).filter((t) => t.rules[u.key]);
          if (!rows.length) return null;
          return (
            <Section key={u.key} title={`${u.name}价格`}>
              {rows.map((t) => (
                <View key={t.name}>
                  <View className="muted">{t.title}</View>
                  {ruleLines(t.rules[u.key]!, u.unit).map((line) => (
                    <View key={line.label} className="row-link">
                      <Text>{line.label}</Text>
                      <Text className="amount">{line.price}</Text>
                    </View>
                  ))}
                </View>
              ))}
            </Section>
          );
        })}
      </PageState>
    </ElderRoot>
  );
}
