/**
 * How an event's data fills a WeChat template's keywords. WeChat names each keyword of a template the
 * utility picked by its type and number (`character_string1`, `amount3`, `time4`...), so the portal
 * keeps, per event and channel, a mapping keyword → data field (or fixed text), set by staff in the
 * console and checked here before it is saved:
 * - every keyword of the template (as WeChat lists it) is filled, and nothing else;
 * - each field goes only to keyword types that can show its kind (an amount to `amount`, `number` or
 *   `thing`; a time range only to `time`...), so the value can never break the type's rule; long free
 *   text is cut to a `thing`'s 20 characters when sent;
 * - a fixed text must itself meet the keyword type's rule (a `phrase` is at most 5 Chinese characters).
 */
import type { EventDataField, KeywordMapping, KeywordRule, KeywordSource } from '@portal/types';
import {
  checkField,
  fieldType,
  formatAmount,
  formatDateTime,
  formatField,
  type FieldValue,
} from './fieldRules';

export type Data = Record<string, string | number>;
export type FieldKind = EventDataField['kind'];

/** A data field an event carries (or derives), as staff pick it in the console. */
export type DataField = {
  key: string;
  label: string;
  kind: FieldKind;
  /** What a sample message shows (the console's examples, the check of the mapping). */
  sample: string | number;
  /** Used when the event's data lacks the field. */
  fallback?: string | (() => FieldValue);
  /** A field made from others (a start~end window). */
  compute?: (d: Data) => FieldValue;
};

/** Keyword types that can show each kind of field without breaking WeChat's rule. */
export const KIND_RULES: Record<FieldKind, KeywordRule[]> = {
  code: ['character_string', 'thing'],
  amountFen: ['amount', 'number', 'thing'],
  datetime: ['time', 'date', 'thing'],
  date: ['date', 'time', 'thing'],
  timeRange: ['time'],
  text: ['thing'],
  status: ['phrase', 'thing'],
  name: ['name', 'thing'],
  phone: ['phone_number', 'character_string', 'thing'],
};

/** A field's value as the keyword type writes it (then cut to the type's rule by formatField). */
function present(kind: FieldKind, rule: string, v: FieldValue): FieldValue {
  if (kind === 'amountFen') {
    if (rule === 'amount') return v;
    if (rule === 'number') return typeof v === 'number' ? (v / 100).toFixed(2) : v;
    return formatAmount(v);
  }
  if ((kind === 'datetime' || kind === 'date') && rule === 'thing')
    return formatDateTime(v, kind === 'datetime');
  return v;
}

function fieldValue(f: DataField, data: Data): FieldValue {
  const raw = f.compute ? f.compute(data) : data[f.key];
  if (raw !== undefined && raw !== null && raw !== '') return raw;
  return typeof f.fallback === 'function' ? f.fallback() : f.fallback;
}

/** The `data` of a send: every keyword of the mapping, its value formatted to the keyword's rule. */
export function renderMapping(
  fields: DataField[],
  mapping: KeywordMapping,
  data: Data,
): Record<string, { value: string }> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return Object.fromEntries(
    Object.entries(mapping).map(([keyword, source]) => {
      if ('text' in source) return [keyword, { value: source.text }];
      const f = byKey.get(source.field);
      const value = f ? present(f.kind, fieldType(keyword) ?? '', fieldValue(f, data)) : undefined;
      return [keyword, { value: formatField(keyword, value) }];
    }),
  );
}

/** The sample each field shows. */
export const sampleData = (fields: DataField[]): Data =>
  Object.fromEntries(fields.map((f) => [f.key, f.sample]));

export type MappingProblem = { path: string; message: string };

/**
 * What is wrong with a mapping for a template with these keywords (WeChat's list), or [] when WeChat
 * would take every message sent with it. `path` names the keyword (body.<channel>.mapping.<keyword>).
 */
export function checkMapping(
  fields: DataField[],
  keywords: string[],
  mapping: KeywordMapping,
  pathPrefix: string,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const at = (keyword: string) => `${pathPrefix}.${keyword}`;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const keyword of keywords) {
    if (!(keyword in mapping))
      problems.push({ path: at(keyword), message: `模板关键词 ${keyword} 未设置内容` });
  }
  for (const [keyword, source] of Object.entries(mapping) as Array<[string, KeywordSource]>) {
    if (!keywords.includes(keyword)) {
      problems.push({ path: at(keyword), message: `模板中没有关键词 ${keyword}` });
      continue;
    }
    const rule = fieldType(keyword);
    if (!rule) {
      problems.push({ path: at(keyword), message: `${keyword} 不是微信的关键词类型` });
      continue;
    }
    if ('text' in source) {
      const bad = checkField(keyword, source.text);
      if (bad) problems.push({ path: at(keyword), message: `固定文字不符合微信规则:${bad}` });
      continue;
    }
    const f = byKey.get(source.field);
    if (!f) {
      problems.push({ path: at(keyword), message: `该事件没有字段 ${source.field}` });
      continue;
    }
    if (!KIND_RULES[f.kind].includes(rule as KeywordRule)) {
      problems.push({
        path: at(keyword),
        message: `“${f.label}”不能填入 ${rule} 类型的关键词(可用:${KIND_RULES[f.kind].join('、')})`,
      });
      continue;
    }
    const bad = checkField(
      keyword,
      renderMapping(fields, { [keyword]: source }, sampleData(fields))[keyword].value,
    );
    if (bad) problems.push({ path: at(keyword), message: `“${f.label}”不符合微信规则:${bad}` });
  }
  return problems;
}

/** The fields as the console shows them: kind, the keyword types that can take them, an example. */
export function describeFields(fields: DataField[]): EventDataField[] {
  const sample = sampleData(fields);
  return fields.map((f) => {
    const rule = KIND_RULES[f.kind][0];
    return {
      key: f.key,
      label: f.label,
      kind: f.kind,
      rules: KIND_RULES[f.kind],
      example: formatField(`${rule}1`, present(f.kind, rule, fieldValue(f, sample))),
    };
  });
}
