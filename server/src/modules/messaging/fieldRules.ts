/**
 * WeChat's subscribe/template field rules (per keyword type; WeChat answers 47003 when broken), applied by formatting and
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
  return formatShanghai(
    v instanceof Date || typeof v === 'number' ? v : String(v ?? ''),
    withTime ? 'YYYY年M月D日 HH:mm' : 'YYYY年M月D日',
  );
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
  phrase: (v) =>
    chars(String(v ?? ''))
      .filter((c) => CJK.test(c))
      .slice(0, 5)
      .join(''),
  amount: formatAmount,
  character_string: (v) =>
    String(v ?? '')
      .replace(/[^\x21-\x7e]/g, '')
      .slice(0, 32),
  number: (v) => (String(v ?? '').match(/[-+]?\d+(\.\d+)?/)?.[0] ?? '0').slice(0, 32),
  letter: (v) =>
    String(v ?? '')
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 32),
  symbol: (v) =>
    chars(String(v ?? '').replace(/[\p{L}\p{N}\s]/gu, ''))
      .slice(0, 5)
      .join(''),
  name: (v) => {
    const s = String(v ?? '').trim();
    if (CJK.test(s))
      return chars(s)
        .filter((c) => CJK.test(c))
        .slice(0, 10)
        .join('');
    return s
      .replace(/[^A-Za-z .·]/g, '')
      .slice(0, 20)
      .trim();
  },
  phone_number: (v) =>
    String(v ?? '')
      .replace(/[^+\d\- ()]/g, '')
      .slice(0, 17),
  car_number: (v) =>
    chars(String(v ?? '').replace(/\s/g, ''))
      .slice(0, 8)
      .join(''),
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

const CJK_ONLY = /^[\u3400-\u9fff\uf900-\ufaff]+$/u;
const DATE_PART =
  /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$/;
const TIME_PART = /^\d{1,2}:\d{2}(:\d{2})?$/;
const dateOrTime = (v: string, timeOnly: boolean) =>
  v.split('~').every((p) => DATE_PART.test(p.trim()) || (timeOnly && TIME_PART.test(p.trim())));

/** WeChat's rule per keyword type (47003 when broken): what the portal checks a mapping against before saving it. */
const STRICT: Record<string, { rule: string; ok: (v: string) => boolean }> = {
  thing: { rule: '不超过20个字', ok: (v) => chars(v).length <= 20 },
  number: { rule: '不超过32位数字', ok: (v) => chars(v).length <= 32 && /^[-+]?\d+(\.\d+)?$/.test(v) },
  letter: { rule: '不超过32个字母', ok: (v) => chars(v).length <= 32 && /^[A-Za-z]+$/.test(v) },
  symbol: { rule: '不超过5个符号', ok: (v) => chars(v).length <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v) },
  character_string: {
    rule: '不超过32个字母、数字或符号',
    ok: (v) => chars(v).length <= 32 && /^[\x21-\x7e]+$/.test(v),
  },
  phrase: { rule: '不超过5个汉字', ok: (v) => chars(v).length <= 5 && CJK_ONLY.test(v) },
  name: {
    rule: '不超过10个汉字或20个字母',
    ok: (v) => (CJK_ONLY.test(v) ? chars(v).length <= 10 : chars(v).length <= 20 && /^[A-Za-z .·]+$/.test(v)),
  },
  amount: { rule: '金额,如 128.50元', ok: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v) },
  phone_number: { rule: '不超过17位电话号码', ok: (v) => chars(v).length <= 17 && /^[+\d\- ()]+$/.test(v) },
  car_number: { rule: '不超过8位车牌号', ok: (v) => chars(v).length <= 8 },
  date: { rule: '日期,如 2026年11月24日', ok: (v) => dateOrTime(v, false) },
  time: { rule: '时间,如 2026年11月24日 15:01', ok: (v) => dateOrTime(v, true) },
};

/** Why WeChat would refuse this value for this keyword (47003), or undefined when it would take it. */
export function checkField(key: string, value: string): string | undefined {
  const type = fieldType(key);
  if (!type) return `${key} 不是微信的关键词类型`;
  if (!value) return `${key} 不能为空`;
  return STRICT[type].ok(value) ? undefined : `${key} 须为${STRICT[type].rule}`;
}
