/**
 * 驾驶舱: KPI cards (formula on hover), charts that drill down to the orders or accounts behind them,
 * anomaly alerts, filters by period / district / team / order type (getKpis). Tables export to CSV/Excel.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useApiQuery } from '../../shared/useApiQuery';
import { ErrorState } from '../../shared/QueryState';
import { ExportButtons } from '../../shared/ExportButtons';
import { dayjs, formatPercent } from '../../shared/format';
import { ORDER_TYPE_LABELS } from '../../shared/labels';
import { EChart } from './EChart';
import { DrillDownDrawer } from './DrillDownDrawer';
import { KPI_DEFINITIONS, kpiTooltip, readKpi } from './kpiDefinitions';
import type { Drill, KpiFilters, KpiReport } from './types';

const areaName = (a: { areaCode: string; name?: string }) => a.name ?? a.areaCode;

export function CockpitPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day').startOf('day'), dayjs().endOf('day')]);
  const [district, setDistrict] = useState<string>();
  const [team, setTeam] = useState<string>();
  const [orderType, setOrderType] = useState<string>();
  const [drill, setDrill] = useState<Drill>();

  const filters: KpiFilters = { from: range[0].toISOString(), to: range[1].toISOString(), district, team, orderType };
  const { data, loading, error, reload } = useApiQuery<KpiReport>('getKpis', { query: filters });
  const base = { from: filters.from, to: filters.to, areaPrefix: district, team, type: orderType };
  const open = (title: string, list: Drill['list'], query: Drill['query']) => setDrill({ title, list, query: { ...base, ...query } });

  const byArea = data?.ordersByArea ?? [];
  const trend = data?.orderTrend ?? [];
  const collection = data?.collectionByArea ?? [];
  const complaints = data?.topComplaints ?? [];

  const areaOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: byArea.map(areaName), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: '工单数' },
      series: [{ type: 'bar', name: '工单数', data: byArea.map((a) => a.count) }],
    }),
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
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatPercent(v) },
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: collection.map(areaName), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: '回收率', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: [{ type: 'bar', name: '回收率', data: collection.map((c) => c.rate) }],
    }),
    [collection],
  );
  const complaintOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: complaints.map((c) => ({ name: c.name ?? c.category, value: c.count })) }],
    }),
    [complaints],
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          运营驾驶舱
        </Typography.Title>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0].startOf('day'), v[1].endOf('day')])} />
        <Input.Search placeholder="区县/片区编码" allowClear style={{ width: 160 }} onSearch={(v) => setDistrict(v || undefined)} />
        <Input.Search placeholder="班组" allowClear style={{ width: 120 }} onSearch={(v) => setTeam(v || undefined)} />
        <Select
          placeholder="工单类型"
          allowClear
          style={{ width: 120 }}
          value={orderType}
          onChange={setOrderType}
          options={Object.entries(ORDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Space>

      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <>
          {data?.alerts?.map((a) => (
            <Alert
              key={a.areaCode}
              type="error"
              showIcon
              message={`报修异常:${areaName(a)}`}
              description={a.message ?? `近24小时报修 ${a.count24h ?? '—'} 单,基线 ${a.baseline ?? '—'} 单`}
              action={<a onClick={() => open(`${areaName(a)} 近24小时报修`, 'orders', { areaPrefix: a.areaCode, type: 'repair', from: dayjs().subtract(24, 'hour').toISOString() })}>查看工单</a>}
            />
          ))}
          <Row gutter={[12, 12]}>
            {KPI_DEFINITIONS.map((def) => {
              const v = readKpi(data?.kpis?.[def.key]);
              return (
                <Col key={def.key} xs={12} md={8} xl={6} xxl={4}>
                  <Card hoverable size="small" onClick={() => open(def.title, def.drill.list, def.drill.query)} loading={loading && !data}>
                    <Statistic
                      title={
                        <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{kpiTooltip(def, v)}</span>}>
                          <span>
                            {def.title} <InfoCircleOutlined />
                          </span>
                        </Tooltip>
                      }
                      value={def.format(v?.value)}
                    />
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title="各片区工单量"
                loading={loading && !data}
                extra={
                  <ExportButtons
                    fileName="各片区工单量"
                    rows={byArea}
                    columns={[
                      { title: '片区', value: areaName },
                      { title: '片区编码', value: (a) => a.areaCode },
                      { title: '工单数', value: (a) => a.count },
                    ]}
                  />
                }
              >
                <EChart
                  ariaLabel="各片区工单量"
                  option={areaOption}
                  onClick={(e) => {
                    const a = byArea[e.dataIndex];
                    if (a) open(`${areaName(a)} 的工单`, 'orders', { areaPrefix: a.areaCode });
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title="工单趋势" loading={loading && !data}>
                <EChart
                  ariaLabel="工单趋势"
                  option={trendOption}
                  onClick={(e) => {
                    const t = trend[e.dataIndex];
                    if (t)
                      open(`${t.date} 的工单`, 'orders', {
                        from: dayjs.tz(t.date, 'Asia/Shanghai').startOf('day').toISOString(),
                        to: dayjs.tz(t.date, 'Asia/Shanghai').endOf('day').toISOString(),
                      });
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title="各片区回收率" loading={loading && !data}>
                <EChart
                  ariaLabel="各片区回收率"
                  option={collectionOption}
                  onClick={(e) => {
                    const c = collection[e.dataIndex];
                    if (c) open(`${areaName(c)} 欠费户`, 'accounts', { areaCode: c.areaCode, inArrears: true });
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title="投诉类别 Top" loading={loading && !data}>
                <EChart
                  ariaLabel="投诉类别"
                  option={complaintOption}
                  onClick={(e) => {
                    const c = complaints[e.dataIndex];
                    if (c) open(`投诉:${c.name ?? c.category}`, 'orders', { type: 'complaint', category: c.category });
                  }}
                />
                <Table
                  size="small"
                  rowKey="category"
                  dataSource={complaints}
                  pagination={false}
                  columns={[
                    { title: '类别', render: (_, c) => c.name ?? c.category },
                    { title: '数量', dataIndex: 'count' },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
      <DrillDownDrawer drill={drill} onClose={() => setDrill(undefined)} />
    </Space>
  );
}
