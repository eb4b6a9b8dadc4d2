/** CSV (UTF-8 with BOM, so Excel opens the Chinese right) and Excel exports of any cockpit table. */
import type { SheetTable } from '../../platform/spreadsheetWrite';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_SEVERITY_LABELS,
  type KpiExportQuery,
  type KpiReport,
} from '@portal/types';
import { getDrilldown } from './drilldown.service';
import { getKpis } from './kpi.service';
import { resolveScope } from './scope';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { areaFilter, areaMatch } from '../../platform/auth/areaScope';
import { dayEnd, dayStart } from '../../platform/time';
import { recordPersonalDataRead } from '../accounts';
import type { SettingsDefaults } from '../settings';
import { orderCostSummary } from '../workorders';

export type Table = SheetTable;

const EXPORT_MAX_ROWS = 10_000;
const fen = (v: number) => Math.round(v) / 100;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
const hours = (minutes: number | null) => (minutes === null ? null : Math.round(minutes / 0.6) / 100);
const CUSTOMER_TYPES: Record<string, string> = {
  residential: '居民',
  commercial: '非居民(工商业)',
  public: '公建',
};
const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;
const COLLECTION = ['回收率(%)', '实收(元)', '应收(元)'];
const tally = (x: { rate: number | null; collectedFen: number; dueFen: number }) => [
  pct(x.rate),
  fen(x.collectedFen),
  fen(x.dueFen),
];

/** 回访: the completion rate and average score per day (or month) of the range, then the whole range. */
function followUpTable(r: KpiReport): Table {
  const done = r.kpis.followUpCompletionRate;
  const score = r.kpis.followUpAvgScore;
  const scoreOf = new Map(score?.trend.map((p) => [p.date, p.value]) ?? []);
  return {
    name: '回访完成率',
    columns: ['日期', '回访完成率(%)', '已回访', '应回访', '平均评分'],
    rows: [
      ...(done?.trend ?? []).map((p) => [
        p.date,
        pct(p.value),
        p.numerator ?? null,
        p.denominator ?? null,
        scoreOf.get(p.date) ?? null,
      ]),
      [
        '合计',
        pct(done?.value ?? null),
        done?.numerator ?? null,
        done?.denominator ?? null,
        score?.value ?? null,
      ],
    ],
  };
}

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
    case 'staffRanking':
      return {
        name: '人员完成工单排名',
        columns: ['排名', '姓名', '班组', '完成工单', '日均完成'],
        rows: r.staffRanking.map((x) => [x.rank, x.name, x.team, x.finished, x.perDay]),
      };
    case 'teamRanking':
      return {
        name: '班组完成工单排名',
        columns: ['排名', '班组', '完成工单', '人数', '人均日完成'],
        rows: r.teamRanking.map((x) => [x.rank, x.team, x.finished, x.staff, x.perStaffDay]),
      };
    case 'followUps':
      return followUpTable(r);
    case 'installStages':
      return {
        name: '报装至通气各阶段用时',
        columns: ['阶段', '节点', '平均用时(分钟)', '平均用时(小时)', '工单数'],
        rows: r.installStages.map((x) => [
          x.label,
          x.stage,
          x.avgMinutes === null ? null : Math.round(x.avgMinutes * 100) / 100,
          hours(x.avgMinutes),
          x.orders,
        ]),
      };
    case 'hazards': {
      const h = r.hazards;
      const by = (dimension: string, rows: { key: string; total: number }[], name = (k: string) => k) =>
        rows.map((x) => [dimension, name(x.key), x.key, x.total]);
      return {
        name: '安检隐患统计',
        columns: ['维度', '分组', '编码', '隐患数'],
        rows: [
          ['合计', '隐患总数', 'total', h.total],
          ['合计', '未整改', 'open', h.open],
          ...by('区域', h.byArea),
          ...by('客户类型', h.byCustomerType, (k) => label(CUSTOMER_TYPES, k)),
          ...by('隐患类别', h.byCategory, (k) => label(HAZARD_CATEGORY_LABELS, k)),
          ...by('等级', h.bySeverity, (k) => label(HAZARD_SEVERITY_LABELS, k)),
        ],
      };
    }
    case 'collectionByReader':
      return {
        name: '各抄表员回收率',
        columns: ['抄表员', '班组', ...COLLECTION],
        rows: r.collectionByReader.map((x) => [x.readerName, x.team, ...tally(x)]),
      };
    case 'collectionByTeam':
      return {
        name: '各抄表班组回收率',
        columns: ['班组', ...COLLECTION],
        rows: r.collectionByTeam.map((x) => [x.team, ...tally(x)]),
      };
    case 'collectionByCustomerType':
      return {
        name: '各客户类型回收率',
        columns: ['客户类型', ...COLLECTION],
        rows: r.collectionByCustomerType.map((x) => [label(CUSTOMER_TYPES, x.customerType), ...tally(x)]),
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
  return exportTable(q, deps.clock.now(), areaFilter(auth, 'kpi'), deps.config);
}

/**
 * 工单成本 of the range: per order type and district (or the level under the district asked), materials +
 * hours × 人工费率, within the staff member's areas (as the 工单成本 screen).
 */
async function orderCostTable(
  q: KpiExportQuery,
  now: Date,
  within: Record<string, unknown>,
  settings: SettingsDefaults,
): Promise<Table> {
  const scope = resolveScope(q, now);
  const report = await orderCostSummary(
    {
      from: dayStart(scope.from),
      to: dayEnd(scope.to),
      areaFilter: scope.district ? { $and: [within, { areaCode: areaMatch(scope.district) }] } : within,
      asked: scope.district,
      type: q.type ?? q.orderType,
    },
    settings,
  );
  const rate = fen(report.labourRateFen);
  return {
    name: '工单成本',
    columns: [
      '业务',
      '片区',
      '工单数',
      '用料成本(元)',
      '工时(小时)',
      '人工费率(元/小时)',
      '人工成本(元)',
      '总成本(元)',
      '单均成本(元)',
    ],
    rows: [
      ...report.rows.map((x) => [
        x.typeLabel,
        x.area,
        x.orders,
        fen(x.materialCostFen),
        hours(x.labourMinutes),
        rate,
        fen(x.labourCostFen),
        fen(x.costFen),
        fen(x.avgCostFen),
      ]),
      [
        '合计',
        null,
        report.totalOrders,
        fen(report.totalMaterialCostFen),
        hours(report.rows.reduce((s, x) => s + x.labourMinutes, 0)),
        rate,
        fen(report.totalLabourCostFen),
        fen(report.totalCostFen),
        report.totalOrders ? fen(Math.round(report.totalCostFen / report.totalOrders)) : null,
      ],
    ],
  };
}

export async function exportTable(
  q: KpiExportQuery,
  now: Date,
  within: Record<string, unknown>,
  settings: SettingsDefaults,
): Promise<Table> {
  if (q.table === 'orderCosts') return orderCostTable(q, now, within, settings);
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
