/** Editing a year's holiday list on the screen: adding a span of days, replacing a day, keeping them sorted. */
import type { HolidayDay } from '@portal/types';
import { addDays } from '@portal/types/src/time';

export const KIND_LABELS: Record<HolidayDay['kind'], string> = { holiday: '放假', workday: '调休上班' };

/** Every day from `from` to `to` (both included) as `kind` named `name`, replacing those days already listed. */
export function withSpan(
  days: readonly HolidayDay[],
  from: string,
  to: string,
  kind: HolidayDay['kind'],
  name: string,
): HolidayDay[] {
  const added: HolidayDay[] = [];
  for (let d = from; d <= to && added.length < 60; d = addDays(d, 1)) added.push({ date: d, kind, name });
  const taken = new Set(added.map((d) => d.date));
  return [...days.filter((d) => !taken.has(d.date)), ...added].sort((a, b) => a.date.localeCompare(b.date));
}

/** Days outside the year being edited (a span typed across New Year): the server refuses them, so say so first. */
export const outsideYear = (days: readonly HolidayDay[], year: number): HolidayDay[] =>
  days.filter((d) => !d.date.startsWith(`${year}-`));
