/**
 * 安检 in the field: the checklist templates per utility (data an admin edits), the technician's inspection
 * form (checklist, readings, photos, signature, 隐患), the hazards with their rectification and
 * re-inspection, the hazard statistics the console and the cockpit read, and the follow-up list of
 * households not reached after a plan's N visits. Plans themselves are in workorders.ts.
 */
import { z } from './zod';
import { CustomerType } from './accounts';
import { CalendarDay, IsoDateTime, ObjectId, Page, Utility, paged } from './common';
import { OrderNo, WorkOrderDetail } from './workorders';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 字`);
const photoIds = (label: string, max: number) =>
  z.array(ObjectId, { error: `${label}应为照片编号列表` }).max(max, `${label}最多 ${max} 张`);

// ---- checklist templates ----

export const ChecklistItem = z.object({
  key: z
    .string({ error: '检查项编号应为文字' })
    .regex(/^[a-zA-Z][\w-]{0,39}$/, '检查项编号应为字母开头的字母、数字或 - _(最多 40 位)'),
  label: text('检查项名称', 60),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ChecklistTemplate = z
  .object({
    utility: Utility,
    items: z.array(ChecklistItem),
    updatedAt: IsoDateTime.nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('ChecklistTemplate');
export type ChecklistTemplate = z.infer<typeof ChecklistTemplate>;

export const ChecklistParams = z.object({
  utility: z.enum(Utility.options, { error: '行业应为 gas(燃气)、water(水) 或 heating(热力)' }),
});
export type ChecklistParams = z.infer<typeof ChecklistParams>;

export const ChecklistTemplateBody = z
  .object({
    items: z
      .array(ChecklistItem, { error: '检查项应为列表' })
      .min(1, '检查清单至少要有 1 项')
      .max(60, '检查清单最多 60 项')
      .refine((items) => new Set(items.map((i) => i.key)).size === items.length, '检查项编号不能重复'),
  })
  .openapi('ChecklistTemplateBody');
export type ChecklistTemplateBody = z.infer<typeof ChecklistTemplateBody>;

// ---- hazards (隐患) ----

export const HazardCategory = z.enum(
  [
    'leak',
    'hoseAging',
    'unauthorizedAlteration',
    'improperUse',
    'poorVentilation',
    'corrosion',
    'obstruction',
    'other',
  ],
  { error: '隐患类别不正确' },
);
export type HazardCategory = z.infer<typeof HazardCategory>;
export const HAZARD_CATEGORY_LABELS: Record<HazardCategory, string> = {
  leak: '泄漏',
  hoseAging: '胶管老化/超期',
  unauthorizedAlteration: '私接私改',
  improperUse: '违规使用',
  poorVentilation: '通风不良',
  corrosion: '管道/设施锈蚀',
  obstruction: '占压/圈占',
  other: '其他',
};

/** 一般 / 较大 / 重大, as utilities grade 隐患. */
export const HazardSeverity = z.enum(['minor', 'major', 'critical'], { error: '隐患等级不正确' });
export type HazardSeverity = z.infer<typeof HazardSeverity>;
export const HAZARD_SEVERITY_LABELS: Record<HazardSeverity, string> = {
  minor: '一般',
  major: '较大',
  critical: '重大',
};

export const HazardStatus = z.enum(['open', 'rectified'], { error: '隐患状态不正确' });
export type HazardStatus = z.infer<typeof HazardStatus>;

export const HazardInput = z.object({
  category: HazardCategory,
  severity: HazardSeverity,
  description: text('隐患描述', 500),
  /** Last day to rectify (Asia/Shanghai): the hazard is overdue after that day ends. */
  rectifyBy: CalendarDay,
  photos: photoIds('隐患照片', 6).default([]),
});
export type HazardInput = z.infer<typeof HazardInput>;

export const Reinspection = z.object({
  at: IsoDateTime,
  byName: z.string(),
  rectified: z.boolean(),
  note: z.string().nullable(),
  photoUrls: z.array(z.string()),
});
export type Reinspection = z.infer<typeof Reinspection>;

export const Hazard = z
  .object({
    id: z.string(),
    orderNo: z.string(),
    accountNo: z.string(),
    address: z.string(),
    areaCode: z.string(),
    customerType: CustomerType,
    utility: Utility,
    category: HazardCategory,
    severity: HazardSeverity,
    description: z.string(),
    rectifyBy: CalendarDay,
    status: HazardStatus,
    overdue: z.boolean(),
    foundAt: IsoDateTime,
    foundByName: z.string(),
    rectifiedAt: IsoDateTime.nullable(),
    photoUrls: z.array(z.string()),
    reinspections: z.array(Reinspection),
  })
  .openapi('Hazard');
export type Hazard = z.infer<typeof Hazard>;

export const HazardParams = z.object({ id: ObjectId });
export type HazardParams = z.infer<typeof HazardParams>;

export const ListHazardsQuery = Page.extend({
  status: HazardStatus.optional(),
  category: HazardCategory.optional(),
  severity: HazardSeverity.optional(),
  customerType: CustomerType.optional(),
  overdue: z.enum(['true', 'false'], { error: 'overdue 应为 true 或 false' }).optional(),
  areaPrefix: z
    .string()
    .regex(/^[\w-]{1,30}$/, '片区编码格式不正确')
    .optional(),
  accountNo: z
    .string()
    .regex(/^[0-9A-Za-z]{6,20}$/, '户号格式不正确')
    .optional(),
});
export type ListHazardsQuery = z.infer<typeof ListHazardsQuery>;

export const HazardPage = paged(Hazard).openapi('HazardPage');
export type HazardPage = z.infer<typeof HazardPage>;

export const ReinspectHazardBody = z
  .object({
    rectified: z.boolean({ error: '请选择是否已整改' }),
    note: text('复查说明', 500).optional(),
    photos: photoIds('复查照片', 6).default([]),
    /** When not rectified: a new last day to rectify (otherwise the old one stands, and it may be overdue). */
    rectifyBy: CalendarDay.optional(),
  })
  .openapi('ReinspectHazardBody');
export type ReinspectHazardBody = z.infer<typeof ReinspectHazardBody>;

// ---- the inspection form ----

export const ChecklistAnswer = z.object({
  key: z.string({ error: '检查项编号应为文字' }).min(1, '请填写检查项编号').max(40, '检查项编号过长'),
  result: z.enum(['pass', 'fail', 'na'], { error: '检查结果应为 合格(pass)、不合格(fail) 或 不适用(na)' }),
  note: text('检查备注', 200).optional(),
});
export type ChecklistAnswer = z.infer<typeof ChecklistAnswer>;

const reading = (label: string, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`)
    .optional();

