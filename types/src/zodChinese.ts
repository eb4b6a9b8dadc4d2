/**
 * Zod's default messages in plain Chinese, for every schema that does not give its own: residents see
 * them (through the server's validation errors), so no English and no schema jargon (no regexes, no
 * enum codes, no key names). The field's name in words is added where the message is shown
 * (server/src/platform/http/fieldLabels.ts), so these say only what is wrong.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const typeWords: Record<string, string> = {
  number: '应为数字',
  int: '应为整数',
  bigint: '应为整数',
  string: '应为文字',
  boolean: '应为“是”或“否”',
  array: '应为多项内容',
  date: '应为日期',
};

function sizeUnit(origin: unknown): string {
  if (origin === 'string') return '个字';
  if (origin === 'array' || origin === 'set') return '项';
  if (origin === 'file') return '字节';
  return '';
}

export function chineseIssueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '不能为空';
      return typeWords[issue.expected as string] ?? '格式不正确';
    case 'invalid_value':
      return '不是可选的值';
    case 'too_big': {
      const max = String(issue.maximum);
      const unit = sizeUnit(issue.origin);
      if (unit) return `不能超过 ${max} ${unit}`;
      if (issue.origin === 'date') return '日期太晚';
      return issue.inclusive ? `不能大于 ${max}` : `应小于 ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      const unit = sizeUnit(issue.origin);
      if (unit)
        return Number(issue.minimum) <= 1 && issue.origin === 'string' ? '不能为空' : `至少 ${min} ${unit}`;
      if (issue.origin === 'date') return '日期太早';
      return issue.inclusive ? `不能小于 ${min}` : `应大于 ${min}`;
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'email':
          return '邮箱格式不正确';
        case 'url':
          return '网址格式不正确';
        case 'datetime':
          return '时间格式不正确';
        case 'date':
          return '日期格式不正确';
        case 'time':
          return '时刻格式不正确';
        default:
          return '格式不正确';
      }
    case 'not_multiple_of':
      return Number(issue.divisor) === 1 ? '应为整数' : `应为 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return '包含无法识别的内容';
    default:
      return '格式不正确';
  }
}
