/**
 * Bill import columns (Chinese or English headers) and one file row → a bill, or the problems
 * (row, column, problem) that keep it out. Whether the 户号 exists is checked when the batch is written.
 */
import type { ImportProblem } from '@portal/types';
import { addMonths, endOfDay, isValidInstant, monthEnd, monthOf, type Month } from '../../../platform/time';
import { parseDateCell } from '../../../platform/spreadsheet';

/** Line-item columns: each present, non-empty cell becomes one item of that kind. */
const ITEM_COLUMNS = {
  gasCharge: { kind: 'usage', name: '燃气费', headers: ['燃气费', '气费', 'gascharge', 'gasfee'] },
  waterCharge: { kind: 'usage', name: '水费', headers: ['水费', 'watercharge', 'waterfee'] },
  heatingCharge: {
    kind: 'usage',
    name: '供热费',
    headers: ['供热费', '热费', '采暖费', 'heatingcharge', 'heatingfee'],
  },
  insurance: {
    kind: 'insurance',
    name: '保险费',
    headers: ['保险费', '燃气保险费', 'insurance', 'insurancefee'],
  },
  commissioning: {
    kind: 'commissioning',
    name: '调试费',
    headers: ['调试费', 'commissioning', 'commissioningfee'],
  },
  materials: { kind: 'materials', name: '材料费', headers: ['材料费', 'materials', 'materialsfee'] },
  lateFee: { kind: 'lateFee', name: '滞纳金', headers: ['滞纳金', '违约金', 'latefee'] },
  otherCharge: { kind: 'other', name: '其他费用', headers: ['其他费用', '其他', 'othercharge', 'other'] },
} as const;
type ItemField = keyof typeof ITEM_COLUMNS;

export const BILL_COLUMNS = {
  accountNo: ['户号', '用户号', '客户编号', '用户编号', 'accountno', 'account'],
  period: ['账期', '账单月份', '月份', '计费月份', 'period', 'month'],
  usage: ['用量', '用气量', '用水量', '用热量', 'usage', 'quantity'],
  amount: ['金额', '应缴金额', '应收金额', '账单金额', '合计', 'amount', 'amountdue', 'total'],
  dueDate: ['到期日', '缴费截止日', '截止日期', '最后缴费日', 'duedate'],
  status: ['状态', '缴费状态', '账单状态', 'status'],
  ...Object.fromEntries(Object.entries(ITEM_COLUMNS).map(([f, c]) => [f, c.headers])),
} as unknown as Record<
  'accountNo' | 'period' | 'usage' | 'amount' | 'dueDate' | 'status' | ItemField,
  readonly string[]
>;

export type BillField = keyof typeof BILL_COLUMNS;
const REQUIRED: BillField[] = ['accountNo', 'period', 'amount'];

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-()()【】[\]*]|元/g, '');
const LOOKUP = new Map<string, BillField>(
  (Object.entries(BILL_COLUMNS) as [BillField, readonly string[]][]).flatMap(([f, names]) =>
    names.map((n) => [norm(n), f] as [string, BillField]),
  ),
);

export function mapBillHeaders(headers: string[]): {
  fields: (BillField | undefined)[];
  missing: BillField[];
} {
  const fields = headers.map((h) => LOOKUP.get(norm(h)));
  return { fields, missing: REQUIRED.filter((f) => !fields.includes(f)) };
}

export const billLabel = (f: BillField, headers: string[], fields: (BillField | undefined)[]) =>
  headers[fields.indexOf(f)] ?? BILL_COLUMNS[f][0]!;

const STATUS: Record<string, 'unpaid' | 'paid'> = {
  未缴: 'unpaid',
  未缴费: 'unpaid',
  欠费: 'unpaid',
  unpaid: 'unpaid',
  已缴: 'paid',
  已缴费: 'paid',
  paid: 'paid',
};

export type ImportedBill = {
  accountNo: string;
  period: string;
  usage?: number;
  amountDue: number;
  items: { kind: string; name: string; amountFen: number; quantity?: number }[];
  dueDate: Date;
  status: 'unpaid' | 'paid';
};

