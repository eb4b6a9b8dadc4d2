/** CSV (UTF-8 with BOM, so Excel opens the Chinese right) and Excel exports of any cockpit table. */
import type { SheetTable } from '../../platform/spreadsheetWrite';
import type { KpiExportQuery, KpiReport } from '@portal/types';
import { getDrilldown } from './drilldown.service';
import { getKpis } from './kpi.service';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { areaFilter } from '../../platform/auth/areaScope';
import { recordPersonalDataRead } from '../accounts';

export type Table = SheetTable;

const EXPORT_MAX_ROWS = 10_000;
const fen = (v: number) => Math.round(v) / 100;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);

function reportTable(r: KpiReport, table: KpiExportQuery['table']): Table {
  switch (table) {
    case 'ordersByArea':
      return {
        name: '各区域工单量',
        columns: ['区域', '片区', '工单量'],
        rows: r.ordersByArea.map((x) => [x.areaCode, x.district, x.count]),
      };
    case 'orderTrend':
      return {
        name: '工单趋势',
        columns: ['日期', '工单量'],
        rows: r.orderTrend.map((x) => [x.date, x.count]),
      };
    case 'collectionByArea':
      return {
        name: '各区域回收率',
        columns: ['区域', '回收率(%)', '实收(元)', '应收(元)'],
        rows: r.collectionByArea.map((x) => [x.areaCode, pct(x.rate), fen(x.collectedFen), fen(x.dueFen)]),
      };
    case 'collectionByPeriod':
      return {
        name: '各账期回收率',
        columns: ['账期', '回收率(%)', '实收(元)', '应收(元)'],
        rows: r.collectionByPeriod.map((x) => [x.period, pct(x.rate), fen(x.collectedFen), fen(x.dueFen)]),
      };
    case 'topComplaints':
      return {
        name: '投诉热点',
        columns: ['类别', '名称', '投诉量'],
        rows: r.topComplaints.map((x) => [x.category, x.name, x.count]),
      };
    case 'onlineByChannel':
      return {
        name: '办理渠道',
        columns: ['渠道', '名称', '工单数', '缴费笔数'],
        rows: r.onlineByChannel.map((x) => [x.channel, x.name, x.orders, x.payments]),
      };
    default:
      return {
        name: 'KPI 汇总',
        columns: ['指标', '数值', '单位', '分子', '分母', '计算公式'],
        rows: Object.values(r.kpis).map((k) => [
          k.title,
          k.unit === 'ratio' ? pct(k.value) : k.value,
          k.unit === 'ratio' ? '%' : k.unit === 'minutes' ? '分钟' : '个',
          k.numerator ?? null,
          k.denominator ?? null,
          k.formula,
        ]),
      };
  }
}

/**
 * The export a staff member asked for: the drill-down (order and bill rows with 户号) is limited to
 * their areas and recorded as a personal-data read; the aggregate tables are not personal.
 */
export async function exportForStaff(
  deps: AppDeps,
  auth: StaffAuth,
  q: KpiExportQuery,
  requestId?: string,
): Promise<Table> {
  if (q.table === 'drilldown') {
    await recordPersonalDataRead(deps, auth, {
      action: 'export.kpiDrilldown',
      target: { kind: 'kpi', id: q.kpi ?? 'orderCount' },
      detail: { from: q.from, to: q.to, district: q.district },
      requestId,
    });
  }
  return exportTable(q, deps.clock.now(), areaFilter(auth, 'kpi'));
}

export async function exportTable(
  q: KpiExportQuery,
  now: Date,
  within: Record<string, unknown> = {},
): Promise<Table> {
  if (q.table !== 'drilldown') return reportTable(await getKpis(q, now), q.table);
  const kpi = q.kpi ?? 'orderCount';
  const page = await getDrilldown(
    kpi,
    { ...q, page: 1, pageSize: EXPORT_MAX_ROWS },
    now,
    within,
    EXPORT_MAX_ROWS,
  );
  if (page.kind === 'bills') {
    return {
      name: '账单明细',
      columns: ['户号', '区域', '账期', '应收(元)', '状态', '缴费时间', '线上缴费', '计入分子'],
      rows: (page.bills ?? []).map((b) => [
        b.accountNo,
        b.areaCode,
        b.period,
        fen(b.amountDueFen),
        b.status,
        b.paidAt,
        b.online,
        b.hit,
      ]),
    };
  }
  return {
    name: '工单明细',
    columns: [
      '工单号',
      '户号',
      '区域',
      '类型',
      '类别',
      '状态',
      '节点',
      '渠道',
      '班组',
      '处理人',
      '创建时间',
      '关闭时间',
      '响应(分钟)',
      '处理(分钟)',
      '评分',
      '计入分子',
    ],
    rows: (page.orders ?? []).map((o) => [
      o.orderNo,
      o.accountNo,
      o.areaCode,
      o.type,
      o.category,
      o.state,
      o.status,
      o.channel,
      o.team,
      o.assigneeName,
      o.createdAt,
      o.closedAt,
      o.responseMinutes,
      o.handlingMinutes,
      o.score,
      o.hit,
    ]),
  };
}

export { tableToCsv as toCsv, tableToXlsx as toXlsx } from '../../platform/spreadsheetWrite';
