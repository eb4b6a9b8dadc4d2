/**
 * Shanghai calendar days for the rollup. Asia/Shanghai has no DST, so a local day is UTC+8
 * arithmetic (the same rule as workorders/calendar.ts); strings are 'YYYY-MM-DD'.
 */
const OFFSET = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

/** Local (Shanghai) day of an instant. */
export const dayOf = (d: Date | number): string => new Date(+d + OFFSET).toISOString().slice(0, 10);

/** UTC instant of local midnight starting `day`. */
export const dayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00.000Z`) - OFFSET);

export const addDays = (day: string, n: number): string => dayOf(dayStart(day).getTime() + n * DAY_MS);

export const monthOf = (day: string): string => day.slice(0, 7);

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Every month 'YYYY-MM' from the month of `from` to that of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const end = to.slice(0, 7);
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > end) break;
    out.push(p);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** A query's 'YYYY-MM-DD' or ISO instant, read as a Shanghai day. */
export function toDay(input: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(input) ? input : dayOf(new Date(input.replace(' ', 'T')));
}

/** 'YYYY-MM' of the month after the one `day` (or month) is in. */
export function nextMonth(dayOrMonth: string): string {
  const [y, m] = dayOrMonth.slice(0, 7).split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
