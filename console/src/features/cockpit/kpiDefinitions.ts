/**
 * How the cockpit shows a KPI. The server computes every value and owns the formula text (getKpis →
 * KpiValue.formula, server/src/modules/kpi/formulas.ts); the console only formats the value by its unit
 * and adds this period's numerator ÷ denominator to the hover text.
 */
import { KpiKey as KpiKeySchema, type KpiKey, type KpiValue } from '@portal/types';
import { formatMinutes, formatPercent } from '../../shared/format';

/** The cards' order: the contract's own (KpiKey). */
export const KPI_ORDER: readonly KpiKey[] = KpiKeySchema.options;

const count = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('zh-CN');
const plain = (v: number | undefined) =>
  v === undefined ? '—' : Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toFixed(1);

export function formatKpi(unit: KpiValue['unit'], v: number | null | undefined): string {
  if (unit === 'ratio') return formatPercent(v);
  if (unit === 'minutes') return formatMinutes(v);
  if (unit === 'score') return v === null || v === undefined ? '—' : `${v.toFixed(2)} 分`;
  return count(v);
}

/** The hover text: the server's formula, then this period's actual numbers when it gives them. */
export function kpiTooltip(
  k: Pick<KpiValue, 'formula' | 'unit' | 'value' | 'numerator' | 'denominator'>,
): string {
  const lines = [k.formula];
  if (k.numerator !== undefined && k.denominator !== undefined) {
    if (k.denominator === 0) lines.push('本期无可计算的样本');
    else lines.push(`本期:${plain(k.numerator)} ÷ ${plain(k.denominator)} = ${formatKpi(k.unit, k.value)}`);
  }
  return lines.join('\n');
}
