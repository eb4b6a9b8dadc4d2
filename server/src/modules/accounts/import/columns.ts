/**
 * Column names accepted in import files, Chinese or English, and how each cell becomes a field value.
 * Headers are matched after lower-casing and dropping spaces, underscores and brackets.
 */
export const COLUMNS = {
  accountNo: ['户号', '用户号', '客户编号', '用户编号', 'accountno', 'account'],
  holderName: ['户主', '户主姓名', '姓名', '用户名称', '客户名称', 'holdername', 'holder', 'name'],
  phone: ['电话', '联系电话', '手机', '手机号', '手机号码', 'phone', 'mobile'],
  idNumber: ['身份证号', '身份证', '证件号码', 'idnumber'],
  district: ['区', '区县', '行政区', '所属区', 'district'],
  community: ['小区', '社区', '小区名称', 'community'],
  building: ['楼栋', '楼号', '栋', '楼', 'building'],
  unit: ['单元', 'unit'],
  room: ['房号', '门牌号', '室', '房间号', 'room'],
  areaCode: ['片区编码', '区域编码', '片区', 'areacode'],
  utility: ['类型', '业务类型', '用能类型', '能源类型', 'utility'],
  customerType: ['用户类型', '客户类型', 'customertype'],
  meterNo: ['表号', '表具编号', '表编号', 'meterno', 'meter'],
  meterModel: ['表型号', '表具型号', '表型', 'metermodel'],
  installedAt: ['安装日期', '装表日期', 'installedat', 'installdate'],
  contractNo: ['合同号', '合同编号', 'contractno'],
  contractStart: ['合同开始日期', '开户日期', '合同日期', 'contractstart', 'contractstartat'],
  tariff: ['价格类型', '费率', '价格', 'tariff'],
  status: ['状态', '用户状态', 'status'],
  tags: ['标签', 'tags'],
  specialNeeds: ['特殊需求', '备注需求', 'specialneeds'],
} as const;

export type Field = keyof typeof COLUMNS;
export const REQUIRED: Field[] = ['accountNo', 'holderName', 'district', 'community', 'utility'];

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-()()【】[\]*]/g, '');
const LOOKUP = new Map<string, Field>(
  (Object.entries(COLUMNS) as [Field, readonly string[]][]).flatMap(([f, names]) =>
    names.map((n) => [norm(n), f] as [string, Field]),
  ),
);

/** header cells → field per column index; unknown columns are ignored. */
export function mapHeaders(headers: string[]): { fields: (Field | undefined)[]; missing: Field[] } {
  const fields = headers.map((h) => LOOKUP.get(norm(h)));
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  return { fields, missing };
}

/** Column label for reports: the header as written in the file when present. */
export const label = (f: Field, headers: string[], fields: (Field | undefined)[]) =>
  headers[fields.indexOf(f)] ?? COLUMNS[f][0];

export const UTILITY_VALUES: Record<string, 'gas' | 'water' | 'heating'> = {
  gas: 'gas',
  燃气: 'gas',
  天然气: 'gas',
  气: 'gas',
  water: 'water',
  水: 'water',
  自来水: 'water',
  供水: 'water',
  heating: 'heating',
  供热: 'heating',
  暖气: 'heating',
  热: 'heating',
  采暖: 'heating',
};
export const CUSTOMER_TYPE_VALUES: Record<string, 'residential' | 'commercial' | 'public'> = {
  residential: 'residential',
  居民: 'residential',
  民用: 'residential',
  commercial: 'commercial',
  商业: 'commercial',
  非居民: 'commercial',
  工商业: 'commercial',
  public: 'public',
  公建: 'public',
  公共: 'public',
  公福: 'public',
};
export const STATUS_VALUES: Record<string, 'active' | 'suspended' | 'closed'> = {
  active: 'active',
  正常: 'active',
  在用: 'active',
  suspended: 'suspended',
  停用: 'suspended',
  暂停: 'suspended',
  报停: 'suspended',
  closed: 'closed',
  销户: 'closed',
  已销户: 'closed',
};