export const InspectionReadings = z.object({
  /** 表读数 (m³ for gas and water, GJ or kWh for heating). */
  meter: reading('表读数', 99_999_999),
  /** 压力 (kPa): gas static pressure, water or heating supply pressure. */
  pressureKpa: reading('压力', 10_000),
  /** 可燃气体浓度 at the meter and appliances (ppm); gas only. */
  leakPpm: reading('可燃气体浓度', 1_000_000),
});
export type InspectionReadings = z.infer<typeof InspectionReadings>;

export const SubmitInspectionBody = z
  .object({
    checklist: z.array(ChecklistAnswer, { error: '检查清单应为列表' }).max(60, '检查项最多 60 项'),
    readings: InspectionReadings.default({}),
    photos: photoIds('现场照片', 12).default([]),
    /** The resident's drawn signature, uploaded as an image (uploadPhoto). */
    signaturePhotoId: z.string({ error: '请用户签字' }).regex(/^[0-9a-fA-F]{24}$/, '签字图片编号无效'),
    hazards: z.array(HazardInput, { error: '隐患应为列表' }).max(20, '一次最多登记 20 条隐患').default([]),
    note: text('安检说明', 500).optional(),
  })
  .openapi('SubmitInspectionBody');
export type SubmitInspectionBody = z.infer<typeof SubmitInspectionBody>;

export const InspectionRecord = z
  .object({
    orderNo: z.string(),
    accountNo: z.string(),
    utility: Utility,
    checklist: z.array(ChecklistAnswer.extend({ label: z.string() })),
    readings: InspectionReadings,
    photoUrls: z.array(z.string()),
    signatureUrl: z.string(),
    hazardIds: z.array(z.string()),
    inspectedAt: IsoDateTime,
    inspectorName: z.string(),
  })
  .openapi('InspectionRecord');
export type InspectionRecord = z.infer<typeof InspectionRecord>;

export const SubmitInspectionResult = z
  .object({ record: InspectionRecord, order: WorkOrderDetail })
  .openapi('SubmitInspectionResult');
