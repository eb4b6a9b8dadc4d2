/**
 * 驾驶舱: KPI cards (the server's formula on hover), charts that drill down to the orders or bills behind
 * each point (getKpiDrilldown), repair-spike alerts, filters by period / district / team / order type
 * (getKpis). Every table exports to CSV/Excel from the server (exportKpis). Below: one 账期's live 回收率
 * (LiveCollectionRate) and the alerts of the past days (KpiAlertHistory); managers and admins may 立即重算
 * (KpiRollupButton).
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Card,
  Col,
  DatePicker,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useApiQuery } from '../../shared/useApiQuery';
import { useSession } from '../auth/useSession';
import { accessTo } from '../navigation/workAreas';
import { AreaCodeSelect } from '../../shared/AreaPicker';
import { ErrorState } from '../../shared/QueryState';
import { addDays, dayOf } from '@portal/types/src/time';
import { formatDateTime, formatFen, formatPercent, pickerDay } from '../../shared/format';
import { ORDER_TYPE_LABELS } from '../../shared/labels';
import { EChart } from './EChart';
import { DrillDownDrawer } from './DrillDownDrawer';
import { CollectionBreakdown } from './CollectionBreakdown';
import { HazardTile } from './HazardTile';
import { TeamPerformance } from './TeamPerformance';
import { ServerExportButtons } from './ServerExportButtons';
import { KpiAlertHistory } from './KpiAlertHistory';
import { KpiRollupButton } from './KpiRollupButton';
import { LiveCollectionRate } from './LiveCollectionRate';
import { KPI_ORDER, formatKpi, kpiTooltip } from './kpiDefinitions';
import type { WorkOrderType } from '@portal/types';
import type { Drill, KpiFilters } from './types';

const DAY = 'YYYY-MM-DD';
const bar = (names: string[], values: Array<number | null>, name: string, percent = false) => ({
  tooltip: { trigger: 'axis', ...(percent ? { valueFormatter: (v: number) => formatPercent(v) } : {}) },
  grid: { left: 48, right: 16, top: 24, bottom: 48 },
  xAxis: { type: 'category', data: names, axisLabel: { rotate: 30 } },
  yAxis: percent
    ? { type: 'value', name, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } }
    : { type: 'value', name },
  series: [{ type: 'bar', name, data: values }],
});

/** One empty list for absent figures, so the memoised charts do not recompute on every render. */
const NONE: never[] = [];

