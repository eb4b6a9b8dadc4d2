/**
 * 隐患 statistics in the cockpit: hazards found on the range's 安检 orders, by area, customer type,
 * category and severity (getKpis → hazards). A row drills down to the inspection orders behind it.
 */
import { Card, Col, Row, Statistic, Table } from 'antd';
import { CUSTOMER_TYPE_LABELS } from '../../shared/labels';
import { ServerExportButtons } from './ServerExportButtons';
import type { Drill, KpiFilters, KpiReport } from './types';

type Props = {
  data: KpiReport | undefined;
  loading: boolean;
  onDrill: (d: Drill) => void;
  /** The cockpit's filters, for the export. */
  filters: KpiFilters;
};
type Tally = KpiReport['hazards']['byArea'][number];

export function HazardTile({ data, loading, onDrill, filters }: Props) {
  const h = data?.hazards;
  const table = (
    title: string,
    rows: Tally[] | undefined,
    bucket: (k: string) => string | undefined,
    name = (k: string) => k,
  ) => (
    <Table
      size="small"
      rowKey="key"
      aria-label={title}
      dataSource={rows ?? []}
      pagination={false}
      locale={{ emptyText: '无' }}
      onRow={(r) => ({
        onClick: () =>
          onDrill({ title: `隐患:${title} ${name(r.key)}`, kpi: 'hazardCount', bucket: bucket(r.key) }),
        style: { cursor: 'pointer' },
      })}
      columns={[
        { title, dataIndex: 'key', render: (k: string) => name(k) },
        { title: '隐患数', dataIndex: 'total' },
      ]}
    />
  );
  return (
    <Card
      size="small"
      title="安检隐患统计"
      loading={loading && !data}
      data-kpi-tile="hazards"
      extra={<ServerExportButtons fileName="安检隐患统计" query={{ ...filters, table: 'hazards' }} />}
    >
      <Row gutter={[12, 12]}>
        <Col xs={12} md={4}>
          <Statistic title="隐患总数" value={h?.total ?? 0} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title="未整改" value={h?.open ?? 0} />
        </Col>
        <Col xs={24} md={4}>
          {table('区域', h?.byArea, (k) => `area:${k}`)}
        </Col>
        <Col xs={24} md={4}>
          {table(
            '客户类型',
            h?.byCustomerType,
            (k) => `ctype:${k}`,
            (k) => CUSTOMER_TYPE_LABELS[k] ?? k,
          )}
        </Col>
        <Col xs={24} md={4}>
          {table('隐患类别', h?.byCategory, (k) => `hazard:${k}`)}
        </Col>
        <Col xs={24} md={4}>
          {table('等级', h?.bySeverity, () => undefined)}
        </Col>
      </Row>
    </Card>
  );
}
