/** The one date helper: the server speaks UTC ISO strings; residents read Asia/Shanghai time. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const TIME_ZONE = 'Asia/Shanghai';

const local = (iso: string | Date) => dayjs(iso).tz(TIME_ZONE);

/** '2026-11-24T08:00:00Z' → '2026-11-24 16:00' */
export const formatDateTime = (iso: string | Date) => local(iso).format('YYYY-MM-DD HH:mm');

/** '2026-11-24T08:00:00Z' → '2026-11-24' */
export const formatDate = (iso: string | Date) => local(iso).format('YYYY-MM-DD');

/** '2026-11-24T08:00:00Z' → '11月24日 16:00' (compact, for timelines and slots) */
export const formatShortDateTime = (iso: string | Date) => local(iso).format('M月D日 HH:mm');

/** Billing period 'YYYY-MM' → '2026年10月' */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}

/** An appointment window on one day: '11月25日 09:00~12:00' (WeChat's range style). */
export function formatTimeRange(startIso: string, endIso: string): string {
  const start = local(startIso);
  const end = local(endIso);
  return start.isSame(end, 'day')
    ? `${start.format('M月D日 HH:mm')}~${end.format('HH:mm')}`
    : `${start.format('M月D日 HH:mm')}~${end.format('M月D日 HH:mm')}`;
}

/** True when the due date (a UTC instant) has passed. */
export const isPast = (iso: string, now: Date = new Date()) => dayjs(iso).isBefore(now);

/** Shanghai calendar date (YYYY-MM-DD) `days` from now: the range listSlots takes. */
export const localDay = (days = 0, now: Date = new Date()) => local(now).add(days, 'day').format('YYYY-MM-DD');
