import { KPI_ORDER, formatKpi, kpiTooltip } from './kpiDefinitions';

describe('KPI cards', () => {
  it('shows the server formula and this period’s numbers on hover', () => {
    expect(
      kpiTooltip({
        formula: '回收率 = 已缴金额 ÷ 应收金额',
        unit: 'ratio',
        value: 0.8,
        numerator: 8000,
        denominator: 10000,
      }),
    ).toBe('回收率 = 已缴金额 ÷ 应收金额\n本期:8,000 ÷ 10,000 = 80.0%');
  });

  it('says when there was nothing to compute', () => {
    expect(kpiTooltip({ formula: 'f', unit: 'ratio', value: null, numerator: 0, denominator: 0 })).toBe(
      'f\n本期无可计算的样本',
    );
  });

  it('formats each unit', () => {
    expect(formatKpi('ratio', 0.5)).toBe('50.0%');
    expect(formatKpi('count', 1234)).toBe('1,234');
    expect(formatKpi('ratio', null)).toBe('—');
    expect(formatKpi('minutes', 90)).not.toBe('—');
    expect(formatKpi('score', 4.5)).toBe('4.50 分');
  });

  it('lists every KPI once', () => {
    expect(new Set(KPI_ORDER).size).toBe(15);
  });
});
