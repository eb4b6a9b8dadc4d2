import { KPI_DEFINITIONS, kpiDefinition, kpiTooltip, readKpi } from './kpiDefinitions';

describe('KPI formula tooltips', () => {
  it('explains satisfaction as (满意+非常满意) over 回访数', () => {
    const def = kpiDefinition('satisfactionRate')!;
    expect(kpiTooltip(def, undefined)).toBe('满意率 = (满意 + 非常满意)回访数 ÷ 回访数');
  });

  it('adds this period’s actual numbers when the server gives them', () => {
    const def = kpiDefinition('collectionRate')!;
    expect(kpiTooltip(def, { value: 0.8, numerator: 8000, denominator: 10000 })).toBe(
      '回收率 = 统计期账单实收金额 ÷ 统计期账单应收金额\n本期:8,000 ÷ 10,000 = 80.0%',
    );
  });

  it('says when there was nothing to compute', () => {
    const def = kpiDefinition('firstTimeFixRate')!;
    expect(kpiTooltip(def, { value: null, numerator: 0, denominator: 0 })).toContain('本期无可计算的样本');
  });

  it('explains response and handling times from creation', () => {
    expect(kpiDefinition('avgResponseMinutes')!.formula).toContain('首次人工处理时间 − 创建时间');
    expect(kpiDefinition('avgHandlingMinutes')!.formula).toContain('关闭时间 − 创建时间');
  });

  it('has one definition per KPI, each with a formula and a drill-down', () => {
    const keys = KPI_DEFINITIONS.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of KPI_DEFINITIONS) {
      expect(d.formula.startsWith(d.title)).toBe(true);
      expect(['orders', 'accounts']).toContain(d.drill.list);
    }
  });

  it('reads a KPI given as a number or as {value, numerator, denominator}', () => {
    expect(readKpi(0.5)).toEqual({ value: 0.5 });
    expect(readKpi({ value: 3, numerator: 3, denominator: 1 })).toEqual({ value: 3, numerator: 3, denominator: 1 });
    expect(readKpi(undefined)).toBeUndefined();
  });
});
