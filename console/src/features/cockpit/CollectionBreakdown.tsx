/**
 * 回收率 by customer type, by meter reader and by team (getKpis → collectionByCustomerType / ByReader /
 * ByTeam; readers from 抄表区段). A row drills down to its bills.
 */
import { Card, Col, Row, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatFen, formatPercent } from '../../shared/format';
import { CUSTOMER_TYPE_LABELS } from '../../shared/labels';
import { ServerExportButtons } from './ServerExportButtons';
import type { Drill, KpiFilters, KpiReport } from './types';

type Props = {
  data: KpiReport | undefined;
  loading: boolean;
  onDrill: (d: Drill) => void;
  /** The cockpit's filters, for each table's export. */
  filters: KpiFilters;
};
type Money = { rate: number | null; collectedFen: number; dueFen: number };
type ByCustomerType = KpiReport['collectionByCustomerType'][number];
type ByReader = KpiReport['collectionByReader'][number];
type ByTeam = KpiReport['collectionByTeam'][number];

function money<T extends Money>(): ColumnsType<T> {
  return [
    { title: '回收率', dataIndex: 'rate', render: (v: number | null) => formatPercent(v) },
    { title: '已收', dataIndex: 'collectedFen', render: (v: number) => formatFen(v) },
    { title: '应收', dataIndex: 'dueFen', render: (v: number) => formatFen(v) },
  ];
}

const row = (onClick: () => void) => ({ onClick, style: { cursor: 'pointer' } });

export function CollectionBreakdown({ data, loading, onDrill, filters }: Props) {
  const card = (title: string, exported: string, table: React.ReactNode) => (
    <Col xs={24} xl={8}>
      <Card
        size="small"
        title={title}
        loading={loading && !data}
        extra={<ServerExportButtons fileName={title} query={{ ...filters, table: exported }} />}
      >
        {table}
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]}>
      {card(
        '回收率:客户类型',
        'collectionByCustomerType',
        <Table<ByCustomerType>
          size="small"
          rowKey="customerType"
          aria-label="回收率按客户类型"
          pagination={false}
          dataSource={data?.collectionByCustomerType ?? []}
          onRow={(c) =>
            row(() =>
              onDrill({
                title: `${CUSTOMER_TYPE_LABELS[c.customerType] ?? c.customerType} 的账单`,
                kpi: 'collectionRate',
                bucket: `ctype:${c.customerType}`,
              }),
            )
          }
          columns={[
            {
              title: '客户类型',
              dataIndex: 'customerType',
              render: (k: string) => CUSTOMER_TYPE_LABELS[k] ?? k,
            },
            ...money<ByCustomerType>(),
          ]}
        />,
      )}
      {card(
        '回收率:抄表员',
        'collectionByReader',
        <Table<ByReader>
          size="small"
          rowKey={(r) => `${r.team}|${r.readerName}`}
          aria-label="回收率按抄表员"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '未设置抄表区段' }}
          dataSource={data?.collectionByReader ?? []}
          onRow={(r) =>
            row(() =>
              onDrill({
                title: `${r.readerName}(${r.team})抄表片区的账单`,
                kpi: 'collectionRate',
                bucket: `reader:${r.team}|${r.readerName}`,
              }),
            )
          }
          columns={[
            { title: '抄表员', dataIndex: 'readerName' },
            { title: '班组', dataIndex: 'team' },
            ...money<ByReader>(),
          ]}
        />,
      )}
      {card(
        '回收率:班组',
        'collectionByTeam',
        <Table<ByTeam>
          size="small"
          rowKey="team"
          aria-label="回收率按班组"
          pagination={false}
          locale={{ emptyText: '未设置抄表区段' }}
          dataSource={data?.collectionByTeam ?? []}
          onRow={(t) =>
            row(() =>
              onDrill({ title: `${t.team} 抄表片区的账单`, kpi: 'collectionRate', bucket: `team:${t.team}` }),
            )
          }
          columns={[{ title: '班组', dataIndex: 'team' }, ...money<ByTeam>()]}
        />,
      )}
    </Row>
  );
}
