/** 通知详情: times, area, reason, safety advice. Opening it marks it read (counts in the delivery report). */
import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { api } from '../../../services/api';
import { sessionStore } from '../../../services/session';
import { formatTimeRange, formatShortDateTime } from '../../../utils/date';
import { noticeKindLabel, noticeStatusLabel } from '../../../features/notices/labels';
import { usePageQuery } from '../../../services/navigation';
import { ElderRoot } from '../../../features/elder/ElderRoot';

export default function NoticeDetailPage() {
  const { id = '' } = usePageQuery('noticeDetail');
  const notice = useRequest(() => api.call('getNotice', { params: { id } }), [id]);
  const n = notice.data;
  useEffect(() => {
    // Read receipts only for a signed-in resident; never force a login just to read a public notice.
    if (n && sessionStore.get()) api.call('markNoticeRead', { params: { id: n.id } }).catch(() => undefined);
  }, [n]);
  return (
    <ElderRoot>
      <PageState loading={notice.loading} slow={notice.slow} error={notice.error} onRetry={notice.reload}>
        {n && (
          <Section title={n.title}>
            <View className="row-link">
              <Text>类型</Text>
              <Text>{`${noticeKindLabel(n.kind)} · ${noticeStatusLabel(n.status)}`}</Text>
            </View>
            <View className="row-link">
              <Text>时间</Text>
              <Text>{formatTimeRange(n.startAt, n.expectedEndAt)}</Text>
            </View>
            {n.restoredAt && (
              <View className="row-link">
                <Text>已恢复</Text>
                <Text>{formatShortDateTime(n.restoredAt)}</Text>
              </View>
            )}
            <View className="row-link">
              <Text>范围</Text>
              <Text>{n.areaText}</Text>
            </View>
            <View className="row-link">
              <Text>原因</Text>
              <Text>{n.reason}</Text>
            </View>
            {n.affectsMe && (
              <View className="amount" style={{ padding: '12px 0' }}>
                您绑定的户号在影响范围内
              </View>
            )}
            {n.safetyAdvice && (
              <View className="muted" style={{ padding: '12px 0' }}>{`温馨提示:${n.safetyAdvice}`}</View>
            )}
          </Section>
        )}
      </PageState>
    </ElderRoot>
  );
}
