/**
 * A notice and its live delivery report (getStaffNotice + getNoticeDelivery, refreshed every 3 s while a
 * push is still fanning out); the audience as it stands now (getNoticeAudience); publish / restore / cancel.
 */
import { useEffect, useState } from 'react';
import type { NoticeChange } from '@portal/types';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState, ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';
import {
  CHANNEL_LABELS,
  SKIP_REASON_LABELS,
  NOTICE_KIND_LABELS,
  NOTICE_STATUS_LABELS,
  UTILITY_LABELS,
  label,
} from '../../shared/labels';
import { targetText, type NoticeDelivery } from './types';
import { NoticeDeliveryRows } from './NoticeDeliveryRows';
import { NoticeChangeModal, type ChangeMode } from './NoticeChangeModal';
import { NoticeAudienceCard } from './NoticeAudienceCard';

type Push = NoticeDelivery['pushes'][number];
const PUSH_REASON: Record<Push['reason'], string> = { publish: '发布', update: '变更', restore: '恢复' };
const CHANGE_FIELD: Record<NoticeChange['field'], string> = {
  title: '标题',
  reason: '原因',
  safetyAdvice: '安全提示',
  startAt: '开始时间',
  expectedEndAt: '预计恢复时间',
};
const changeValue = (c: NoticeChange, v: string) =>
  c.field === 'startAt' || c.field === 'expectedEndAt' ? formatDateTime(v) : v || '(空)';
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const countsText = (counts: Record<string, number>, labels: Record<string, string> = {}) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${labels[k] ?? k} ${n}`)
    .join(',') || '—';

export function NoticeDetailPage() {
  const { noticeId = '' } = useParams();
  const navigate = useNavigate();
  const params = { id: noticeId };
  const notice = useApiQuery('getStaffNotice', { params });
  const delivery = useApiQuery('getNoticeDelivery', { params });
  const n = notice.data;
  const d = delivery.data;
  const reloadDelivery = delivery.reload;
  const live = d?.pushes.some((p) => !p.done || p.pending > 0) ?? false;
  const [changing, setChanging] = useState<ChangeMode>();

  useEffect(() => {
    if (!n || n.status === 'draft') return;
    const t = setInterval(reloadDelivery, live ? 3_000 : 30_000);
    return () => clearInterval(t);
  }, [n, live, reloadDelivery]);

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      reportSuccess(done);
      notice.reload();
      delivery.reload();
    } catch (e) {
      reportError(e);
    }
  };

  const first = d?.pushes[0];
  const targeted = first?.targeted ?? d?.targetedUsers ?? 0;
  const sent = first ? first.sent : 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/notices')}>
        通知列表
      </Button>
      <QueryState
        loading={notice.loading}
        error={notice.error}
        empty={!n && !notice.loading}
        onRetry={notice.reload}
      >
        {n && (
          <Card
            title={n.title}
            extra={
              <Space wrap>
                {(n.status === 'draft' || n.status === 'scheduled') && (
                  <Button
                    type="primary"
                    onClick={() => act(() => call('publishNotice', { params }), '通知已发布')}
                  >
                    立即发布
                  </Button>
                )}
                {(n.status === 'draft' || n.status === 'scheduled' || n.status === 'published') && (
                  <>
                    <Button onClick={() => setChanging('postpone')}>延期</Button>
                    <Button onClick={() => setChanging('edit')}>修改</Button>
                  </>
                )}
                {n.status === 'published' && (
                  <Popconfirm
                    title="确认已恢复供应并通知用户?"
                    onConfirm={() => act(() => call('restoreNotice', { params }), '已发送恢复通知')}
                  >
                    <Button type="primary">恢复供应</Button>
                  </Popconfirm>
                )}
                {(n.status === 'draft' || n.status === 'published' || n.status === 'scheduled') && (
                  <Popconfirm
                    title="确认取消此通知?"
                    onConfirm={() => act(() => call('cancelNotice', { params }), '通知已取消')}
                  >
                    <Button danger>取消通知</Button>
                  </Popconfirm>
                )}
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="状态">
                <Tag color={n.status === 'published' ? 'processing' : undefined}>
                  {label(NOTICE_STATUS_LABELS, n.status)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="类型">
                {label(NOTICE_KIND_LABELS, n.kind)}停{label(UTILITY_LABELS, n.utility)}
              </Descriptions.Item>
              <Descriptions.Item label="开始">{formatDateTime(n.startAt)}</Descriptions.Item>
              <Descriptions.Item label="预计恢复">{formatDateTime(n.expectedEndAt)}</Descriptions.Item>
              <Descriptions.Item label="影响范围">{targetText(n.target)}</Descriptions.Item>
              <Descriptions.Item label="发布时间">
                {formatDateTime(n.publishedAt ?? n.publishAt)}
              </Descriptions.Item>
              <Descriptions.Item label="提前量">
                {n.leadTimeHours === undefined ? '—' : `${n.leadTimeHours} 小时`}(要求 ≥ {n.requiredLeadHours}{' '}
                小时)
              </Descriptions.Item>
              {n.urgentReason && <Descriptions.Item label="紧急原因">{n.urgentReason}</Descriptions.Item>}
              <Descriptions.Item label="原因" span={2}>
                {n.reason}
              </Descriptions.Item>
              {n.safetyAdvice && (
                <Descriptions.Item label="安全提示" span={2}>
                  {n.safetyAdvice}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        )}
      </QueryState>
      {n && <NoticeAudienceCard noticeId={noticeId} />}
      {n && changing && (
        <NoticeChangeModal
          notice={n}
          mode={changing}
          onClose={() => setChanging(undefined)}
          onSaved={() => {
            setChanging(undefined);
            notice.reload();
            delivery.reload();
          }}
        />
      )}
      {n && n.pushes.some((p) => p.changes?.length) && (
        <Card title="变更记录">
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={n.pushes.filter((p) => p.changes?.length)}
            columns={[
              { title: '时间', render: (_, p) => formatDateTime(p.at) },
              { title: '操作人', render: (_, p) => p.by ?? '—' },
              {
                title: '变更内容(已告知居民)',
                render: (_, p) => (
                  <Space direction="vertical" size={0}>
                    {(p.changes ?? []).map((c) => (
                      <span key={c.field}>
                        {CHANGE_FIELD[c.field]}:{changeValue(c, c.from)} → {changeValue(c, c.to)}
                      </span>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card title="送达报告" extra={live && <Tag color="processing">发送中</Tag>}>
        {delivery.error ? (
          <ErrorState error={delivery.error} onRetry={delivery.reload} />
        ) : (
          <>
            <Row gutter={16}>
              {(
                [
                  ['影响户数', d?.targetedAccounts],
                  ['通知用户', d?.targetedUsers],
                  ['已发送', first?.sent],
                  ['待发送', first?.pending],
                  ['失败', first && sum(first.failed)],
                  ['已读', d?.read],
                ] as const
              ).map(([title, v]) => (
                <Col xs={12} md={4} key={title}>
                  <Statistic
                    title={title}
                    value={typeof v === 'number' ? v : '—'}
                    loading={delivery.loading && !d}
                  />
                </Col>
              ))}
            </Row>
            <Progress
              percent={targeted ? Math.round((sent / targeted) * 100) : 0}
              style={{ marginTop: 12 }}
              aria-label="发送进度"
            />
            <Table<Push>
              size="small"
              style={{ marginTop: 12 }}
              rowKey="seq"
              dataSource={d?.pushes ?? []}
              pagination={false}
              loading={delivery.loading && !d}
              locale={{ emptyText: n?.status === 'draft' ? '草稿尚未发送' : '暂无推送' }}
              columns={[
                { title: '推送', render: (_, p) => `${PUSH_REASON[p.reason]}(${formatDateTime(p.at)})` },
                { title: '对象', render: (_, p) => p.targeted ?? '统计中' },
                { title: '已发送', dataIndex: 'sent' },
                { title: '待发送', dataIndex: 'pending' },
                {
                  title: '渠道',
                  render: (_, p) =>
                    `${countsText(p.byChannel, CHANNEL_LABELS)}${p.smsToHolder ? `(短信发至户主 ${p.smsToHolder})` : ''}`,
                },
                {
                  title: '未用渠道及原因',
                  render: (_, p) =>
                    Object.entries(p.skipped ?? {})
                      .map(
                        ([channel, reasons]) =>
                          `${CHANNEL_LABELS[channel] ?? channel}:${countsText(reasons ?? {}, SKIP_REASON_LABELS)}`,
                      )
                      .join(';') || '—',
                },
                { title: '失败', render: (_, p) => countsText(p.failed) },
                { title: '无法触达', render: (_, p) => countsText(p.unreachable) },
                {
                  title: '状态',
                  render: (_, p) =>
                    p.done && p.pending === 0 ? (
                      <Tag color="green">完成</Tag>
                    ) : (
                      <Tag color="processing">发送中</Tag>
                    ),
                },
              ]}
            />
          </>
        )}
      </Card>
      {n && n.status !== 'draft' && (
        <section aria-label="送达明细">
          <h3>送达明细</h3>
          <NoticeDeliveryRows noticeId={noticeId} />
        </section>
      )}
    </Space>
  );
}