export type SubmitInspectionResult = z.infer<typeof SubmitInspectionResult>;

export const InspectionOrderParams = z.object({ orderNo: OrderNo });
export type InspectionOrderParams = z.infer<typeof InspectionOrderParams>;

// ---- statistics ----

export const HazardStatsQuery = z.object({
  areaPrefix: z
    .string()
    .regex(/^[\w-]{1,30}$/, '片区编码格式不正确')
    .optional(),
});
export type HazardStatsQuery = z.infer<typeof HazardStatsQuery>;

export const HazardCount = z.object({
  key: z.string(),
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export type HazardCount = z.infer<typeof HazardCount>;

export const HazardStats = z
  .object({
    total: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    byArea: z.array(HazardCount),
    byCustomerType: z.array(HazardCount),
    byCategory: z.array(HazardCount),
    bySeverity: z.array(HazardCount),
    /** Open hazards past their rectification day, longest overdue first (at most 20). */
    overdueAlerts: z.array(Hazard),
  })
  .openapi('HazardStats');
export type HazardStats = z.infer<typeof HazardStats>;

// ---- households not reached ----

export const UnreachableOutcome = z.enum(['rebooked', 'vacant', 'refused', 'noAnswer'], {
  error: '回访结果应为 已另约、空置房、拒绝入户 或 仍未联系上',
});
export type UnreachableOutcome = z.infer<typeof UnreachableOutcome>;
export const UNREACHABLE_OUTCOME_LABELS: Record<UnreachableOutcome, string> = {
  rebooked: '已另约上门',
  vacant: '空置房',
  refused: '拒绝入户',
  noAnswer: '仍未联系上',
};

export const UnreachableFollowUp = z
  .object({ outcome: UnreachableOutcome, note: z.string().nullable(), at: IsoDateTime, byName: z.string() })
  .openapi('UnreachableFollowUp');
export type UnreachableFollowUp = z.infer<typeof UnreachableFollowUp>;

export const ListUnreachableQuery = Page.extend({
  handled: z.enum(['true', 'false'], { error: 'handled 应为 true 或 false' }).optional(),
  areaPrefix: z
    .string()
    .regex(/^[\w-]{1,30}$/, '片区编码格式不正确')
    .optional(),
});
export type ListUnreachableQuery = z.infer<typeof ListUnreachableQuery>;

export const UnreachableHousehold = z
  .object({
    orderNo: z.string(),
    accountNo: z.string(),
    address: z.string(),
    areaCode: z.string(),
    contactPhoneMasked: z.string().nullable(),
    planId: z.string().nullable(),
    planName: z.string().nullable(),
    cycle: z.number().int().nullable(),
    attempts: z.number().int(),
    closedAt: IsoDateTime.nullable(),
    followUp: UnreachableFollowUp.nullable(),
  })
  .openapi('UnreachableHousehold');
export type UnreachableHousehold = z.infer<typeof UnreachableHousehold>;

export const UnreachablePage = paged(UnreachableHousehold).openapi('UnreachablePage');
export type UnreachablePage = z.infer<typeof UnreachablePage>;

export const UnreachableFollowUpBody = z
  .object({ outcome: UnreachableOutcome, note: text('回访说明', 300).optional() })
  .openapi('UnreachableFollowUpBody');
export type UnreachableFollowUpBody = z.infer<typeof UnreachableFollowUpBody>;

// ---- plan edits ----

export const UpdateInspectionPlanBody = z
  .object({
    name: text('计划名称', 40).optional(),
    cycleMonths: z
      .number({ error: '周期应为月数' })
      .int('周期应为整月')
      .min(1, '周期至少 1 个月')
      .max(60, '周期最多 60 个月')
      .optional(),
    maxAttempts: z
      .number({ error: '最多上门次数应为数字' })
      .int('最多上门次数应为整数')
      .min(1, '最多上门次数至少 1 次')
      .max(10, '最多上门次数不能超过 10 次')
      .optional(),
    active: z.boolean({ error: '启用状态应为是或否' }).optional(),
    /** The day the next cycle runs (Asia/Shanghai, at the start of the day). */
    nextRunOn: CalendarDay.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), '请至少修改一项')
  .openapi('UpdateInspectionPlanBody');
export type UpdateInspectionPlanBody = z.infer<typeof UpdateInspectionPlanBody>;
