/** 户号详情: address, supply (正常供应 / 已报停), meters, appliances. */
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { formatDate } from '../../../utils/date';
import { go, usePageQuery } from '../../../services/navigation';
import { strings } from '../../../strings';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function AccountDetailPage() {
  const { accountNo = '' } = usePageQuery('accountDetail');
  const account = useRequest(() => api.call('getMyAccount', { params: { accountNo } }), [accountNo]);
  const supply = useRequest(() => api.call('getSupplyState', { params: { accountNo } }), [accountNo]);
  const a = account.data;
  return (
    <ElderRoot>
      <PageState loading={account.loading} slow={account.slow} error={account.error} onRetry={account.reload}>
        {a && (
          <View>
            <Section title={`户号 ${a.accountNo}`}>
              <View className="row-link">
                <Text>户主</Text>
                <Text>{a.holderNameMasked}</Text>
              </View>
              <View className="row-link">
                <Text>地址</Text>
                <Text>{a.address}</Text>
              </View>
            </Section>
            <Section title="户务办理">
              <View className="row-link tap" onClick={() => go('accountChange', { accountNo: a.accountNo })}>
                <Text>{strings.accountChange.entry}</Text>
                <Text className="muted">›</Text>
              </View>
              <Text className="muted">{strings.accountChange.entryHint}</Text>
              <View className="row-link tap" onClick={() => go('accountOpening')}>
                <Text>{strings.accountOpening.entry}</Text>
                <Text className="muted">›</Text>
              </View>
              <Text className="muted">{strings.accountOpening.entryHint}</Text>
              <View className="row-link tap" onClick={() => go('supplyChange', { accountNo: a.accountNo })}>
                <Text>{strings.supplyChange.entry}</Text>
                <Text className="muted">{supply.data ? `${supply.data.label} ›` : '›'}</Text>
              </View>
              <Text className="muted">{strings.supplyChange.entryHint}</Text>
            </Section>
            <Section title="表具">
              {a.meters.length === 0 && <Text className="muted">暂无表具信息</Text>}
              {a.meters.map((m) => (
                <View key={m.meterNo} className="row-link">
                  <Text>{m.meterNo}</Text>
                  <Text className="muted">
                    {m.lastReading !== undefined
                      ? `上次读数 ${m.lastReading}${m.lastReadingAt ? `(${formatDate(m.lastReadingAt)})` : ''}`
                      : ''}
                  </Text>
                </View>
              ))}
            </Section>
            <Section title="燃气具">
              {a.appliances.length === 0 && <Text className="muted">暂无登记</Text>}
              {a.appliances.map((ap, i) => (
                <View key={`${ap.kind}-${i}`} className="row-link">
                  <Text>{ap.kind}</Text>
                  <Text className="muted">{[ap.brand, ap.model].filter(Boolean).join(' ')}</Text>
                </View>
              ))}
            </Section>
          </View>
        )}
      </PageState>
    </ElderRoot>
  );
}
