/**
 * 安检记录 of an inspection order (getInspectionRecord): the checklist answers, readings, site photos, the
 * resident's signature, who inspected and when, and the hazards it found (listHazards of the account,
 * narrowed to this record's). Before the technician submits, the order simply has none yet.
 */
import { Card, Descriptions, Empty, Image, Space, Table, Tag, Typography } from 'antd';
import { ApiError } from '../../services/apiError';
import { formatDate, formatDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import {
  CHECK_RESULT_LABELS,
  HAZARD_CATEGORY_LABELS,
  HAZARD_SEVERITY_LABELS,
  SEVERITY_COLORS,
} from '../inspections/labels';

const RESULT_COLORS = { pass: 'green', fail: 'red', na: 'default' } as const;

export function InspectionRecordCard({ orderNo }: { orderNo: string }) {
  const record = useApiQuery('getInspectionRecord', { params: { orderNo } });
  const r = record.data;
  const hazards = useApiQuery(r?.hazardIds.length ? 'listHazards' : undefined, {
    query: { accountNo: r?.accountNo, pageSize: 100 },
  });
  const found = (hazards.data?.items ?? []).filter((h) => r?.hazardIds.includes(h.id));
  const notYet = record.error instanceof ApiError && record.error.status === 404;

  return (
    <Card size="small" title="安检记录" loading={record.loading && !r}>
      {notYet ? (
        <Empty description="尚未提交安检记录" />
      ) : record.error ? (
        <ErrorState error={record.error} onRetry={record.reload} />
      ) : (
        r && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label="安检员">{r.inspectorName}</Descriptions.Item>
              <Descriptions.Item label="安检时间">{formatDateTime(r.inspectedAt)}</Descriptions.Item>
              <Descriptions.Item label="表读数">{r.readings.meter ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="压力">
                {r.readings.pressureKpa === undefined ? '—' : `${r.readings.pressureKpa} kPa`}
              </Descriptions.Item>
              {r.utility === 'gas' && (
                <Descriptions.Item label="可燃气体浓度">
                  {r.readings.leakPpm === undefined ? '—' : `${r.readings.leakPpm} ppm`}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={r.checklist}
              locale={{ emptyText: '无检查项' }}
              columns={[
                { title: '检查项', dataIndex: 'label' },
                {
                  title: '结果',
                  render: (_, c) => (
                    <Tag color={RESULT_COLORS[c.result]}>{CHECK_RESULT_LABELS[c.result]}</Tag>
                  ),
                },
                { title: '备注', render: (_, c) => c.note ?? '—' },
              ]}
            />
            <Image.PreviewGroup>
              <Space wrap align="start">
                {r.photoUrls.map((url, i) => (
                  <Image key={url} width={96} src={url} alt={`现场照片 ${i + 1}`} />
                ))}
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">居民签字</Typography.Text>
                  <Image width={160} src={r.signatureUrl} alt="居民签字" />
                </Space>
              </Space>
            </Image.PreviewGroup>
            {r.hazardIds.length > 0 && (
              <>
                <Typography.Text strong>发现隐患 {r.hazardIds.length} 处</Typography.Text>
                {hazards.error instanceof ApiError && hazards.error.status === 403 ? (
                  <Typography.Text type="secondary">
                    隐患明细见 隐患统计(需调度、班组长或管理员)
                  </Typography.Text>
                ) : hazards.error ? (
                  <ErrorState error={hazards.error} onRetry={hazards.reload} />
                ) : (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    loading={hazards.loading}
                    dataSource={found}
                    columns={[
                      { title: '类别', render: (_, h) => HAZARD_CATEGORY_LABELS[h.category] ?? h.category },
                      {
                        title: '等级',
                        render: (_, h) => (
                          <Tag color={SEVERITY_COLORS[h.severity]}>
                            {HAZARD_SEVERITY_LABELS[h.severity] ?? h.severity}
                          </Tag>
                        ),
                      },
                      { title: '描述', dataIndex: 'description' },
                      { title: '整改期限', render: (_, h) => formatDate(h.rectifyBy) },
                      {
                        title: '状态',
                        render: (_, h) =>
                          h.rectifiedAt ? (
                            <Tag color="green">已整改</Tag>
                          ) : (
                            <Tag color={h.overdue ? 'red' : 'orange'}>
                              {h.overdue ? '逾期未整改' : '待整改'}
                            </Tag>
                          ),
                      },
                    ]}
                  />
                )}
              </>
            )}
          </Space>
        )
      )}
    </Card>
  );
}
