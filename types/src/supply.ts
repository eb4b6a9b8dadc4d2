/**
 * 报停 / 复供 (suspend and resume supply) online. A heating household suspends a whole heating season
 * (供热基本费 still charged for it); a gas or water household stops from a day (the valve is closed and
 * sealed, 关阀封表, and no usage is billed) until it asks for 复供 (the valve reopened, 开阀, with a reading).
 * Messages name the field in words: residents read them as they are.
 */
import { BillItem } from './billing';
import { AccountNo, CalendarDay, IsoDateTime, Utility } from './common';
import { OrderNo, WorkOrderState } from './workorders';
import { z } from './zod';

export const SupplyChangeKind = z.enum(['suspend', 'resume']);
export type SupplyChangeKind = z.infer<typeof SupplyChangeKind>;

/** Which applications the system may approve by itself (SUPPLY_CHANGE_AUTO_APPROVE). */
export const SupplyAutoApproveKind = z.enum(['heatingSuspend', 'suspend', 'resume']);
export type SupplyAutoApproveKind = z.infer<typeof SupplyAutoApproveKind>;

/** A heating season '2026-2027' (from the autumn of the first year to the spring of the second). */
export const HeatingSeason = z
  .string({ message: '请选择供暖季' })
  .regex(/^20\d{2}-20\d{2}$/, '供暖季格式应为 2026-2027')
  .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, '供暖季格式应为 2026-2027')
  .openapi({ example: '2026-2027' });
export type HeatingSeason = z.infer<typeof HeatingSeason>;

const reason = z
  .string({ message: '请填写报停原因' })
  .trim()
  .min(1, '请填写报停原因')
  .max(200, '报停原因不能超过 200 个字');

const reading = z
  .number({ message: '复供读数须为数字' })
  .nonnegative('复供读数不能为负数')
  .max(9_999_999, '复供读数过大,请核对表盘数字');

export const ApplySupplyChangeBody = z
  .discriminatedUnion(
    'kind',
    [
      z
        .object({
          kind: z.literal('suspend'),
          accountNo: AccountNo,
          reason,
          /** Heating: the season suspended (required for heating, ignored otherwise). */
          season: HeatingSeason.optional(),
          /** Gas / water: the first day without supply (required for gas and water). */
          fromDate: CalendarDay.optional(),
          /** Gas / water: when the household expects to resume (for planning; 复供 is applied for). */
          expectedResumeDate: CalendarDay.optional(),
        })
        .strict(),
      z
        .object({
          kind: z.literal('resume'),
          accountNo: AccountNo,
          /** Gas / water: the meter reading when the valve is reopened (required for gas and water). */
          reading: reading.optional(),
          note: z.string().trim().max(200, '备注不能超过 200 个字').optional(),
        })
        .strict(),
    ],
    { message: '请选择办理的业务(报停或复供)' },
  )
  .openapi('ApplySupplyChangeBody');
export type ApplySupplyChangeBody = z.infer<typeof ApplySupplyChangeBody>;

export const SupplyChangeCreated = z
  .object({
    orderNo: OrderNo,
    kind: SupplyChangeKind,
    /** Approved by the system at once (SUPPLY_CHANGE_AUTO_APPROVE and the rules allowed it). */
    autoApproved: z.boolean(),
  })
  .openapi('SupplyChangeCreated');
export type SupplyChangeCreated = z.infer<typeof SupplyChangeCreated>;

/** An account's supply as the resident and staff see it. */
export const SupplyState = z
  .object({
    state: z.enum(['normal', 'suspended']),
    /** heatingSeason: one heating season, base fee charged; temporary: gas/water stopped until 复供. */
    suspensionKind: z.enum(['heatingSeason', 'temporary']).optional(),
    season: z.string().optional(),
    suspendedFrom: IsoDateTime.optional(),
    expectedResumeAt: IsoDateTime.optional(),
    /** "已报停 自 2026-12-05 起" / "2026-2027 供暖季已报停(收取供热基本费)". */
    label: z.string(),
    /** The open 报停/复供 application, if any. */
    pendingOrderNo: z.string().optional(),
    utility: Utility,
    /** Heating: the season a 报停 applied now is for, and the last day to apply ('YYYY-MM-DD'). */
    nextSeason: z.string().optional(),
    suspendCutoff: z.string().optional(),
    /** Gas/water: the earliest 报停日期 (today, Asia/Shanghai): the form's default and the picker's start. */
    earliestFromDate: z.string().optional(),
    /** Heating: the share of the full season's fee a suspended household still pays (供热基本费). */
    baseFeePercent: z.number().int().optional(),
  })
  .openapi('SupplyState');
