/** 停气/停水通知: notices for my accounts and public ones. */
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { go } from '../../../services/navigation';
import { formatShortDateTime } from '../../../utils/date';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function NoticeListPage() {
  // Public list; a signed-in resident also sees which notices affect their accounts (no login forced).
  const notices = useRequest(() => api.call('listNotices'));
  return (
    <ElderRoot>
      <Section title="停气/停水通知">
        <PageState
          loading={notices.loading}
          slow={notices.slow}
          error={notices.error}
          onRetry={notices.reload}
          empty={notices.data?.items.length === 0}
          emptyText="近期没有通知"
        >
          {notices.data?.items.map((n) => (
            <View key={n.id} className="row-link tap" onClick={() => go('noticeDetail', { id: n.id })}>
              <View>
                <Text>{n.affectsMe ? `【与我相关】${n.title}` : n.title}</Text>
                <View className="muted">{n.areaText}</View>
              </View>
              <Text className="muted">{formatShortDateTime(n.startAt)}</Text>
            </View>
          ))}
        </PageState>
      </Section>
    </ElderRoot>
  );
}
