/**
 * 过户 / 销户 online: what a resident hands in (the documents each needs, the new holder, the meter reading
 * at handover) and what the supervisor decides (arrears settled or carried over to the new holder).
 * Messages name the field in words: residents read them as they are.
 */
import { AccountNo, IsoDateTime, ObjectId, Utility } from './common';
import { OrderNo, WorkOrderState } from './workorders';
import { z } from './zod';

const text = (field: string, max: number) =>
  z
    .string({ message: `请填写${field}` })
    .trim()
    .min(1, `请填写${field}`)
    .max(max, `${field}不能超过 ${max} 个字`);

const reading = (field: string) =>
  z
    .number({ message: `${field}须为数字` })
    .nonnegative(`${field}不能为负数`)
    .max(9_999_999, `${field}过大,请核对表盘数字`);

const documents = (field: string, max: number) =>
  z
    .array(ObjectId, { message: `请上传${field}` })
    .min(1, `请上传${field}`)
    .max(max, `${field}最多 ${max} 张`);

/** transfer 过户, close 销户, open 开户 (applied for through ApplyAccountOpeningBody). */
export const AccountChangeKind = z.enum(['transfer', 'close', 'open']);
export type AccountChangeKind = z.infer<typeof AccountChangeKind>;

/** Mainland ID number (18 characters, the last may be X); only its masked form is stored. */
const IdNumber = z
  .string({ message: '请填写身份证号' })
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, '身份证号须为 18 位');

export const NewHolderInput = z
  .object({
    name: text('新户主姓名', 20),
    phone: z
      .string({ message: '请填写新户主手机号' })
      .trim()
      .regex(/^1\d{10}$/, '新户主手机号须为 11 位手机号'),
    idNumber: IdNumber,
  })
  .strict();
export type NewHolderInput = z.infer<typeof NewHolderInput>;

const common = {
  accountNo: AccountNo,
  /** 身份证照片 (front and back). */
  idPhotos: documents('身份证照片', 2),
  /** 房产证 or 租赁合同 (property certificate or lease). */
  propertyProofs: documents('房产证或租赁合同照片', 4),
};

export const ApplyAccountChangeBody = z
  .discriminatedUnion(
    'kind',
    [
      z
        .object({
          kind: z.literal('transfer'),
          ...common,
          newHolder: NewHolderInput,
          handoverReading: reading('交接读数'),
        })
        .strict(),
      z
        .object({
          kind: z.literal('close'),
          ...common,
          finalReading: reading('最终读数'),
          reason: text('销户原因', 200),
        })
        .strict(),
    ],
    { message: '请选择办理的业务(过户或销户)' },
  )
  .openapi('ApplyAccountChangeBody');
export type ApplyAccountChangeBody = z.infer<typeof ApplyAccountChangeBody>;

export const AccountChangeCreated = z
  .object({ orderNo: OrderNo, kind: AccountChangeKind })
  .openapi('AccountChangeCreated');
export type AccountChangeCreated = z.infer<typeof AccountChangeCreated>;

/** What approval did, step by step (each step happens once, whatever crashes in between). */
export const AccountChangeEffects = z.object({
  decidedAt: IsoDateTime.optional(),
  approvedAt: IsoDateTime.optional(),
  finalBillAt: IsoDateTime.optional(),
  arrearsCarriedAt: IsoDateTime.optional(),
  occupancyAt: IsoDateTime.optional(),
  /** 销户: the household's credit refunded (the refunds reserved and sent). */
  creditRefundedAt: IsoDateTime.optional(),
  /** 开户: the account written, its holder bound, the 点火通气 visit filed, supply started after it. */
  accountOpenedAt: IsoDateTime.optional(),
  activationOrderAt: IsoDateTime.optional(),
  supplyStartedAt: IsoDateTime.optional(),
  completedAt: IsoDateTime.optional(),
  rejectedAt: IsoDateTime.optional(),
});
export type AccountChangeEffects = z.infer<typeof AccountChangeEffects>;