export type SupplyState = z.infer<typeof SupplyState>;

export const SupplyChangeEffects = z.object({
  decidedAt: IsoDateTime.optional(),
  approvedAt: IsoDateTime.optional(),
  valveOrderAt: IsoDateTime.optional(),
  supplyAt: IsoDateTime.optional(),
  completedAt: IsoDateTime.optional(),
});
export type SupplyChangeEffects = z.infer<typeof SupplyChangeEffects>;

export const StaffSupplyChange = z
  .object({
    orderNo: OrderNo,
    kind: SupplyChangeKind,
    accountNo: z.string(),
    areaCode: z.string(),
    utility: Utility,
    holderName: z.string(),
    address: z.string(),
    orderState: WorkOrderState,
    orderStatus: z.string(),
    reason: z.string().optional(),
    season: z.string().optional(),
    fromDate: z.string().optional(),
    expectedResumeDate: z.string().optional(),
    reading: z.number().optional(),
    unpaidFen: z.number().int(),
    unpaidCount: z.number().int(),
    /** The 关阀/开阀 visit approval scheduled. */
    valveOrderNo: z.string().optional(),
    decidedBy: z.string().optional(),
    rejectedReason: z.string().optional(),
    effects: SupplyChangeEffects,
    createdAt: IsoDateTime,
  })
  .openapi('StaffSupplyChange');
export type StaffSupplyChange = z.infer<typeof StaffSupplyChange>;

export const ListSupplyChangesQuery = z.object({
  pending: z
    .enum(['true', 'false'], { message: '筛选条件须为 true 或 false' })
    .default('true')
    .transform((v) => v === 'true'),
});
export type ListSupplyChangesQuery = z.infer<typeof ListSupplyChangesQuery>;

export const SupplyChangeList = z
  .object({
    /** The queue's oldest 200, or the newest 200 of every application. */
    items: z.array(StaffSupplyChange),
    /** Whether more match than are listed. */
    more: z.boolean(),
  })
  .openapi('SupplyChangeList');
export type SupplyChangeList = z.infer<typeof SupplyChangeList>;

export const ApproveSupplyChangeBody = z
  .object({ note: z.string().trim().max(200, '审核意见不能超过 200 个字').optional() })
  .strict()
  .openapi('ApproveSupplyChangeBody');
export type ApproveSupplyChangeBody = z.infer<typeof ApproveSupplyChangeBody>;

export const RejectSupplyChangeBody = z
  .object({
    reason: z
      .string({ message: '请填写驳回原因' })
      .trim()
      .min(1, '请填写驳回原因')
      .max(200, '驳回原因不能超过 200 个字'),
  })
  .strict()
  .openapi('RejectSupplyChangeBody');
export type RejectSupplyChangeBody = z.infer<typeof RejectSupplyChangeBody>;

export const HeatingSeasonBillBody = z
  .object({ season: HeatingSeason })
  .strict()
  .openapi('HeatingSeasonBillBody');
export type HeatingSeasonBillBody = z.infer<typeof HeatingSeasonBillBody>;

/** A heating season's bill: the full fee, or the 供热基本费 share when the household suspended the season. */
export const HeatingSeasonBill = z
  .object({
    billId: z.string(),
    period: z.string(),
    amountDue: z.number().int(),
    items: z.array(BillItem),
    baseFeeOnly: z.boolean(),
  })
  .openapi('HeatingSeasonBill');
export type HeatingSeasonBill = z.infer<typeof HeatingSeasonBill>;
