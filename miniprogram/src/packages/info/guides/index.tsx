/** 业务指南: what to bring for 开户, reading the meter, safety tips, as staff keep them in the console. */
import { View } from '@tarojs/components';
import type { GuideCategory, ServiceGuide } from '@portal/types';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { ElderRoot } from '../../../features/elder/ElderRoot';

const CATEGORIES: Record<GuideCategory, string> = {
  business: '业务办理',
  meter: '抄表与读数',
  safety: '安全提示',
};

export default function ServiceGuidesPage() {
  const guides = useRequest(() => api.call('listServiceGuides'));
  const items: ServiceGuide[] = guides.data?.items ?? [];
  return (
    <ElderRoot>
      <PageState
        loading={guides.loading}
        slow={guides.slow}
        error={guides.error}
        onRetry={guides.reload}
        empty={items.length === 0}
        emptyText="暂无业务指南"
      >
        {items.map((g) => (
          <Section key={g.id} title={g.title}>
            <View className="muted">{CATEGORIES[g.category]}</View>
            {g.items.map((line, i) => (
              <View key={i} className="text-block">{`${i + 1}. ${line}`}</View>
            ))}
          </Section>
        ))}
      </PageState>
    </ElderRoot>
  );
}
