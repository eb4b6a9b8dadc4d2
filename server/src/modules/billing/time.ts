/** Periods and due dates are Asia/Shanghai calendar months; storage is UTC. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.tz.setDefault('Asia/Shanghai');

export const TZ = 'Asia/Shanghai';
export { dayjs };

/** 'YYYY-MM' of a moment, in Shanghai time. */
export const periodOf = (d: Date): string => dayjs(d).tz(TZ).format('YYYY-MM');

/** The period `n` months before `period`. */
export const shiftPeriod = (period: string, n: number): string =>
  dayjs.tz(`${period}-01 12:00`, TZ).add(n, 'month').format('YYYY-MM');

/** 2026-11-24 23:59:59 Shanghai of the day `days` after `from`. */
export const endOfDayAfter = (from: Date, days: number): Date => dayjs(from).tz(TZ).add(days, 'day').endOf('day').toDate();

export const formatShanghai = (d: Date, fmt = 'YYYY年M月D日 HH:mm'): string => dayjs(d).tz(TZ).format(fmt);
