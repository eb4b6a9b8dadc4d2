/**
 * Dates as residents read them: the server speaks UTC ISO strings; pages show Asia/Shanghai time through
 * the shared time module (`@portal/types/src/time`), in the formats the resident pages use.
 */
import { addDays, dayOf, epochMs, formatShanghai, type Instant } from '@portal/types/src/time';

export { TIME_ZONE } from '@portal/types/src/time';

/** '2026-11-24T08:00:00Z' → '2026-11-24 16:00' */
export const formatDateTime = (iso: Instant) => formatShanghai(iso, 'YYYY-MM-DD HH:mm');

/** '2026-11-24T08:00:00Z' → '2026-11-24' */
export const formatDate = (iso: Instant) => formatShanghai(iso, 'YYYY-MM-DD');

/** '2026-11-24T08:00:00Z' → '11月24日 16:00' (compact, for timelines and slots) */
export const formatShortDateTime = (iso: Instant) => formatShanghai(iso, 'M月D日 HH:mm');

/** Billing period 'YYYY-MM' → '2026年10月' */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** An appointment window on one day: '11月25日 09:00~12:00' (WeChat's range style). */
export function formatTimeRange(startIso: string, endIso: string): string {
  const sameDay = dayOf(startIso) === dayOf(endIso);
  return `${formatShortDateTime(startIso)}~${formatShanghai(endIso, sameDay ? 'HH:mm' : 'M月D日 HH:mm')}`;
}

/** True when the due date (a UTC instant) has passed. */
export const isPast = (iso: string, now: Date = new Date()) => epochMs(iso) < now.getTime();

/** Shanghai calendar date (YYYY-MM-DD) `days` from now: the range listSlots takes. */
export const localDay = (days = 0, now: Date = new Date()) => addDays(dayOf(now), days);
