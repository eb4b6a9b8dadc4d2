/** 通知详情: times, area, advice. */
import { useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { PageState } from '../../../components/PageState';
import { Section } from '../../../components/Section';
import { useRequest } from '../../../hooks/useRequest';
import { noticesApi } from '../../../services/endpoints';
import { formatTimeRange, formatShortDateTime } from '../../../utils/date';

export default function NoticeDetailPage() {
  const { id = '' } = useRouter().params;
  const notice = useRequest(() => noticesApi.get(id), [id]);
  const n = notice.data;
  return (
    <PageState loading={notice.loading} slow={notice.slow} error={notice.error} onRetry={notice.reload}>
      {n && (
        <Section title={n.title}>
          <View className="row-link"><Text>时间</Text><Text>{n.endAt ? formatTimeRange(n.startAt, n.endAt) : formatShortDateTime(n.startAt)}</Text></View>
          {n.area && <View className="row-link"><Text>范围</Text><Text>{n.area}</Text></View>}
          {n.body && <View style={{ padding: '12px 0' }}>{n.body}</View>}
          {n.advice && <View className="muted">{`温馨提示:${n.advice}`}</View>}
        </Section>
      )}
    </PageState>
  );
}