/** 元 (up to 2 decimals, optional ¥ and thousands separators) → integer fen, without float arithmetic. */
export function yuanToFen(s: string): number | 'negative' | 'decimals' | 'malformed' {
  const t = s
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '')
    .trim();
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return 'malformed';
  if (m[3] && m[3].length > 2) return 'decimals';
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return 'malformed';
  if (m[1] && fen !== 0) return 'negative';
  return fen;
}

/** 2026-10, 2026/10, 2026年10月, 202610, or a date cell (its month). */
export function parsePeriod(s: string): string | undefined {
  let m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(s);
  if (m) {
    const month = Number(m[2] ?? m[3]);
    return month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, '0')}` : undefined;
  }
  m = /^\d{4}-\d{2}-\d{2}T/.exec(s);
  if (m) return isValidInstant(s) ? monthOf(s) : undefined;
  return undefined;
}

/** Without a due-date cell, a bill is due at the end (Asia/Shanghai) of the month after its period. */
const defaultDue = (period: Month) => monthEnd(addMonths(period, 1));

const MONEY_PROBLEM = {
  negative: '金额不能为负',
  decimals: '金额最多两位小数(元)',
  malformed: '金额格式不正确',
} as const;

export function validateBillRow(
  row: number,
  cells: string[],
  headers: string[],
  fields: (BillField | undefined)[],
): { bill?: ImportedBill; problems: ImportProblem[] } {
  const v: Partial<Record<BillField, string>> = {};
  fields.forEach((f, i) => {
    if (f && cells[i] !== undefined && cells[i] !== '') v[f] = cells[i]!.trim();
  });
  const problems: ImportProblem[] = [];
  const bad = (f: BillField, problem: string) =>
    problems.push({ row, column: billLabel(f, headers, fields), problem });
  const money = (f: BillField): number | undefined => {
    const r = yuanToFen(v[f]!);
    if (typeof r === 'number') return r;
    bad(f, MONEY_PROBLEM[r]);
    return undefined;
  };

  if (!v.accountNo) bad('accountNo', '必填');
  else if (!/^[0-9A-Za-z]{6,20}$/.test(v.accountNo)) bad('accountNo', '户号应为6-20位字母或数字');
  const period = v.period ? parsePeriod(v.period) : undefined;
  if (!v.period) bad('period', '必填');
  else if (!period) bad('period', '账期格式应为 YYYY-MM');
  const amountDue = v.amount ? money('amount') : undefined;
  if (!v.amount) bad('amount', '必填');
  let usage: number | undefined;
  if (v.usage) {
    usage = /^\d+(\.\d{1,3})?$/.test(v.usage) ? Number(v.usage) : undefined;
    if (usage === undefined) bad('usage', '用量应为非负数(最多三位小数)');
  }
  const items: ImportedBill['items'] = [];
  for (const [f, c] of Object.entries(ITEM_COLUMNS) as [ItemField, (typeof ITEM_COLUMNS)[ItemField]][]) {
    if (!v[f]) continue;
    const fen = money(f);
    if (fen !== undefined)
      items.push({
        kind: c.kind,
        name: c.name,
        amountFen: fen,
        ...(c.kind === 'usage' && usage !== undefined ? { quantity: usage } : {}),
      });
  }
  const due = v.dueDate ? parseDateCell(v.dueDate) : undefined;
  if (v.dueDate && !due) bad('dueDate', '日期格式不正确(如 2026-11-25)');
  const status = v.status ? STATUS[v.status.toLowerCase()] : 'unpaid';
  if (!status) bad('status', `无法识别"${v.status}"(未缴/已缴)`);
  if (problems.length) return { problems };

  if (items.length && items.reduce((s, i) => s + i.amountFen, 0) !== amountDue) {
    bad('amount', '金额与各费用项之和不一致');
    return { problems };
  }
  return {
    problems,
    bill: {
      accountNo: v.accountNo!,
      period: period!,
      ...(usage !== undefined ? { usage } : {}),
      amountDue: amountDue!,
      items,
      dueDate: due ? endOfDay(due) : defaultDue(period!),
      status: status!,
    },
  };
}
