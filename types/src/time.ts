/**
 * Time as residents and staff read it: Asia/Shanghai. The one time module for the server, the console and
 * the mini-program. Plain functions with no zod import, so web bundles import this file directly
 * (`@portal/types/src/time`); the server reaches it through `server/src/platform/time.ts`.
 *
 * China has kept UTC+8 without daylight saving since 1991, so Shanghai wall-clock time is the UTC instant
 * plus eight hours: day and month boundaries are plain arithmetic, and formatting needs no Intl time-zone
 * data (which some WeChat runtimes lack). Nothing here sets a process-wide default: every function says
 * which clock it reads, and none reads the real clock (callers pass `now`).
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MIN = 8 * 60;
const OFFSET_MS = OFFSET_MIN * 60_000;
export const DAY_MS = 24 * 3600_000;

/** A Shanghai calendar day, 'YYYY-MM-DD'. */
export type Day = string;
/** A Shanghai calendar month, 'YYYY-MM' (billing periods are months). */
export type Month = string;
/** A Date, epoch milliseconds or an ISO 8601 instant (as the API sends them). */
export type Instant = Date | number | string;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, '0');

export const epochMs = (at: Instant): number =>
  at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
export const isValidInstant = (at: Instant | null | undefined): at is Instant =>
  at !== null && at !== undefined && at !== '' && Number.isFinite(epochMs(at));
/** A real calendar day 'YYYY-MM-DD' (not 2027-02-30). */
export function isDay(s: string): s is Day {
  const t = DAY_RE.test(s) ? Date.parse(`${s}T00:00:00.000Z`) : NaN;
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(s);
}
export const isMonth = (s: string): s is Month =>
  MONTH_RE.test(s) && Number(s.slice(5)) >= 1 && Number(s.slice(5)) <= 12;

/** The instant on Shanghai's wall clock, as a dayjs (for formatting and for month/day arithmetic). */
export const shanghai = (at: Instant): Dayjs => dayjs(epochMs(at)).utcOffset(OFFSET_MIN);

/** '2026-11-24T08:00:00Z' → '2026-11-24 16:00' (any dayjs pattern); '' for a missing or invalid instant. */
export function formatShanghai(at: Instant | null | undefined, pattern = 'YYYY-MM-DD HH:mm'): string {
  return isValidInstant(at) ? shanghai(at).format(pattern) : '';
}

/** RFC 3339 with the +08:00 offset (WeChat Pay's time_expire): '2026-11-24T16:00:00+08:00'. */
export const rfc3339 = (at: Instant): string => shanghai(at).format('YYYY-MM-DDTHH:mm:ssZ');

/** The Shanghai day an instant falls on. */
export const dayOf = (at: Instant): Day => new Date(epochMs(at) + OFFSET_MS).toISOString().slice(0, 10);

/** The Shanghai month an instant (or a day) falls in. */
export const monthOf = (at: Instant | Day): Month =>
  typeof at === 'string' && DAY_RE.test(at) ? at.slice(0, 7) : dayOf(at).slice(0, 7);

/** The Shanghai year an instant falls in. */
export const yearOf = (at: Instant): number => Number(dayOf(at).slice(0, 4));

/** Minutes since Shanghai midnight (0–1439). */
export const minuteOfDay = (at: Instant): number =>
  Math.floor(((((epochMs(at) + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);

/** Day of the week of a Shanghai day, 0 = Sunday. */
export const weekdayOf = (day: Day): number => new Date(`${day}T00:00:00.000Z`).getUTCDay();

/** The instant Shanghai's `day` begins (local midnight). */
export const dayStart = (day: Day): Date => new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS);

/** The last millisecond of Shanghai's `day` (due dates end then). */
export const dayEnd = (day: Day): Date => new Date(dayStart(day).getTime() + DAY_MS - 1);

/** The instant a Shanghai wall clock shows `hhmm` ('09:00'; '24:00' is the next midnight) on `day`. */
export const atShanghai = (day: Day, hhmm: string): Date =>
  new Date(dayStart(day).getTime() + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000);

/** The start of the Shanghai day an instant falls on. */
export const startOfDay = (at: Instant): Date => dayStart(dayOf(at));

/** The end of the Shanghai day an instant falls on. */
export const endOfDay = (at: Instant): Date => dayEnd(dayOf(at));

export const addDays = (day: Day, n: number): Day =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function addMonths(month: Month, n: number): Month {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${pad((total % 12) + 1)}`;
}

/** The instant a Shanghai month begins. */
export const monthStart = (month: Month): Date => dayStart(`${month}-01`);

/** The last millisecond of a Shanghai month. */
export const monthEnd = (month: Month): Date => new Date(monthStart(addMonths(month, 1)).getTime() - 1);

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Every month from that of `from` to that of `to` (days or months), both included. */
export function monthsBetween(from: Day | Month, to: Day | Month): Month[] {
  const out: Month[] = [];
  const end = to.slice(0, 7);
  for (let m = from.slice(0, 7); m <= end; m = addMonths(m, 1)) out.push(m);
  return out;
}

const WALL_CLOCK_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A Shanghai wall-clock time without an offset ('2026-11-24 16:00', '2026-11-24T16:00:00') or an ISO instant
 * with one, as an instant. A bare wall-clock time is Shanghai's, never the reading process's time zone.
 */
export const parseInstant = (input: string): Date =>
  new Date(WALL_CLOCK_RE.test(input) ? `${input.replace(' ', 'T')}+08:00` : input);

/** A query's 'YYYY-MM-DD', wall-clock time or ISO instant, read as a Shanghai day. */
export const toDay = (input: string): Day => (DAY_RE.test(input) ? input : dayOf(parseInstant(input)));
