/**
 * 影响范围 of a saved notice as it stands now (getNoticeAudience): the households its target covers, the
 * residents bound to them, and how many each channel would reach — worth a look before publishing a draft
 * or after the target was changed.
 */
import { Button, Card, Col, Row, Statistic, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { CHANNEL_LABELS } from '../../shared/labels';

export function NoticeAudienceCard({ noticeId }: { noticeId: string }) {
  const audience = useApiQuery('getNoticeAudience', { params: { id: noticeId } });
  const a = audience.data;
  const rows: [string, number | undefined][] = [
    ['影响户数', a?.accounts],
    ['绑定居民', a?.users],
    [`可触达·${CHANNEL_LABELS.subscribe}`, a?.reachable.subscribe],
    [`可触达·${CHANNEL_LABELS.template}`, a?.reachable.template],
    [`可触达·${CHANNEL_LABELS.sms}`, a?.reachable.sms],
    ['无法触达', a?.unreachable],
  ];
  return (
    <Card
      title="影响范围(当前)"
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={audience.reload} loading={audience.loading}>
          重新统计
        </Button>
      }
    >
      {audience.error ? (
        <ErrorState error={audience.error} onRetry={audience.reload} />
      ) : (
        <>
          <Row gutter={16}>
            {rows.map(([title, v]) => (
              <Col xs={12} md={4} key={title}>
                <Statistic title={title} value={v ?? '—'} loading={audience.loading && !a} />
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary">
            按通知的影响范围统计当前的户数与居民;每位居民按第一个可用渠道计一次,共可触达{' '}
            {a?.reachable.total ?? '—'} 人。
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
