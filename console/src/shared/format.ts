/**
 * The console's one place for turning stored values into what staff read: 元, durations, Shanghai time
 * (through the shared time module, `@portal/types/src/time`).
 */
import dayjs, { type Dayjs } from 'dayjs';
import { dayEnd, dayOf, dayStart, formatShanghai, type Instant } from '@portal/types/src/time';
import { fenToYuan, formatFen as formatYuan } from '@portal/types/src/money';

export { TIME_ZONE } from '@portal/types/src/time';

/** 12345 fen → "¥123.45" (the shared formatter); nothing or a non-number shows as a dash. */
export function formatFen(amountFen: number | null | undefined, { symbol = true } = {}): string {
  if (amountFen === null || amountFen === undefined || !Number.isFinite(amountFen)) return '—';
  return formatYuan(Math.round(amountFen), { symbol });
}

/** 12345 fen → "123.45" for spreadsheets: plain digits, no sign, no separators. */
export const fenForExport = (amountFen: number): string =>
  fenToYuan(Math.round(amountFen), { grouping: false });

/** Milliseconds → "2天3小时", "3小时5分", "12分", "45秒"; the two largest units are enough to act on. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}天`);
  if (hours) parts.push(`${hours}小时`);
  if (minutes && parts.length < 2) parts.push(`${minutes}分`);
  if (parts.length === 0) parts.push(`${seconds}秒`);
  return parts.slice(0, 2).join('');
}

/** Minutes (as KPIs report response/handling times) → the same wording. */
export const formatMinutes = (minutes: number | null | undefined): string =>
  minutes === null || minutes === undefined ? '—' : formatDuration(minutes * 60_000);

/** An ISO instant shown in Shanghai time; '—' when there is none. */
export function formatDateTime(iso: string | Date | null | undefined, pattern = 'YYYY-MM-DD HH:mm'): string {
  return formatShanghai(iso, pattern) || '—';
}

export const formatDate = (iso: string | Date | null | undefined): string =>
  formatDateTime(iso, 'YYYY-MM-DD');

/** 0.9234 → "92.3%"; KPIs arrive as ratios. */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/**
 * Date pickers show the browser's local days; these map them to and from Shanghai days, so a range picked
 * on a laptop set to another time zone still means Shanghai days.
 */
export const pickerDay = (at: Instant): Dayjs => dayjs(dayOf(at));
export const pickerDayStart = (d: Dayjs): string => dayStart(d.format('YYYY-MM-DD')).toISOString();
export const pickerDayEnd = (d: Dayjs): string => dayEnd(d.format('YYYY-MM-DD')).toISOString();

export { dayjs };
