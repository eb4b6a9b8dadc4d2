/**
 * The cockpit's staff rows: staff and team ranking by finished orders (人均日处理工单量), and the
 * 报装 → 通气 stages. Each row drills down to its orders (getKpiDrilldown with a staff/team/stage bucket).
 */
import { Card, Col, Row, Table } from 'antd';
import { formatMinutes } from '../../shared/format';
import { ServerExportButtons } from './ServerExportButtons';
import type { Drill, KpiFilters, KpiReport } from './types';

type Props = {
  data: KpiReport | undefined;
  loading: boolean;
  onDrill: (d: Drill) => void;
  /** The cockpit's filters, for each table's export. */
  filters: KpiFilters;
};

const clickable = (onClick: () => void) => ({ onClick, style: { cursor: 'pointer' } });

export function TeamPerformance({ data, loading, onDrill, filters }: Props) {
  const exportAs = (fileName: string, table: string) => (
    <ServerExportButtons fileName={fileName} query={{ ...filters, table }} />
  );
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title="人员排名(完成工单)"
          loading={loading && !data}
          extra={exportAs('人员排名', 'staffRanking')}
        >
          <Table
            size="small"
            rowKey="staffId"
            aria-label="人员排名"
            dataSource={data?.staffRanking ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: '统计期内没有完成的工单' }}
            onRow={(s) =>
              clickable(() =>
                onDrill({
                  title: `${s.name} 完成的工单`,
                  kpi: 'staffDailyOrders',
                  bucket: `staff:${s.staffId}`,
                }),
              )
            }
            columns={[
              { title: '名次', dataIndex: 'rank', width: 56 },
              { title: '姓名', dataIndex: 'name' },
              { title: '班组', dataIndex: 'team' },
              { title: '完成', dataIndex: 'finished' },
              { title: '日均', dataIndex: 'perDay' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title="班组排名(人均日处理)"
          loading={loading && !data}
          extra={exportAs('班组排名', 'teamRanking')}
        >
          <Table
            size="small"
            rowKey="team"
            aria-label="班组排名"
            dataSource={data?.teamRanking ?? []}
            pagination={false}
            locale={{ emptyText: '统计期内没有完成的工单' }}
            onRow={(t) =>
              clickable(() =>
                onDrill({ title: `${t.team} 完成的工单`, kpi: 'staffDailyOrders', bucket: `team:${t.team}` }),
              )
            }
            columns={[
              { title: '名次', dataIndex: 'rank', width: 56 },
              { title: '班组', dataIndex: 'team' },
              { title: '人数', dataIndex: 'staff' },
              { title: '完成', dataIndex: 'finished' },
              { title: '人均日处理', dataIndex: 'perStaffDay', render: (v: number | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card
          size="small"
          title="报装到通气:各环节平均时长"
          loading={loading && !data}
          extra={exportAs('报装到通气各环节用时', 'installStages')}
        >
          <Table
            size="small"
            rowKey="stage"
            aria-label="报装各环节"
            dataSource={data?.installStages ?? []}
            pagination={false}
            onRow={(s) =>
              clickable(() =>
                onDrill({
                  title: `报装 ${s.label} 环节的工单`,
                  kpi: 'installToGasMinutes',
                  bucket: `stage:${s.stage}`,
                }),
              )
            }
            columns={[
              { title: '环节', dataIndex: 'label' },
              { title: '平均停留', dataIndex: 'avgMinutes', render: (v: number | null) => formatMinutes(v) },
              { title: '工单数', dataIndex: 'orders' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
