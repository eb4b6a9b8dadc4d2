/**
 * Every KPI: its name, its formula in Chinese (the cockpit's hover text) and how it is computed from
 * summed counters. Orders are counted in the cohort of their creation day (受理日期).
 */
import type { KpiKey, KpiValue } from '@portal/types';
import { STAFF_KEY } from './facts';

export type Sums = Record<string, number>;
/**
 * The sums a KPI can read: order rows, paid-bill rows (by payment day), bill rows (by period), and the
 * number of days they cover (per-day figures).
 */
export type KpiSums = { orders: Sums; payments: Sums; bills: Sums; days: number };

type Ratio = { value: number | null; numerator?: number; denominator?: number };

const g = (s: Sums, k: string) => s[k] ?? 0;
const ratio = (num: number, den: number): Ratio => ({
  value: den ? num / den : null,
  numerator: num,
  denominator: den,
});
const avgMinutes = (sumMs: number, count: number): Ratio => ({
  value: count ? Math.round((sumMs / count / 60_000) * 100) / 100 : null,
  numerator: Math.round((sumMs / 60_000) * 100) / 100,
  denominator: count,
});

export type KpiDef = Pick<KpiValue, 'key' | 'title' | 'unit' | 'formula' | 'better' | 'filters'> & {
  compute(s: KpiSums): Ratio;
  /** Drill-down lists orders or bills. */
  source: 'orders' | 'bills';
};

const ORDER_FILTERS: KpiValue['filters'] = ['period', 'district', 'team', 'type'];