export const StaffAccountChange = z
  .object({
    orderNo: OrderNo,
    kind: AccountChangeKind,
    accountNo: z.string(),
    areaCode: z.string(),
    holderName: z.string(),
    address: z.string(),
    orderState: WorkOrderState,
    orderStatus: z.string(),
    newHolder: z.object({ name: z.string(), phoneMasked: z.string(), idNumberMasked: z.string() }).optional(),
    reading: z.number(),
    lastReading: z.number(),
    reason: z.string().optional(),
    /** Signed links to the documents (ID photo, property certificate or lease). */
    idPhotoUrls: z.array(z.string()),
    propertyProofUrls: z.array(z.string()),
    /** Unpaid bills of the household now, in fen. */
    unpaidFen: z.number().int(),
    unpaidCount: z.number().int(),
    arrears: z.enum(['settled', 'carried']).optional(),
    effects: AccountChangeEffects,
    /** 开户: the utility applied for, and the 点火通气 order approval filed. */
    utility: Utility.optional(),
    activationOrderNo: z.string().optional(),
    /** 销户: the credit refunded to the payer, in fen. */
    creditRefundedFen: z.number().int().optional(),
    /** Why a supervisor turned the application down. */
    rejectionReason: z.string().optional(),
    createdAt: IsoDateTime,
  })
  .openapi('StaffAccountChange');
export type StaffAccountChange = z.infer<typeof StaffAccountChange>;

export const ListAccountChangesQuery = z.object({
  pending: z
    .enum(['true', 'false'], { message: '筛选条件须为 true 或 false' })
    .default('true')
    .transform((v) => v === 'true'),
});
export type ListAccountChangesQuery = z.infer<typeof ListAccountChangesQuery>;

export const AccountChangeList = z
  .object({
    /** The queue's oldest 200, or the newest 200 of every application. */
    items: z.array(StaffAccountChange),
    /** Whether more match than are listed. */
    more: z.boolean(),
  })
  .openapi('AccountChangeList');
export type AccountChangeList = z.infer<typeof AccountChangeList>;

export const ApproveAccountChangeBody = z
  .object({
    /**
     * settled: the household owes nothing (approval is refused while bills are unpaid); carried: the new
     * holder takes over what is owed, re-issued to them as one bill (过户 only). Required for 过户/销户;
     * a 开户 has no arrears and ignores it.
     */
    arrears: z
      .enum(['settled', 'carried'], { message: '请选择欠费处理方式(已结清或由新户主承接)' })
      .optional(),
    note: z.string().trim().max(200, '审核意见不能超过 200 个字').optional(),
  })
  .strict()
  .openapi('ApproveAccountChangeBody');
export type ApproveAccountChangeBody = z.infer<typeof ApproveAccountChangeBody>;

/**
 * 开户 online: a home without an account. The address is one of the utility's known areas (小区) with the
 * building, unit and room; the applicant is the new holder, with their ID number (only its masked form
 * is stored) and the documents (ID photo, property certificate or lease) they uploaded themselves.
 */
export const ApplyAccountOpeningBody = z
  .object({
    utility: z.enum(Utility.options, { message: '请选择开户业务(燃气、水或供热)' }),
    areaCode: text('小区', 40),
    building: z.string({ message: '楼栋须为文字' }).trim().max(20, '楼栋不能超过 20 个字').default(''),
    unit: z.string({ message: '单元须为文字' }).trim().max(20, '单元不能超过 20 个字').default(''),
    room: text('门牌号', 20),
    holder: z
      .object({
        name: text('户主姓名', 20),
        phone: z
          .string({ message: '请填写户主手机号' })
          .trim()
          .regex(/^1\d{10}$/, '户主手机号须为 11 位手机号'),
        idNumber: IdNumber,
      })
      .strict(),
    idPhotos: documents('身份证照片', 2),
    propertyProofs: documents('房产证或租赁合同照片', 4),
  })
  .strict()
  .openapi('ApplyAccountOpeningBody');
export type ApplyAccountOpeningBody = z.infer<typeof ApplyAccountOpeningBody>;

/** The areas a resident may apply to open an account in (小区 with the utility's accounts). */
export const OpeningAreaList = z
  .object({
    items: z.array(z.object({ areaCode: z.string(), district: z.string(), community: z.string() })),
  })
  .openapi('OpeningAreaList');
export type OpeningAreaList = z.infer<typeof OpeningAreaList>;

export const RejectAccountChangeBody = z
  .object({ reason: text('不通过原因', 200) })
  .strict()
  .openapi('RejectAccountChangeBody');
export type RejectAccountChangeBody = z.infer<typeof RejectAccountChangeBody>;
