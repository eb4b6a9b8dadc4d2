import type { HolidayDay } from '@portal/types';
import { outsideYear, withSpan } from './holidayDays';

describe('editing a year’s holidays on the screen', () => {
  it('adds every day of a span, across a month end, sorted by date', () => {
    const days = withSpan([], '2027-01-30', '2027-02-02', 'holiday', '春节');
    expect(days.map((d) => d.date)).toEqual(['2027-01-30', '2027-01-31', '2027-02-01', '2027-02-02']);
    expect(days.every((d) => d.kind === 'holiday' && d.name === '春节')).toBe(true);
  });

  it('replaces a day already listed instead of listing it twice', () => {
    const before: HolidayDay[] = [
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ];
    const after = withSpan(before, '2027-02-06', '2027-02-06', 'workday', '春节调休');
    expect(after).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节调休' },
    ]);
  });

  it('finds the days typed outside the year being edited', () => {
    const days = withSpan([], '2026-12-31', '2027-01-01', 'holiday', '元旦');
    expect(outsideYear(days, 2027).map((d) => d.date)).toEqual(['2026-12-31']);
  });
});