export const KPI_DEFS: Record<KpiKey, KpiDef> = {
  orderCount: {
    key: 'orderCount',
    title: '工单量',
    unit: 'count',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '工单量 = 统计期内受理(新建)的工单数,按区域与日期统计',
    compute: (s) => ({ value: g(s.orders, 'orders') }),
  },
  avgResponseMinutes: {
    key: 'avgResponseMinutes',
    title: '平均响应时长',
    unit: 'minutes',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '平均响应时长(分钟)= Σ(首次人工处理时间 − 工单创建时间) ÷ 已有人工处理的工单数;系统自动动作不算响应',
    compute: (s) => avgMinutes(g(s.orders, 'responseMs'), g(s.orders, 'responded')),
  },
  avgHandlingMinutes: {
    key: 'avgHandlingMinutes',
    title: '平均处理时长',
    unit: 'minutes',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '平均处理时长(分钟)= Σ(工单关闭时间 − 工单创建时间) ÷ 已关闭工单数(不含取消、多次未遇关闭)',
    compute: (s) => avgMinutes(g(s.orders, 'handleMs'), g(s.orders, 'closed')),
  },
  satisfactionRate: {
    key: 'satisfactionRate',
    title: '客户满意度',
    unit: 'ratio',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '客户满意度 = (满意 + 非常满意)的回访数 ÷ 总回访数 × 100%;回访即客户评价,4 分为满意、5 分为非常满意(满分 5 分)',
    compute: (s) => ratio(g(s.orders, 'satisfied'), g(s.orders, 'rated')),
  },
  firstTimeFixRate: {
    key: 'firstTimeFixRate',
    title: '一次性问题解决率',
    unit: 'ratio',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '一次性问题解决率 = 一次上门或一次沟通即解决(未重开、无二次上门)的工单数 ÷ 已完成工单数 × 100%',
    compute: (s) => ratio(g(s.orders, 'firstFix'), g(s.orders, 'finished')),
  },
  onlineShare: {
    key: 'onlineShare',
    title: '线上业务办理率',
    unit: 'ratio',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '线上业务办理率 = 通过小程序、公众号(H5)办理的工单数与线上缴费笔数 ÷ 全部工单数与缴费笔数(含柜台、电话)× 100%;按工单类型或班组筛选时只计工单',
    compute: (s) =>
      ratio(
        g(s.orders, 'online') + g(s.payments, 'onlinePaid'),
        g(s.orders, 'orders') + g(s.payments, 'paid'),
      ),
  },
  inspectionCompletionRate: {
    key: 'inspectionCompletionRate',
    title: '安检任务完成率',
    unit: 'ratio',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '安检任务完成率 = 已完成的安检工单数 ÷ 计划安检工单数(不含已取消)× 100%;多次上门未遇关闭的不算完成',
    compute: (s) => ratio(g(s.orders, 'inspDone'), g(s.orders, 'inspPlanned')),
  },
  collectionRate: {
    key: 'collectionRate',
    title: '回收率',
    unit: 'ratio',
    better: 'higher',
    filters: ['period', 'district'],
    source: 'bills',
    formula: '回收率 = 统计期内各账期账单的已缴金额 ÷ 应收金额 × 100%(按账期、区域统计,不含已作废账单)',
    compute: (s) => ratio(g(s.bills, 'collectedFen'), g(s.bills, 'dueFen')),
  },
  slaBreachRate: {
    key: 'slaBreachRate',
    title: '超时率',
    unit: 'ratio',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '超时率 = 至少有一项时限(派单、接单、到场、完工等)超时的工单数 ÷ 设有时限的工单数 × 100%',
    compute: (s) => ratio(g(s.orders, 'slaBreached'), g(s.orders, 'slaTracked')),
  },
  complaintCount: {
    key: 'complaintCount',
    title: '投诉量',
    unit: 'count',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '投诉量 = 统计期内受理的投诉工单数;投诉热点按投诉类别排名',
    compute: (s) => ({ value: g(s.orders, 'complaints') }),
  },
  followUpCompletionRate: {
    key: 'followUpCompletionRate',
    title: '回访完成率',
    unit: 'ratio',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '回访完成率 = 已接通并完成评分的回访任务数 ÷ 应回访任务数(差评回访 + 按作业类型比例抽样的完工工单)× 100%;按工单受理日期统计',
    compute: (s) => ratio(g(s.orders, 'fuReached'), g(s.orders, 'fuTasks')),
  },
  followUpAvgScore: {
    key: 'followUpAvgScore',
    title: '回访平均得分',
    unit: 'score',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '回访平均得分 = Σ回访评分 ÷ 已评分的回访数(满分 5 分)',
    compute: (s) => {
      const n = g(s.orders, 'fuScored');
      return {
        value: n ? Math.round((g(s.orders, 'fuScoreSum') / n) * 100) / 100 : null,
        numerator: g(s.orders, 'fuScoreSum'),
        denominator: n,
      };
    },
  },
  staffDailyOrders: {
    key: 'staffDailyOrders',
    title: '人均日处理工单量',
    unit: 'count',
    better: 'higher',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula: '人均日处理工单量 = 统计期内受理、已完成且有处理人的工单数 ÷(有完成工单的处理人数 × 统计天数)',
    compute: (s) => {
      const den = staffCount(s.orders) * s.days;
      const num = g(s.orders, 'staffDone');
      return { value: den ? Math.round((num / den) * 100) / 100 : null, numerator: num, denominator: den };
    },
  },
  hazardCount: {
    key: 'hazardCount',
    title: '安检隐患数',
    unit: 'count',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '安检隐患数 = 统计期内受理的安检工单上发现的隐患数;未整改率 = 尚未整改的隐患 ÷ 隐患总数,按区域、客户类型、隐患类别与等级统计',
    compute: (s) => ({
      value: g(s.orders, 'hz'),
      numerator: g(s.orders, 'hzOpen'),
      denominator: g(s.orders, 'hz'),
    }),
  },
  installToGasMinutes: {
    key: 'installToGasMinutes',
    title: '报装到通气平均时长',
    unit: 'minutes',
    better: 'lower',
    filters: ORDER_FILTERS,
    source: 'orders',
    formula:
      '报装到通气平均时长(分钟)= Σ(报装工单首次完工通气时间 − 受理时间)÷ 已通气的报装工单数;各环节(受理、派单、接单、勘查、方案、施工、验收)分别统计停留时长',
    compute: (s) => avgMinutes(g(s.orders, 'instMs'), g(s.orders, 'inst')),
  },
};

/** Members of staff with at least one finished order in the sums. */
export const staffCount = (s: Sums) =>
  Object.entries(s).filter(([k, v]) => k.startsWith(STAFF_KEY) && v > 0).length;

export function addSums(into: Sums, n: Record<string, number>): Sums {
  for (const [k, v] of Object.entries(n)) into[k] = (into[k] ?? 0) + v;
  return into;
}
