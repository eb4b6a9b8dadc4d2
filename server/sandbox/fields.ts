/**
 * Subscribe-message field rules, keyed by the field name's type prefix (`thing1`, `amount2`,
 * `time3`, `character_string4`...), as WeChat checks them before answering 47003.
 */
const cjk = /^[\u3400-\u9fff\uf900-\ufaff]+$/;
const dateLike =
  /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$/;
const timeLike = /^(\d{1,2}:\d{2}(:\d{2})?)$/;

const chars = (s: string) => Array.from(s).length;

function dateOrTime(v: string, allowTimeOnly: boolean): boolean {
  return v.split('~').every((part) => {
    const p = part.trim();
    return dateLike.test(p) || (allowTimeOnly && timeLike.test(p));
  });
}

export type FieldRule =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'phrase'
  | 'name'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'date'
  | 'time';

/** Rule per type: returns true when the value is acceptable. */
const RULES: Record<FieldRule, (v: string) => boolean> = {
  thing: (v) => chars(v) <= 20,
  number: (v) => chars(v) <= 32 && /^[-+]?\d+(\.\d+)?$/.test(v),
  letter: (v) => chars(v) <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => chars(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  character_string: (v) => chars(v) <= 32 && /^[\x21-\x7e]+$/.test(v),
  phrase: (v) => chars(v) <= 5 && cjk.test(v),
  name: (v) => (cjk.test(v) ? chars(v) <= 10 : chars(v) <= 20 && /^[A-Za-z .·]+$/.test(v)),
  amount: (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => chars(v) <= 17 && /^[+\d\- ()]+$/.test(v),
  car_number: (v) => chars(v) <= 8,
  date: (v) => dateOrTime(v, false),
  time: (v) => dateOrTime(v, true),
};

export const fieldType = (key: string): FieldRule | undefined => {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  return m && m[1] in RULES ? (m[1] as FieldRule) : undefined;
};

/** The first problem with a message's data, or undefined when WeChat would accept it. */
export function checkFields(
  templateKeys: readonly string[],
  data: unknown,
): { key: string; problem: string } | undefined {
  if (typeof data !== 'object' || data === null) return { key: '(data)', problem: 'data must be an object' };
  const entries = data as Record<string, unknown>;
  for (const key of templateKeys) {
    if (!(key in entries)) return { key, problem: 'missing' };
  }
  for (const [key, item] of Object.entries(entries)) {
    if (!templateKeys.includes(key)) return { key, problem: 'not in template' };
    const value = (item as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value.length === 0)
      return { key, problem: 'value must be a non-empty string' };
    const type = fieldType(key);
    if (!type) return { key, problem: 'unknown field type' };
    if (!RULES[type](value)) return { key, problem: `invalid ${type}` };
  }
  return undefined;
}