export function CockpitPage() {
  const mayEnterHolidays = accessTo('/admin/holidays', useSession()?.staff.roles ?? []) === 'allowed';
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    pickerDay(Date.now()).subtract(29, 'day'),
    pickerDay(Date.now()),
  ]);
  const [district, setDistrict] = useState<string>();
  const [team, setTeam] = useState<string>();
  const [type, setType] = useState<WorkOrderType>();
  const [drill, setDrill] = useState<Drill>();
  const [recomputed, setRecomputed] = useState(0);

  const filters: KpiFilters = { from: range[0].format(DAY), to: range[1].format(DAY), district, team, type };
  const { data, loading, error, reload } = useApiQuery('getKpis', { query: filters });
  const byArea = useMemo(() => [...(data?.ordersByArea ?? [])].sort((a, b) => b.count - a.count), [data]);
  const trend = data?.orderTrend ?? NONE;
  const collection = data?.collectionByArea ?? NONE;
  const periods = data?.collectionByPeriod ?? NONE;
  const complaints = data?.topComplaints ?? NONE;
  const channels = data?.onlineByChannel ?? NONE;
  const bucketOfDate = (date: string) => (data?.granularity === 'month' ? `month:${date}` : `day:${date}`);

  const areaOption = useMemo(
    () =>
      bar(
        byArea.map((a) => a.areaCode),
        byArea.map((a) => a.count),
        '工单数',
      ),
    [byArea],
  );
  const trendOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: trend.map((t) => t.date) },
      yAxis: { type: 'value', name: '工单数' },
      series: [{ type: 'line', name: '工单数', smooth: true, data: trend.map((t) => t.count) }],
    }),
    [trend],
  );
  const collectionOption = useMemo(
    () =>
      bar(
        collection.map((c) => c.areaCode),
        collection.map((c) => c.rate),
        '回收率',
        true,
      ),
    [collection],
  );
  const periodOption = useMemo(
    () =>
      bar(
        periods.map((p) => p.period),
        periods.map((p) => p.rate),
        '回收率',
        true,
      ),
    [periods],
  );
  const complaintOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: complaints.map((c) => ({ name: c.name, value: c.count })),
        },
      ],
    }),
    [complaints],
  );
  const channelOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: channels.map((c) => c.name) },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: '工单', stack: 'all', data: channels.map((c) => c.orders) },
        { type: 'bar', name: '缴费', stack: 'all', data: channels.map((c) => c.payments) },
      ],
    }),
    [channels],
  );

  const chartCard = (title: string, table: string, chart: React.ReactNode, extra?: React.ReactNode) => (
    <Card
      size="small"
      title={title}
      loading={loading && !data}
      extra={<ServerExportButtons fileName={title} query={{ ...filters, table }} />}
    >
      {chart}
      {extra}
    </Card>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          运营驾驶舱
        </Typography.Title>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <AreaCodeSelect
          placeholder="区县/片区编码"
          style={{ width: 160 }}
          value={district}
          onChange={setDistrict}
        />
        <Input.Search
          placeholder="班组"
          allowClear
          style={{ width: 140 }}
          onSearch={(v) => setTeam(v.trim() || undefined)}
        />
        <Select
          placeholder="工单类型"
          allowClear
          style={{ width: 120 }}
          value={type}
          onChange={setType}
          options={Object.entries(ORDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <ServerExportButtons fileName="驾驶舱指标" query={{ ...filters, table: 'summary' }} />
        <KpiRollupButton
          onDone={() => {
            reload();
            setRecomputed((n) => n + 1);
          }}
        />
        {data && (
          <Typography.Text type="secondary">
            {data.from} 至 {data.to},更新于 {formatDateTime(data.generatedAt, 'HH:mm:ss')}
          </Typography.Text>
        )}
      </Space>

      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <>
          {data?.alerts.map((a) =>
            a.kind === 'holidaysMissing' ? (
              <Alert
                key={a.id}
                type="warning"
                showIcon
                message={`${a.year} 年节假日安排未录入`}
                description={a.message}
                action={mayEnterHolidays && <Link to="/admin/holidays">去录入</Link>}
              />
            ) : (
              <Alert
                key={a.id}
                type="error"
                showIcon
                message={`报修异常:${a.areaCode}`}
                description={a.message}
                action={
                  <a
                    onClick={() =>
                      setDrill({
                        title: `${a.areaCode} 近24小时报修`,
                        kpi: 'orderCount',
                        bucket: `area:${a.areaCode}`,
                        filters: {
                          type: 'repair',
                          from: addDays(dayOf(a.raisedAt), -1),
                          to: dayOf(a.raisedAt),
                        },
                      })
                    }
                  >
                    查看工单
                  </a>
                }
              />
            ),
          )}
          <Row gutter={[12, 12]}>
            {KPI_ORDER.map((key) => {
              const k = data?.kpis[key];
              return (
                <Col key={key} xs={12} md={8} xl={6} xxl={4}>
                  <Card
                    hoverable
                    size="small"
                    loading={loading && !data}
                    data-kpi={key}
                    onClick={() => k && setDrill({ title: k.title, kpi: key })}
                  >
                    {k ? (
                      <Statistic
                        title={
                          <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{kpiTooltip(k)}</span>}>
                            <span>
                              {k.title} <InfoCircleOutlined />
                            </span>
                          </Tooltip>
                        }
                        value={formatKpi(k.unit, k.value)}
                      />
                    ) : (
                      <Statistic title={key} value="—" />
                    )}
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              {chartCard(
                '各片区工单量',
                'ordersByArea',
                <EChart
                  ariaLabel="各片区工单量"
                  option={areaOption}
                  onClick={(e) => {
                    const a = byArea[e.dataIndex];
                    if (a)
                      setDrill({
                        title: `${a.areaCode} 的工单`,
                        kpi: 'orderCount',
                        bucket: `area:${a.areaCode}`,
                      });
                  }}
                />,
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                '工单趋势',
                'orderTrend',
                <EChart
                  ariaLabel="工单趋势"
                  option={trendOption}
                  onClick={(e) => {
                    const t = trend[e.dataIndex];
                    if (t)
                      setDrill({
                        title: `${t.date} 的工单`,
                        kpi: 'orderCount',
                        bucket: bucketOfDate(t.date),
                      });
                  }}
                />,
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                '各片区回收率',
                'collectionByArea',
                <EChart
                  ariaLabel="各片区回收率"
                  option={collectionOption}
                  onClick={(e) => {
                    const c = collection[e.dataIndex];
                    if (c)
                      setDrill({
                        title: `${c.areaCode} 回收率(实收 ${formatFen(c.collectedFen)} / 应收 ${formatFen(c.dueFen)})`,
                        kpi: 'collectionRate',
                        bucket: `area:${c.areaCode}`,
                      });
                  }}
                />,
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                '各账期回收率',
                'collectionByPeriod',
                <EChart
                  ariaLabel="各账期回收率"
                  option={periodOption}
                  onClick={(e) => {
                    const p = periods[e.dataIndex];
                    if (p)
                      setDrill({
                        title: `${p.period} 账期账单`,
                        kpi: 'collectionRate',
                        bucket: `period:${p.period}`,
                      });
                  }}
                />,
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                '线上/线下办理',
                'onlineByChannel',
                <EChart
                  ariaLabel="线上线下办理"
                  option={channelOption}
                  onClick={(e) => {
                    const c = channels[e.dataIndex];
                    if (c)
                      setDrill({
                        title: `${c.name} 办理的工单`,
                        kpi: 'onlineShare',
                        bucket: `channel:${c.channel}`,
                      });
                  }}
                />,
              )}
            </Col>
            <Col xs={24} xl={12}>
              {chartCard(
                '投诉类别 Top',
                'topComplaints',
                <EChart
                  ariaLabel="投诉类别"
                  option={complaintOption}
                  onClick={(e) => {
                    const c = complaints[e.dataIndex];
                    if (c)
                      setDrill({
                        title: `投诉:${c.name}`,
                        kpi: 'complaintCount',
                        bucket: `category:${c.category}`,
                      });
                  }}
                />,
                <Table
                  size="small"
                  rowKey="category"
                  dataSource={complaints}
                  pagination={false}
                  locale={{ emptyText: '统计期内没有投诉' }}
                  onRow={(c) => ({
                    onClick: () =>
                      setDrill({
                        title: `投诉:${c.name}`,
                        kpi: 'complaintCount',
                        bucket: `category:${c.category}`,
                      }),
                    style: { cursor: 'pointer' },
                  })}
                  columns={[
                    { title: '类别', dataIndex: 'name' },
                    { title: '数量', dataIndex: 'count' },
                  ]}
                />,
              )}
            </Col>
          </Row>
          <TeamPerformance data={data} loading={loading} onDrill={setDrill} filters={filters} />
          <CollectionBreakdown data={data} loading={loading} onDrill={setDrill} filters={filters} />
          <HazardTile data={data} loading={loading} onDrill={setDrill} filters={filters} />
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <LiveCollectionRate areaPrefix={district} />
            </Col>
            <Col xs={24} xl={14}>
              <KpiAlertHistory onDrill={setDrill} recomputed={recomputed} />
            </Col>
          </Row>
        </>
      )}
      <DrillDownDrawer drill={drill} filters={filters} onClose={() => setDrill(undefined)} />
    </Space>
  );
}
