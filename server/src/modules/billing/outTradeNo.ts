import { randomBytes } from 'node:crypto';
import { formatShanghai } from '../../platform/time';

/** P + yyyyMMddHHmmss (Shanghai) + 10 random chars: 25 chars, unique, sortable by time. */
export function newOutTradeNo(now: Date, prefix = 'P'): string {
  const rand = randomBytes(8)
    .toString('base64url')
    .replace(/[-_]/g, '')
    .toUpperCase()
    .padEnd(10, '0')
    .slice(0, 10);
  return `${prefix}${formatShanghai(now, 'YYYYMMDDHHmmss')}${rand}`;
}
