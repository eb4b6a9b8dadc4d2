/** The one time module: Shanghai days, months and formatting, whatever the time zone of the process. */
import {
  addDays,
  addMonths,
  atShanghai,
  dayEnd,
  dayOf,
  dayStart,
  daysBetween,
  formatShanghai,
  isDay,
  isWithinDailyWindow,
  minuteOfDay,
  monthEnd,
  monthOf,
  monthsBetween,
  parseInstant,
  rfc3339,
  toDay,
  weekdayOf,
  yearOf,
} from '../../src/platform/time';

// 2026-12-31T16:30Z is half past midnight on New Year's Day in Shanghai, still New Year's Eve in UTC.
const NEW_YEAR_NIGHT = new Date('2026-12-31T16:30:00.000Z');

describe('Shanghai days and months', () => {
  it('puts an instant on the Shanghai day, month and year, not the UTC one', () => {
    expect(dayOf(NEW_YEAR_NIGHT)).toBe('2027-01-01');
    expect(monthOf(NEW_YEAR_NIGHT)).toBe('2027-01');
    expect(yearOf(NEW_YEAR_NIGHT)).toBe(2027);
    expect(minuteOfDay(NEW_YEAR_NIGHT)).toBe(30);
    expect(weekdayOf('2027-01-01')).toBe(5); // a Friday
    expect(formatShanghai(NEW_YEAR_NIGHT)).toBe('2027-01-01 00:30');
    expect(formatShanghai('2026-11-24T07:01:00.000Z', 'YYYY年M月D日 HH:mm')).toBe('2026年11月24日 15:01');
    expect(rfc3339(NEW_YEAR_NIGHT)).toBe('2027-01-01T00:30:00+08:00');
    expect(formatShanghai(undefined)).toBe('');
    expect(formatShanghai('not a date')).toBe('');
  });

  it('begins and ends days and months at Shanghai midnight', () => {
    expect(dayStart('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(dayEnd('2026-12-31').toISOString()).toBe('2026-12-31T15:59:59.999Z');
    expect(atShanghai('2026-12-31', '22:30').toISOString()).toBe('2026-12-31T14:30:00.000Z');
    expect(atShanghai('2026-12-31', '24:00')).toEqual(dayStart('2027-01-01'));
    expect(monthEnd('2026-12').toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });

  it('counts days and months across a year boundary and a leap day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -13)).toBe('2025-12');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('reads a wall-clock time without an offset as Shanghai time', () => {
    expect(parseInstant('2026-12-31 22:30').toISOString()).toBe('2026-12-31T14:30:00.000Z');
    expect(parseInstant('2026-12-31T22:30:00Z').toISOString()).toBe('2026-12-31T22:30:00.000Z');
    expect(toDay('2027-01-01 00:10')).toBe('2027-01-01');
    expect(toDay('2026-12-31T16:10:00.000Z')).toBe('2027-01-01');
  });

  it('knows a real day from a malformed one', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2027-13-01')).toBe(false);
    expect(isDay('2027-1-1')).toBe(false);
  });
});

describe('daily windows (chat service hours)', () => {
  const at = (hhmm: string) => atShanghai('2026-12-31', hhmm);
  it('is open inside the window and closed outside it, in Shanghai time', () => {
    expect(isWithinDailyWindow('08:00-20:00', at('08:00'))).toBe(true);
    expect(isWithinDailyWindow('08:00-20:00', at('19:59'))).toBe(true);
    expect(isWithinDailyWindow('08:00-20:00', at('20:00'))).toBe(false);
    expect(isWithinDailyWindow('08:00-20:00', at('22:30'))).toBe(false);
  });
  it('is always open for 00:00-24:00, runs over midnight when the end is earlier, and never opens for an empty window', () => {
    for (const hhmm of ['00:00', '12:00', '23:59'])
      expect(isWithinDailyWindow('00:00-24:00', at(hhmm))).toBe(true);
    expect(isWithinDailyWindow('20:00-08:00', at('23:30'))).toBe(true);
    expect(isWithinDailyWindow('20:00-08:00', at('07:59'))).toBe(true);
    expect(isWithinDailyWindow('20:00-08:00', at('12:00'))).toBe(false);
    expect(isWithinDailyWindow('09:00-09:00', at('09:00'))).toBe(false);
  });
});
