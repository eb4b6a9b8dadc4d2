/**
 * The cockpit's KPIs: name, how to show the value, and the formula staff see on hover. The server
 * computes every value (getKpis); these texts only explain it, and they must say the same thing as
 * the server's formulas.
 */
import { formatMinutes, formatPercent } from '../../shared/format';

export type KpiKey =
  | 'orderCount'
  | 'avgResponseMinutes'
  | 'avgHandlingMinutes'
  | 'satisfactionRate'
  | 'firstTimeFixRate'
  | 'onlineShare'
  | 'inspectionCompletionRate'
  | 'collectionRate'
  | 'slaBreachRate';

export type KpiValue = { value: number | null; numerator?: number; denominator?: number };

export type KpiDefinition = {
  key: KpiKey;
  title: string;
  formula: string;
  /** Which way is good (for colouring change). */
  better: 'higher' | 'lower';
  format: (v: number | null | undefined) => string;
  /** What list a click opens: orders or accounts, with the filter that selects them. */
  drill: { list: 'orders' | 'accounts'; query: Record<string, string | boolean> };
};

const count = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('zh-CN'));

export const KPI_DEFINITIONS: readonly KpiDefinition[] = [
  {
    key: 'orderCount',
    title: '工单量',
    formula: '工单量 = 统计期内新建的工单数',
    better: 'lower',
    format: count,
    drill: { list: 'orders', query: {} },
  },
  {
    key: 'avgResponseMinutes',
    title: '平均响应时长',
    formula: '平均响应时长 = Σ(首次人工处理时间 − 创建时间) ÷ 已响应工单数',
    better: 'lower',
    format: formatMinutes,
    drill: { list: 'orders', query: { responded: true } },
  },
  {
    key: 'avgHandlingMinutes',
    title: '平均处理时长',
    formula: '平均处理时长 = Σ(关闭时间 − 创建时间) ÷ 已关闭工单数',
    better: 'lower',
    format: formatMinutes,
    drill: { list: 'orders', query: { status: 'closed' } },
  },
  {
    key: 'satisfactionRate',
    title: '满意率',
    formula: '满意率 = (满意 + 非常满意)回访数 ÷ 回访数',
    better: 'higher',
    format: formatPercent,
    drill: { list: 'orders', query: { rated: true } },
  },
  {
    key: 'firstTimeFixRate',
    title: '一次修复率',
    formula: '一次修复率 = 一次上门即解决的维修工单数 ÷ 已完成维修工单数',
    better: 'higher',
    format: formatPercent,
    drill: { list: 'orders', query: { type: 'repair', status: 'completed' } },
  },
  {
    key: 'onlineShare',
    title: '线上业务占比',
    formula: '线上业务占比 = 小程序/公众号(H5)办理的工单与缴费笔数 ÷ 全部工单与缴费笔数(含柜台、电话)',
    better: 'higher',
    format: formatPercent,
    drill: { list: 'orders', query: { channel: 'online' } },
  },
  {
    key: 'inspectionCompletionRate',
    title: '安检完成率',
    formula: '安检完成率 = 已完成安检户数 ÷ 计划应检户数',
    better: 'higher',
    format: formatPercent,
    drill: { list: 'orders', query: { type: 'inspection' } },
  },
  {
    key: 'collectionRate',
    title: '回收率',
    formula: '回收率 = 统计期账单实收金额 ÷ 统计期账单应收金额',
    better: 'higher',
    format: formatPercent,
    drill: { list: 'accounts', query: { inArrears: true } },
  },
  {
    key: 'slaBreachRate',
    title: '超时率',
    formula: '超时率 = 超过时限才完成或仍未完成的已到期工单数 ÷ 已到期工单数',
    better: 'lower',
    format: formatPercent,
    drill: { list: 'orders', query: { breached: true } },
  },
];

export const kpiDefinition = (key: string): KpiDefinition | undefined => KPI_DEFINITIONS.find((d) => d.key === key);

/** The hover text: the formula, then this period's actual numbers when the server gives them. */
export function kpiTooltip(def: KpiDefinition, v: KpiValue | undefined): string {
  const lines = [def.formula];
  if (v && v.numerator !== undefined && v.denominator !== undefined) {
    lines.push(`本期:${v.numerator.toLocaleString('zh-CN')} ÷ ${v.denominator.toLocaleString('zh-CN')} = ${def.format(v.value)}`);
  }
  if (v && v.denominator === 0) lines.push('本期无可计算的样本');
  return lines.join('\n');
}

/** getKpis may answer a KPI as a bare number or as {value, numerator, denominator}. */
export function readKpi(raw: unknown): KpiValue | undefined {
  if (typeof raw === 'number') return { value: raw };
  if (raw === null) return { value: null };
  if (typeof raw === 'object' && raw !== null && 'value' in raw) return raw as KpiValue;
  return undefined;
}
