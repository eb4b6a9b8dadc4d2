/**
 * Schedules the State Council has published, shipped with this release so that a fresh install has them.
 * A year entered in the console (or imported) replaces its published schedule; later years are entered
 * there as each notice comes out (usually in November for the next year).
 */
import type { HolidayDay } from '@portal/types';

const days = (kind: HolidayDay['kind'], name: string, dates: string[]): HolidayDay[] =>
  dates.map((date) => ({ date, kind, name }));

export const PUBLISHED_HOLIDAYS: Record<number, HolidayDay[]> = {
  2026: [
    ...days('holiday', '元旦', ['2026-01-01', '2026-01-02', '2026-01-03']),
    ...days('holiday', '春节', [
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]),
    ...days('workday', '春节调休', ['2026-02-14', '2026-02-28']),
    ...days('holiday', '清明节', ['2026-04-04', '2026-04-05', '2026-04-06']),
    ...days('holiday', '劳动节', ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']),
    ...days('holiday', '端午节', ['2026-06-19', '2026-06-20', '2026-06-21']),
    ...days('holiday', '中秋节', ['2026-09-25', '2026-09-26', '2026-09-27']),
    ...days('holiday', '国庆节', [
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]),
    ...days('workday', '国庆调休', ['2026-10-10']),
  ],
};
