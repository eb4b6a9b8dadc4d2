/**
 * The server's one time module: Asia/Shanghai days, months and formatting (shared with both apps through
 * `@portal/types/src/time`), daily service windows, and business time on a working calendar (how much of
 * an interval is working time, and when a budget of working time runs out).
 *
 * The clock itself is `deps.clock`: nothing here reads the real time.
 */
import {
  addDays,
  atShanghai,
  dayOf,
  DAY_MS,
  dayStart,
  minuteOfDay,
  weekdayOf,
  type Day,
} from '@portal/types/src/time';

export * from '@portal/types/src/time';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether an instant falls in a daily Shanghai window "HH:mm-HH:mm" (chat service hours). "00:00-24:00"
 * is always; a window whose end is before its start runs over midnight ("20:00-08:00"); equal ends are never.
 */
export function isWithinDailyWindow(window: string, at: Date): boolean {
  const [from, to] = window.split('-').map(minutes);
  const now = minuteOfDay(at);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

export type WorkingPeriod = { start: string; end: string };

/**
 * A working calendar: the working periods of each weekday (0 = Sunday; several for split shifts), the
 * public holidays that are days off, and the make-up working days (调休) that are worked on Monday's hours.
 * Holidays and make-up days are data entered per year (the holidays feature); a year without them is
 * simply the working week. '24x7' counts every millisecond.
 */
export type Calendar = {
  key: string;
  week: WorkingPeriod[][];
  holidays: readonly Day[] | ReadonlySet<Day>;
  workdays: readonly Day[] | ReadonlySet<Day>;
};

export const ALWAYS: Calendar = { key: '24x7', week: [], holidays: [], workdays: [] };

/** Far enough for any SLA; stops a calendar without working hours from looping forever. */
const MAX_DAYS = 3 * 366;

const has = (days: readonly Day[] | ReadonlySet<Day>, day: Day) =>
  'has' in days ? days.has(day) : days.includes(day);

/** Whether `day` has working hours on the calendar. */
export const isWorkingDay = (cal: Calendar, day: Day): boolean =>
  cal.key === '24x7' || workingPeriods(cal, day).length > 0;

/** The working periods of a Shanghai day, as [start, end) epoch milliseconds. */
export function workingPeriods(cal: Calendar, day: Day): [number, number][] {
  if (has(cal.holidays, day)) return [];
  const shifts = has(cal.workdays, day) ? (cal.week[1] ?? []) : (cal.week[weekdayOf(day)] ?? []);
  return shifts.map((s) => [atShanghai(day, s.start).getTime(), atShanghai(day, s.end).getTime()]);
}

/** The instant when `ms` of working time, counted from `start`, has passed. */
export function addWorkingTime(cal: Calendar, start: Date, ms: number): Date {
  const t0 = start.getTime();
  if (cal.key === '24x7') return new Date(t0 + ms);
  let left = ms;
  let day = dayOf(t0);
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    for (const [ps, pe] of workingPeriods(cal, day)) {
      if (pe <= t0) continue;
      const s = Math.max(ps, t0);
      if (left <= pe - s) return new Date(s + left);
      left -= pe - s;
    }
  }
  return new Date(t0 + MAX_DAYS * DAY_MS);
}

/** Working time between two instants. */
export function workingTimeBetween(cal: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (cal.key === '24x7') return b - a;
  let sum = 0;
  for (let day = dayOf(a), i = 0; dayStart(day).getTime() < b && i < MAX_DAYS; day = addDays(day, 1), i++) {
    for (const [ps, pe] of workingPeriods(cal, day)) sum += Math.max(0, Math.min(pe, b) - Math.max(ps, a));
  }
  return sum;
}
