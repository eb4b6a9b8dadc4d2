import { formatDateTime, formatDuration, formatFen, formatMinutes, formatPercent } from './format';
import { slaState } from './sla';

describe('formatFen', () => {
  it('shows fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(12345)).toBe('¥123.45');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
  });
  it('keeps the sign of refunds and can drop the symbol for exports', () => {
    expect(formatFen(-1050)).toBe('-¥10.50');
    expect(formatFen(1050, { symbol: false })).toBe('10.50');
  });
  it('shows a dash for a missing amount', () => {
    expect(formatFen(undefined)).toBe('—');
    expect(formatFen(null)).toBe('—');
  });
  it('never shows float noise', () => {
    expect(formatFen(10 + 20)).toBe('¥0.30');
  });
});

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(45_000)).toBe('45秒');
    expect(formatDuration(12 * 60_000)).toBe('12分');
    expect(formatDuration(3 * 3600_000 + 5 * 60_000)).toBe('3小时5分');
    expect(formatDuration(2 * 86400_000 + 3 * 3600_000 + 7 * 60_000)).toBe('2天3小时');
    expect(formatDuration(86400_000 + 9 * 60_000)).toBe('1天9分');
  });
  it('formats minutes as KPIs report them', () => {
    expect(formatMinutes(90)).toBe('1小时30分');
    expect(formatMinutes(undefined)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('shows UTC instants in Shanghai time', () => {
    expect(formatDateTime('2026-11-24T16:30:00.000Z')).toBe('2026-11-25 00:30');
  });
  it('shows a dash for missing or invalid values', () => {
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows ratios as percentages', () => {
    expect(formatPercent(0.9234)).toBe('92.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('SLA countdown', () => {
  const now = Date.parse('2026-11-24T08:00:00.000Z');
  it('counts down to the deadline and warns in the last half hour', () => {
    expect(slaState('2026-11-24T10:00:00.000Z', now)).toMatchObject({ tone: 'ok', text: '剩余 2小时' });
    expect(slaState('2026-11-24T08:20:00.000Z', now)).toMatchObject({ tone: 'warning', text: '剩余 20分' });
  });
  it('flags a breach with how long ago', () => {
    expect(slaState('2026-11-24T06:30:00.000Z', now)).toMatchObject({
      tone: 'breached',
      text: '已超时 1小时30分',
    });
  });
  it('judges a closed order by when it closed', () => {
    expect(slaState('2026-11-24T06:00:00.000Z', now, '2026-11-24T05:00:00.000Z').tone).toBe('ok');
    expect(slaState('2026-11-24T06:00:00.000Z', now, '2026-11-24T07:00:00.000Z')).toMatchObject({
      tone: 'breached',
      text: '超时 1小时 完成',
    });
  });
  it('says there is no deadline when none is set', () => {
    expect(slaState(undefined, now).tone).toBe('none');
  });
});
