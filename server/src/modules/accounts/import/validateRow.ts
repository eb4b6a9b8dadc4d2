/** One file row → an account document, or the problems (row, column, problem) that keep it out. */
import { createHash } from 'node:crypto';
import type { ImportProblem } from '@portal/types';
import { maskIdNumber } from '../../../platform/mask';
import { parseDateCell } from '../../../platform/spreadsheet';
import { CUSTOMER_TYPE_VALUES, STATUS_VALUES, UTILITY_VALUES, label, type Field } from './columns';

export type ImportedAccount = {
  accountNo: string;
  holder: { name: string; phone?: string; idNumberMasked?: string };
  address: { district: string; community: string; building: string; unit: string; room: string };
  areaCode: string;
  utility: 'gas' | 'water' | 'heating';
  customerType?: 'residential' | 'commercial' | 'public';
  status?: 'active' | 'suspended' | 'closed';
  meters: { meterNo: string; model?: string; installedAt?: Date }[];
  contract?: { no?: string; startAt?: Date; tariff?: string };
  tags?: string[];
  specialNeeds?: string;
};

const code = (s: string) => 'A' + createHash('sha1').update(s).digest('hex').slice(0, 5).toUpperCase();

/** A row that passed its checks: its areaCode is the file's, if the file gives one (importAccounts assigns the rest). */
export type ValidatedAccount = Omit<ImportedAccount, 'areaCode'> & { areaCode?: string };

/** The stable areaCode of a community that has none yet (not in the file, nor on a stored account). */
export function deriveAreaCode(district: string, community: string): string {
  return `${code(district)}-${code(community)}`;
}

const LIMITS: Partial<Record<Field, number>> = {
  holderName: 50,
  district: 30,
  community: 50,
  building: 20,
  unit: 20,
  room: 20,
  meterModel: 40,
  contractNo: 40,
  tariff: 40,
  specialNeeds: 200,
  tags: 200,
};

export function validateRow(
  row: number,
  cells: string[],
  headers: string[],
  fields: (Field | undefined)[],
): { account?: ValidatedAccount; problems: ImportProblem[] } {
  const v: Partial<Record<Field, string>> = {};
  fields.forEach((f, i) => {
    if (f && cells[i] !== undefined && cells[i] !== '') v[f] = cells[i]!.trim();
  });
  const problems: ImportProblem[] = [];
  const bad = (f: Field, problem: string) =>
    problems.push({ row, column: label(f, headers, fields), problem });

  for (const [f, max] of Object.entries(LIMITS) as [Field, number][]) {
    if (v[f] && v[f]!.length > max) bad(f, `超过${max}个字符`);
  }
  if (!v.accountNo) bad('accountNo', '必填');
  else if (!/^[0-9A-Za-z]{6,20}$/.test(v.accountNo)) bad('accountNo', '户号应为6-20位字母或数字');
  if (!v.holderName) bad('holderName', '必填');
  if (!v.district) bad('district', '必填');
  if (!v.community) bad('community', '必填');
  const utility = v.utility ? UTILITY_VALUES[v.utility.toLowerCase()] : undefined;
  if (!v.utility) bad('utility', '必填');
  else if (!utility) bad('utility', `无法识别"${v.utility}"(燃气/水/供热)`);
  const customerType = v.customerType ? CUSTOMER_TYPE_VALUES[v.customerType.toLowerCase()] : undefined;
  if (v.customerType && !customerType) bad('customerType', `无法识别"${v.customerType}"(居民/商业/公建)`);
  const status = v.status ? STATUS_VALUES[v.status.toLowerCase()] : undefined;
  if (v.status && !status) bad('status', `无法识别"${v.status}"(正常/停用/销户)`);
  const phone = v.phone?.replace(/[\s-]/g, '');
  if (phone && !/^\+?\d{6,15}$/.test(phone)) bad('phone', '电话号码格式不正确');
  if (v.idNumber && !/^[0-9]{6,17}[0-9Xx]$|^\d{3}\*+\d{4}$/.test(v.idNumber))
    bad('idNumber', '证件号码格式不正确');
  if (v.areaCode && !/^[A-Za-z0-9-]{1,40}$/.test(v.areaCode)) bad('areaCode', '片区编码应为字母、数字或 -');
  const installedAt = v.installedAt ? parseDateCell(v.installedAt) : undefined;
  if (v.installedAt && !installedAt) bad('installedAt', '日期格式不正确(如 2020-01-31)');
  const contractStart = v.contractStart ? parseDateCell(v.contractStart) : undefined;
  if (v.contractStart && !contractStart) bad('contractStart', '日期格式不正确(如 2020-01-31)');
  const meterNos = (v.meterNo ?? '').split(/[,,、;;\s]+/).filter(Boolean);
  if (meterNos.some((m) => !/^[0-9A-Za-z-]{1,40}$/.test(m))) bad('meterNo', '表号应为字母、数字或 -');
  if (problems.length) return { problems };

  const district = v.district!;
  const community = v.community!;
  const account: ValidatedAccount = {
    accountNo: v.accountNo!,
    holder: {
      name: v.holderName!,
      ...(phone ? { phone } : {}),
      ...(v.idNumber
        ? { idNumberMasked: v.idNumber.includes('*') ? v.idNumber : maskIdNumber(v.idNumber) }
        : {}),
    },
    address: { district, community, building: v.building ?? '', unit: v.unit ?? '', room: v.room ?? '' },
    ...(v.areaCode ? { areaCode: v.areaCode } : {}),
    utility: utility!,
    meters: meterNos.map((meterNo) => ({
      meterNo,
      ...(v.meterModel ? { model: v.meterModel } : {}),
      ...(installedAt ? { installedAt } : {}),
    })),
  };
  if (customerType) account.customerType = customerType;
  if (status) account.status = status;
  if (v.contractNo || contractStart || v.tariff) {
    account.contract = {
      ...(v.contractNo ? { no: v.contractNo } : {}),
      ...(contractStart ? { startAt: contractStart } : {}),
      ...(v.tariff ? { tariff: v.tariff } : {}),
    };
  }
  if (v.tags)
    account.tags = v.tags
      .split(/[,,、;;]+/)
      .map((t) => t.trim())
      .filter(Boolean);
  if (v.specialNeeds) account.specialNeeds = v.specialNeeds;
  return { account, problems };
}
