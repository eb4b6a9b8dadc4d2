/** 我的咨询记录: my past conversations (listMyChatSessions); each opens in the chat page. */
import { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ChatSession } from '@portal/types';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { go } from '../../../services/navigation';
import { formatShortDateTime } from '../../../utils/date';
import { ElderRoot } from '../../../features/elder/ElderRoot';

const STATUS_TEXT: Record<ChatSession['status'], string> = {
  queued: '排队中',
  active: '咨询中',
  afterHours: '已留言',
  closed: '已结束',
};

const stateOf = (s: ChatSession) =>
  s.status === 'closed' && s.agentId && !s.rating ? '待评价' : STATUS_TEXT[s.status];

export default function ChatHistoryPage() {
  const sessions = useRequest(() => api.call('listMyChatSessions'));
  // Back from a conversation (rated, or a new one opened): show it as it is now.
  useDidShow(() => sessions.data && sessions.reload());
  return (
    <ElderRoot>
      <Section title="我的咨询记录">
        <PageState
          loading={sessions.loading}
          slow={sessions.slow}
          error={sessions.error}
          onRetry={sessions.reload}
          empty={sessions.data?.items.length === 0}
          emptyText="还没有咨询记录"
        >
          {sessions.data?.items.map((s) => (
            <View key={s.id} className="row-link tap" onClick={() => go('chat', { sessionId: s.id })}>
              <View>
                <Text>{s.agentName ? `${s.agentName} 接待` : '在线客服'}</Text>
                <View className="muted">
                  {[formatShortDateTime(s.queuedAt), s.accountNo && `户号 ${s.accountNo}`, s.orderNo]
                    .filter(Boolean)
                    .join(' · ')}
                </View>
              </View>
              <Text>{stateOf(s)}</Text>
            </View>
          ))}
        </PageState>
      </Section>
    </ElderRoot>
  );
}
