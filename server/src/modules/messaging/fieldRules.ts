/**
 * WeChat's subscribe/template field rules (WECHAT.md; 47003 when broken), applied by formatting and
 * truncating instead of letting WeChat reject the message. The rule is chosen by the field key's type
 * prefix, as WeChat does: `thing3` is a thing, `character_string1` a character_string.
 */
import { formatShanghai } from '../../platform/time';
import { fenToYuan } from '@portal/types/src/money';

export type FieldValue = string | number | Date | null | undefined;

const chars = (s: string) => Array.from(s);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Cuts to `max` characters (not UTF-16 units), ending in '…' when something was cut. */
export function truncate(s: string, max: number): string {
  const c = chars(s.trim());
  return c.length <= max ? c.join('') : c.slice(0, max - 1).join('') + '…';
}

/** `2026年11月24日 15:01` in Asia/Shanghai, from a Date, epoch ms or an ISO string. */
export function formatDateTime(v: FieldValue, withTime = true): string {
  return formatShanghai(v instanceof Date || typeof v === 'number' ? v : String(v ?? ''), withTime ? 'YYYY年M月D日 HH:mm' : 'YYYY年M月D日');
}

/** A start~end range; the end drops its date when it is the same day. */
export function formatRange(start: FieldValue, end: FieldValue): string {
  const a = formatDateTime(start);
  const b = formatDateTime(end);
  if (!a) return b;
  if (!b) return a;
  return `${a}~${b}`;
}

/** Integer fen → `12.34元` (≤ 10 integer digits, WeChat's amount rule). */
export function formatAmount(v: FieldValue): string {
  if (typeof v === 'number' && Number.isFinite(v)) {
    const fen = Math.max(0, Math.round(v));
    return `${fenToYuan(fen, { grouping: false })}元`.replace(/^(\d{10})\d+/, '$1');
  }
  const m = /(\d{1,10})(\.\d{1,2})?/.exec(String(v ?? ''));
  return m ? `${m[1]}${m[2] ?? ''}元` : '0.00元';
}

const RULES: Record<string, (v: FieldValue) => string> = {
  thing: (v) => truncate(String(v ?? ''), 20),
  // Only Chinese characters, at most 5 (已完成, 处理中, 计划停气).
  phrase: (v) => chars(String(v ?? '')).filter((c) => CJK.test(c)).slice(0, 5).join(''),
  amount: formatAmount,
  character_string: (v) => String(v ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, 32),
  number: (v) => (String(v ?? '').match(/[-+]?\d+(\.\d+)?/)?.[0] ?? '0').slice(0, 32),
  letter: (v) => String(v ?? '').replace(/[^A-Za-z]/g, '').slice(0, 32),
  symbol: (v) => chars(String(v ?? '').replace(/[\p{L}\p{N}\s]/gu, '')).slice(0, 5).join(''),
  name: (v) => {
    const s = String(v ?? '').trim();
    if (CJK.test(s)) return chars(s).filter((c) => CJK.test(c)).slice(0, 10).join('');
    return s.replace(/[^A-Za-z .·]/g, '').slice(0, 20).trim();
  },
  phone_number: (v) => String(v ?? '').replace(/[^+\d\- ()]/g, '').slice(0, 17),
  car_number: (v) => chars(String(v ?? '').replace(/\s/g, '')).slice(0, 8).join(''),
  // Already-formatted dates (and ranges) pass; anything else is parsed as a point in time.
  date: (v) => (typeof v === 'string' && /年.*日/.test(v) ? v : formatDateTime(v, false)),
  time: (v) => (typeof v === 'string' && /年.*日/.test(v) ? v : formatDateTime(v)),
};

/** Placeholder WeChat accepts for a type when the source value is empty (every field is required). */
const EMPTY: Record<string, string> = {
  thing: '无',
  phrase: '无',
  amount: '0.00元',
  character_string: '-',
  number: '0',
  letter: 'NA',
  symbol: '-',
  name: '无',
  phone_number: '-',
  car_number: '无',
  date: '',
  time: '',
};

export function fieldType(key: string): string | undefined {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  return m && RULES[m[1]] ? m[1] : undefined;
}

/** One field's value, formatted to its type's rule. */
export function formatField(key: string, value: FieldValue): string {
  const type = fieldType(key);
  if (!type) throw new Error(`unknown WeChat field type in ${key}`);
  const out = RULES[type](value);
  return out || EMPTY[type] || formatDateTime(new Date());
}

/** A whole `data` object as WeChat wants it: `{ thing1: { value } }`. */
export function formatData(fields: Record<string, FieldValue>): Record<string, { value: string }> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: formatField(k, v) }]));
}
