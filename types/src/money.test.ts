import { fenToYuan, formatFen, sumFen } from './money';

describe('amounts shown from integer fen', () => {
  it('shows yuan with two decimals and a currency sign', () => {
    expect(formatFen(12345)).toBe('¥123.45');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100)).toBe('¥1.00');
  });

  it('groups thousands for large bills and keeps the sign of refunds', () => {
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(-2050)).toBe('-¥20.50');
    expect(fenToYuan(-1)).toBe('-0.01');
  });

  it('writes plain digits without a sign where a system wants them (WeChat fields, CSV)', () => {
    expect(fenToYuan(123456789, { grouping: false })).toBe('1234567.89');
    expect(formatFen(123456, { symbol: false })).toBe('1,234.56');
  });

  it('refuses fractional fen instead of rounding money silently', () => {
    expect(() => formatFen(12.5)).toThrow(TypeError);
  });

  it('adds bills exactly (no float drift)', () => {
    expect(sumFen([10, 20, 30])).toBe(60);
    expect(formatFen(sumFen([1999, 1]))).toBe('¥20.00');
  });
});
