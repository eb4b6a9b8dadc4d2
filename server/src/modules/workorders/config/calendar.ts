/**
 * Business time: how much of an interval falls inside a calendar's working periods, and when a budget
 * of working time runs out. Asia/Shanghai has no DST, so local days are UTC+8 arithmetic.
 * '24x7' counts every millisecond.
 */
import type { BusinessCalendar } from '@portal/types';

const OFFSET = 8 * 3600_000;
const DAY = 24 * 3600_000;
/** Far enough for any SLA; stops a calendar without working hours from looping forever. */
const MAX_DAYS = 3 * 366;

export type Calendar = Pick<BusinessCalendar, 'key' | 'week' | 'holidays' | 'workdays'>;
export const ALWAYS: Calendar = { key: '24x7', week: [], holidays: [], workdays: [] };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Local (Shanghai) date string of an instant. */
export function localDate(t: number): string {
  return new Date(t + OFFSET).toISOString().slice(0, 10);
}

/** Working periods of the local day starting at dayStart (UTC ms of local midnight). */
function periods(cal: Calendar, dayStart: number): [number, number][] {
  const date = localDate(dayStart);
  if (cal.holidays.includes(date)) return [];
  const dow = new Date(dayStart + OFFSET).getUTCDay();
  const shifts = cal.workdays.includes(date) ? cal.week[1] ?? [] : cal.week[dow] ?? [];
  return shifts.map((s) => [dayStart + minutes(s.start) * 60_000, dayStart + minutes(s.end) * 60_000]);
}

const localMidnight = (t: number) => Math.floor((t + OFFSET) / DAY) * DAY - OFFSET;

/** The instant when `ms` of working time, counted from `start`, has passed. */
export function addWorkingTime(cal: Calendar, start: Date, ms: number): Date {
  if (cal.key === '24x7') return new Date(start.getTime() + ms);
  let left = ms;
  const t0 = start.getTime();
  let day = localMidnight(t0);
  for (let i = 0; i < MAX_DAYS; i++, day += DAY) {
    for (const [ps, pe] of periods(cal, day)) {
      if (pe <= t0) continue;
      const s = Math.max(ps, t0);
      if (left <= pe - s) return new Date(s + left);
      left -= pe - s;
    }
  }
  return new Date(t0 + MAX_DAYS * DAY);
}

/** Working time between two instants. */
export function workingTimeBetween(cal: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (cal.key === '24x7') return b - a;
  let sum = 0;
  for (let day = localMidnight(a), i = 0; day < b && i < MAX_DAYS; day += DAY, i++) {
    for (const [ps, pe] of periods(cal, day)) sum += Math.max(0, Math.min(pe, b) - Math.max(ps, a));
  }
  return sum;
}
