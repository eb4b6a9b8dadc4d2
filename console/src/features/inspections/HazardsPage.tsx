/**
 * 隐患统计: counts by area, customer type and category with the open and overdue ones, the overdue
 * alerts (rectification day passed), and the hazard ledger with 复查 (getHazardStats, listHazards,
 * reinspectHazard).
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import type { Hazard, HazardCount } from '@portal/types';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { PagedTable } from '../../shared/PagedTable';
import { ErrorState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { formatDateTime } from '../../shared/format';
import { label } from '../../shared/labels';
import {
  CUSTOMER_TYPE_LABELS,
  HAZARD_CATEGORY_LABELS,
  HAZARD_SEVERITY_LABELS,
  SEVERITY_COLORS,
} from './labels';
import { ReinspectModal } from './ReinspectModal';

function CountTable({
  title,
  rows,
  keyLabel,
}: {
  title: string;
  rows: HazardCount[];
  keyLabel: (key: string) => string;
}) {
  return (
    <Card size="small" title={title}>
      <Table<HazardCount>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '暂无隐患' }}
        columns={[
          { title: title.replace('按', ''), render: (_, r) => keyLabel(r.key) },
          { title: '隐患', dataIndex: 'total' },
          { title: '未整改', dataIndex: 'open' },
          {
            title: '逾期',
            render: (_, r) => (r.overdue ? <Typography.Text type="danger">{r.overdue}</Typography.Text> : 0),
          },
        ]}
      />
    </Card>
  );
}

const statusTag = (h: Hazard) =>
  h.status === 'rectified' ? (
    <Tag color="green">已整改</Tag>
  ) : h.overdue ? (
    <Tag color="red">逾期未整改</Tag>
  ) : (
    <Tag color="orange">待整改</Tag>
  );

export function HazardsPage() {
  const [areaPrefix, setAreaPrefix] = useState<string>();
  const stats = useApiQuery('getHazardStats', { query: areaPrefix ? { areaPrefix } : {} });
  const [reinspecting, setReinspecting] = useState<Hazard>();
  const [refreshKey, setRefreshKey] = useState(0);
  const s = stats.data;
  return (
    <>
      <Typography.Title level={4}>隐患统计</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={(v: { areaPrefix?: string }) => setAreaPrefix(v.areaPrefix?.trim() || undefined)}
        >
          <Form.Item name="areaPrefix">
            <AreaCodeSelect placeholder="片区(留空为全部)" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              统计
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {stats.error ? (
        <ErrorState error={stats.error} onRetry={stats.reload} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={8}>
              <Card>
                <Statistic title="隐患总数" value={s?.total ?? 0} loading={stats.loading} />
              </Card>
            </Col>
            <Col span={8}>
              <Card>
                <Statistic title="未整改" value={s?.open ?? 0} loading={stats.loading} />
              </Card>
            </Col>
            <Col span={8}>
              <Card>
                <Statistic
                  title="逾期未整改"
                  value={s?.overdue ?? 0}
                  valueStyle={s?.overdue ? { color: '#cf1322' } : undefined}
                  loading={stats.loading}
                />
              </Card>
            </Col>
          </Row>
          {!!s?.overdueAlerts.length && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              message={`${s.overdue} 处隐患已过整改期限`}
              description={s.overdueAlerts
                .map(
                  (h) =>
                    `${h.address}:${label(HAZARD_CATEGORY_LABELS, h.category)}(${label(HAZARD_SEVERITY_LABELS, h.severity)}),期限 ${h.rectifyBy}`,
                )
                .join(';')}
            />
          )}
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={8}>
              <CountTable title="按片区" rows={s?.byArea ?? []} keyLabel={(k) => k} />
            </Col>
            <Col xs={24} lg={8}>
              <CountTable
                title="按客户类型"
                rows={s?.byCustomerType ?? []}
                keyLabel={(k) => label(CUSTOMER_TYPE_LABELS, k)}
              />
            </Col>
            <Col xs={24} lg={8}>
              <CountTable
                title="按隐患类别"
                rows={s?.byCategory ?? []}
                keyLabel={(k) => label(HAZARD_CATEGORY_LABELS, k)}
              />
            </Col>
          </Row>
        </>
      )}
      <Typography.Title level={5}>隐患台账</Typography.Title>
      <PagedTable
        operationId="listHazards"
        rowKey="id"
        refreshKey={refreshKey}
        fixedQuery={areaPrefix ? { areaPrefix } : undefined}
        emptyText="暂无隐患"
        filters={
          <>
            <Form.Item name="status">
              <Select
                allowClear
                placeholder="状态"
                style={{ width: 120 }}
                options={[
                  { value: 'open', label: '待整改' },
                  { value: 'rectified', label: '已整改' },
                ]}
              />
            </Form.Item>
            <Form.Item name="overdue">
              <Select
                allowClear
                placeholder="是否逾期"
                style={{ width: 120 }}
                options={[
                  { value: 'true', label: '逾期' },
                  { value: 'false', label: '未逾期' },
                ]}
              />
            </Form.Item>
            <Form.Item name="category">
              <Select
                allowClear
                placeholder="隐患类别"
                style={{ width: 140 }}
                options={Object.entries(HAZARD_CATEGORY_LABELS).map(([value, l]) => ({ value, label: l }))}
              />
            </Form.Item>
          </>
        }
        columns={[
          { title: '地址', dataIndex: 'address' },
          { title: '片区', dataIndex: 'areaCode' },
          { title: '客户类型', render: (_, h) => label(CUSTOMER_TYPE_LABELS, h.customerType) },
          { title: '类别', render: (_, h) => label(HAZARD_CATEGORY_LABELS, h.category) },
          {
            title: '等级',
            render: (_, h) => (
              <Tag color={SEVERITY_COLORS[h.severity]}>{label(HAZARD_SEVERITY_LABELS, h.severity)}</Tag>
            ),
          },
          { title: '描述', dataIndex: 'description' },
          { title: '整改期限', dataIndex: 'rectifyBy' },
          { title: '状态', render: (_, h) => statusTag(h) },
          { title: '发现', render: (_, h) => `${formatDateTime(h.foundAt)} ${h.foundByName}` },
          { title: '复查', render: (_, h) => `${h.reinspections.length} 次` },
          {
            title: '操作',
            render: (_, h) =>
              h.status === 'open' ? (
                <Button size="small" onClick={() => setReinspecting(h)}>
                  复查
                </Button>
              ) : null,
          },
        ]}
        exportName="隐患台账"
        exportColumns={[
          { title: '地址', value: (h) => h.address },
          { title: '片区', value: (h) => h.areaCode },
          { title: '客户类型', value: (h) => label(CUSTOMER_TYPE_LABELS, h.customerType) },
          { title: '类别', value: (h) => label(HAZARD_CATEGORY_LABELS, h.category) },
          { title: '等级', value: (h) => label(HAZARD_SEVERITY_LABELS, h.severity) },
          { title: '描述', value: (h) => h.description },
          { title: '整改期限', value: (h) => h.rectifyBy },
          {
            title: '状态',
            value: (h) => (h.status === 'rectified' ? '已整改' : h.overdue ? '逾期' : '待整改'),
          },
        ]}
      />
      {reinspecting && (
        <ReinspectModal
          hazard={reinspecting}
          onClose={(saved) => {
            setReinspecting(undefined);
            if (saved) {
              setRefreshKey((k) => k + 1);
              stats.reload();
            }
          }}
        />
      )}
    </>
  );
}
