/**
 * A notice and its live delivery report (getNotice + getNoticeDelivery, refreshed every 5 s while it is
 * being delivered); publish / restore / cancel.
 */
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Popconfirm, Progress, Row, Space, Statistic, Table, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState, ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';
import { ExportButtons } from '../../shared/ExportButtons';
import { NOTICE_STATUS_LABELS, UTILITY_LABELS, label } from '../../shared/labels';
import { noticeAreas, type DeliveryReport, type Notice } from './types';

export function NoticeDetailPage() {
  const { noticeId = '' } = useParams();
  const navigate = useNavigate();
  const params = { noticeId, id: noticeId };
  const notice = useApiQuery<Notice>('getStaffNotice', { params });
  const delivery = useApiQuery<DeliveryReport>('getNoticeDelivery', { params });
  const n = notice.data;
  const d = delivery.data;
  const reloadDelivery = delivery.reload;
  const live = n?.status === 'published' && (d?.queued ?? 0) > 0;

  useEffect(() => {
    if (n?.status !== 'published') return;
    const t = setInterval(reloadDelivery, live ? 5_000 : 30_000);
    return () => clearInterval(t);
  }, [n?.status, live, reloadDelivery]);

  const act = async (operationId: string, done: string) => {
    try {
      await call(operationId, { params });
      reportSuccess(done);
      notice.reload();
      delivery.reload();
    } catch (e) {
      reportError(e);
    }
  };

  const total = d?.recipients ?? d?.households ?? 0;
  const sent = d?.sent ?? 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/notices')}>
        通知列表
      </Button>
      <QueryState loading={notice.loading} error={notice.error} empty={!n && !notice.loading} onRetry={notice.reload}>
        {n && (
          <Card
            title={n.title}
            extra={
              <Space wrap>
                {n.status === 'draft' && (
                  <Button type="primary" onClick={() => act('publishNotice', '通知已发布')}>
                    发布
                  </Button>
                )}
                {n.status === 'published' && (
                  <Popconfirm title="确认已恢复供应并通知用户?" onConfirm={() => act('restoreNotice', '已发送恢复通知')}>
                    <Button type="primary">恢复供应</Button>
                  </Popconfirm>
                )}
                {(n.status === 'draft' || n.status === 'published' || n.status === 'scheduled') && (
                  <Popconfirm title="确认取消此通知?" onConfirm={() => act('cancelNotice', '通知已取消')}>
                    <Button danger>取消通知</Button>
                  </Popconfirm>
                )}
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label="状态">
                <Tag>{label(NOTICE_STATUS_LABELS, n.status)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="类型">{label(UTILITY_LABELS, n.utility)}</Descriptions.Item>
              <Descriptions.Item label="开始">{formatDateTime(n.startAt)}</Descriptions.Item>
              <Descriptions.Item label="预计恢复">{formatDateTime(n.endAt)}</Descriptions.Item>
              <Descriptions.Item label="片区">{noticeAreas(n).join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label="发布时间">{formatDateTime(n.publishedAt)}</Descriptions.Item>
              <Descriptions.Item label="内容" span={2}>
                {n.content ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
      </QueryState>
      <Card title="送达报告" extra={live && <Tag color="processing">发送中</Tag>}>
        {delivery.error ? (
          <ErrorState error={delivery.error} onRetry={delivery.reload} />
        ) : (
          <>
            <Row gutter={16}>
              {[
                ['影响户数', d?.households],
                ['待发送', d?.queued],
                ['已发送', d?.sent],
                ['已送达', d?.delivered],
                ['失败', d?.failed],
                ['未订阅', d?.noSubscription],
              ].map(([title, v]) => (
                <Col xs={12} md={4} key={String(title)}>
                  <Statistic title={String(title)} value={typeof v === 'number' ? v : '—'} loading={delivery.loading && !d} />
                </Col>
              ))}
            </Row>
            <Progress percent={total ? Math.round((sent / total) * 100) : 0} style={{ marginTop: 12 }} />
            <Table
              size="small"
              style={{ marginTop: 12 }}
              rowKey="areaCode"
              dataSource={d?.byArea ?? []}
              pagination={false}
              locale={{ emptyText: '暂无分片区数据' }}
              columns={[
                { title: '片区', dataIndex: 'areaCode' },
                { title: '户数', dataIndex: 'households' },
                { title: '已发送', dataIndex: 'sent' },
                { title: '失败', dataIndex: 'failed' },
              ]}
            />
            {(d?.failures?.length ?? 0) > 0 && (
              <Card size="small" title="失败明细" style={{ marginTop: 12 }} extra={
                <ExportButtons
                  fileName="通知送达失败明细"
                  rows={d?.failures ?? []}
                  columns={[
                    { title: '户号', value: (f) => f.accountNo },
                    { title: '原因', value: (f) => f.reason ?? f.code },
                  ]}
                />
              }>
                <Table
                  size="small"
                  rowKey={(f) => `${f.accountNo}-${f.code}`}
                  dataSource={d?.failures ?? []}
                  columns={[
                    { title: '户号', dataIndex: 'accountNo' },
                    { title: '原因', render: (_, f) => f.reason ?? f.code },
                  ]}
                />
              </Card>
            )}
          </>
        )}
      </Card>
    </Space>
  );
}
