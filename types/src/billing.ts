/**
 * Billing: bills with line items, usage history, self meter readings, WeChat Pay payments,
 * 一户一码 QR tokens, refunds, arrears. Money is integer fen everywhere.
 */
import { z } from './zod';
import { AccountNo, Fen, IsoDateTime, ObjectId, Page, paged, shortText, Utility } from './common';

export const BillStatus = z.enum(['unpaid', 'paying', 'paid', 'overdue', 'cancelled']);
export type BillStatus = z.infer<typeof BillStatus>;

/** gas/water/heating charge, 保险费, 调试费, service materials, late fee. */
export const BillItemKind = z.enum(['usage', 'insurance', 'commissioning', 'materials', 'lateFee', 'other']);
export type BillItemKind = z.infer<typeof BillItemKind>;

export const BillItem = z.object({
  kind: BillItemKind,
  name: z.string().openapi({ example: '燃气费(第一阶梯)' }),
  quantity: z.number().optional(),
  unit: z.string().optional(),
  unitPriceFen: z.number().int().optional(),
  amountFen: Fen,
});
export type BillItem = z.infer<typeof BillItem>;

/** YYYY-MM */
export const Period = z
  .string()
  .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '账期格式应为 YYYY-MM(2000–2099 年)')
  .openapi({ example: '2026-10' });
export type Period = z.infer<typeof Period>;

/** Where a bill was paid: online through WeChat Pay (mini-program, official account, 一户一码) or offline. */
export const PaidChannel = z.enum(['mp', 'h5', 'qr', 'counter', 'bank', 'offline']);
export type PaidChannel = z.infer<typeof PaidChannel>;
/** How: WeChat Pay, cash or card at a counter, a bank's direct debit or transfer. */
export const PaidMethod = z.enum(['wechatPay', 'cash', 'card', 'bankDebit', 'transfer', 'other']);
export type PaidMethod = z.infer<typeof PaidMethod>;

export const BillPaidVia = z
  .object({
    channel: PaidChannel,
    method: PaidMethod,
    /** 营业厅 or bank name, for offline payments. */
    place: z.string().optional(),
    /** WeChat Pay transaction id, or the counter's receipt number. */
    reference: z.string().optional(),
  })
  .openapi('BillPaidVia');
export type BillPaidVia = z.infer<typeof BillPaidVia>;

export const Bill = z
  .object({
    id: ObjectId,
    accountNo: AccountNo,
    utility: Utility,
    period: Period,
    items: z.array(BillItem),
    amountDue: Fen,
    usage: z.number().optional(),
    readingFrom: z.number().optional(),
    readingTo: z.number().optional(),
    dueDate: IsoDateTime,
    status: BillStatus,
    issuedAt: IsoDateTime,
    paidAt: IsoDateTime.optional(),
    /** The payment that paid it, or the one in progress. */
    outTradeNo: z.string().optional(),
    /** Paid bills: where and how (paidAt says when). */
    paidVia: BillPaidVia.optional(),
  })
  .openapi('Bill');
export type Bill = z.infer<typeof Bill>;

const yearParam = z.coerce.number().int().min(2000).max(2100);

/** One status or several, comma-separated (`unpaid,overdue`); parsed to a de-duplicated list. */
const statusName = `(${BillStatus.options.join('|')})`;
const BillStatusList = z
  .string()
  .regex(new RegExp(`^${statusName}(,${statusName})*$`), '账单状态无效')
  .transform((s) => [...new Set(s.split(','))] as BillStatus[])
  .openapi({
    description: 'One or more of unpaid, paying, paid, overdue, cancelled, comma-separated',
    example: 'unpaid,overdue',
  });

export const ListBillsQuery = Page.extend({
  accountNo: AccountNo.optional(),
  status: BillStatusList.optional(),
  year: yearParam.optional(),
});
export type ListBillsQuery = z.infer<typeof ListBillsQuery>;

export const BillList = paged(Bill).openapi('BillList');
export type BillList = z.infer<typeof BillList>;

export const BillParams = z.object({ billId: ObjectId });
export type BillParams = z.infer<typeof BillParams>;

export const UsageHistory = z
  .object({
    accountNo: AccountNo,
    utility: Utility,
    unit: z.string(),
    months: z.array(z.object({ period: Period, usage: z.number(), amountFen: Fen })),
  })
  .openapi('UsageHistory');
export type UsageHistory = z.infer<typeof UsageHistory>;

export const UsageQuery = z.object({ months: z.coerce.number().int().min(1).max(36).default(12) });
export type UsageQuery = z.infer<typeof UsageQuery>;

// ---- self meter reading (自助报数) ----

export const MeterReadingStatus = z.enum(['pending', 'accepted', 'rejected']);
export type MeterReadingStatus = z.infer<typeof MeterReadingStatus>;

export const SubmitMeterReadingBody = z
  .object({
    accountNo: AccountNo,
    meterNo: shortText(40).optional(),
    reading: z
      .number()
      .nonnegative()
      .max(99_999_999)
      .openapi({ description: 'm³ / t / GJ, up to 3 decimals' }),
    photoId: ObjectId.openapi({ description: 'id from uploadPhoto: the resident’s own photo' }),
  })
  .openapi('SubmitMeterReadingBody');
export type SubmitMeterReadingBody = z.infer<typeof SubmitMeterReadingBody>;

export const MeterReading = z
  .object({
    id: ObjectId,
    accountNo: AccountNo,
    meterNo: z.string(),
    reading: z.number(),
    previousReading: z.number().optional(),
    usage: z.number().optional(),
    photoId: z.string(),
    status: MeterReadingStatus,
    submittedAt: IsoDateTime,
    reviewedAt: IsoDateTime.optional(),
    reviewNote: z.string().optional(),
    billId: ObjectId.optional(),
  })
  .openapi('MeterReading');
export type MeterReading = z.infer<typeof MeterReading>;

export const MeterReadingParams = z.object({ readingId: ObjectId });
export type MeterReadingParams = z.infer<typeof MeterReadingParams>;
export const ReviewMeterReadingBody = z.object({ note: shortText(200).optional() });
export type ReviewMeterReadingBody = z.infer<typeof ReviewMeterReadingBody>;
export const RejectMeterReadingBody = z.object({ note: shortText(200) });
export type RejectMeterReadingBody = z.infer<typeof RejectMeterReadingBody>;
export const ListMeterReadingsQuery = Page.extend({
  status: MeterReadingStatus.optional(),
  areaCode: z.string().trim().max(40).optional(),
});
export type ListMeterReadingsQuery = z.infer<typeof ListMeterReadingsQuery>;
export const MeterReadingFlag = z.enum(['below_last', 'above_usual', 'period_billed']).openapi({
  description:
    'below_last: 低于该表已通过的读数; above_usual: 用量超过近 12 个月月均的 2 倍; period_billed: 该户本期已出用量账单(不能通过,请驳回,用量计入下期)',
});
export type MeterReadingFlag = z.infer<typeof MeterReadingFlag>;
/** One earlier reading of the same account, as the review queue shows it. */
export const MeterReadingHistoryEntry = z.object({
  id: ObjectId,
  meterNo: z.string(),
  reading: z.number(),
  usage: z.number().optional(),
  status: MeterReadingStatus,
  submittedAt: IsoDateTime,
});
export type MeterReadingHistoryEntry = z.infer<typeof MeterReadingHistoryEntry>;
/** A reading in the staff review queue: the photo behind a signed link, the flags and the account's recent readings. */
export const StaffMeterReading = MeterReading.extend({
  areaCode: z.string(),
  photo: z.object({ url: z.string(), thumbUrl: z.string() }),
  flags: z.array(MeterReadingFlag),
  usualMonthlyUsage: z.number().openapi({ description: '近 12 个月账单的月均用量(无历史为 0)' }),
  history: z
    .array(MeterReadingHistoryEntry)
    .openapi({ description: '同一户号此前的读数,新的在前(最多 6 条)' }),
}).openapi('StaffMeterReading');
export type StaffMeterReading = z.infer<typeof StaffMeterReading>;
export const MeterReadingList = paged(StaffMeterReading).openapi('MeterReadingList');
export type MeterReadingList = z.infer<typeof MeterReadingList>;
export const MyMeterReadingList = z.object({ items: z.array(MeterReading) }).openapi('MyMeterReadingList');
export type MyMeterReadingList = z.infer<typeof MyMeterReadingList>;

// ---- payments ----

export const PaymentStatus = z.enum(['pending', 'paid', 'closed', 'refunded', 'partially_refunded']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;
export const PaymentChannel = z.enum(['mp', 'h5', 'qr']);
export type PaymentChannel = z.infer<typeof PaymentChannel>;

export const OutTradeNo = z
  .string()
  .regex(/^[0-9A-Za-z_\-|*]{6,32}$/, '订单号格式不正确')
  .openapi({ example: 'P20261124083000A1B2C3D4E5' });
export type OutTradeNo = z.infer<typeof OutTradeNo>;

export const QrToken = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z._-]{8,32}$/, '二维码无效')
  .openapi({ example: '131010001234.1.Xy3kPq0aZb9LmN2c' });
export type QrToken = z.infer<typeof QrToken>;

export const CreatePaymentBody = z
  .object({
    accountNo: AccountNo.optional(),
    qrToken: QrToken.optional(),
    billIds: z.array(ObjectId).min(1, '请选择要缴纳的账单').max(24),
  })
  .refine((b) => (b.accountNo === undefined) !== (b.qrToken === undefined), {
    message: '请提供户号或二维码之一',
    path: ['accountNo'],
  })
  .openapi('CreatePaymentBody');
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

/** Parameters for wx.requestPayment / Taro.requestPayment. */
export const RequestPaymentParams = z
  .object({
    appId: z.string(),
    timeStamp: z.string(),
    nonceStr: z.string(),
    package: z.string(),
    signType: z.literal('RSA'),
    paySign: z.string(),
  })
  .openapi('RequestPaymentParams');
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>;

export const PaymentEvent = z.object({ at: IsoDateTime, event: z.string(), note: z.string().optional() });
export type PaymentEvent = z.infer<typeof PaymentEvent>;

export const Refund = z.object({
  outRefundNo: z.string(),
  amountFen: Fen,
  /** abnormal: WeChat could not pay it back (the payer's card refused it); finished by hand in the merchant platform, still reserved. */
  status: z.enum(['processing', 'success', 'failed', 'abnormal']),
  reason: z.string().optional(),
  createdAt: IsoDateTime,
  succeededAt: IsoDateTime.optional(),
});
export type Refund = z.infer<typeof Refund>;

export const Payment = z
  .object({
    outTradeNo: OutTradeNo,
    accountNo: AccountNo,
    billIds: z.array(ObjectId),
    amountFen: Fen,
    status: PaymentStatus,
    channel: PaymentChannel,
    transactionId: z.string().optional(),
    paidAt: IsoDateTime.optional(),
    refundedFen: Fen,
    createdAt: IsoDateTime,
    timeline: z.array(PaymentEvent),
  })
  .openapi('Payment');
export type Payment = z.infer<typeof Payment>;

export const CreatePaymentResult = z
  .object({ payment: Payment, requestPayment: RequestPaymentParams })
  .openapi('CreatePaymentResult');
export type CreatePaymentResult = z.infer<typeof CreatePaymentResult>;

export const PaymentParams = z.object({ outTradeNo: OutTradeNo });
export type PaymentParams = z.infer<typeof PaymentParams>;
export const PaymentList = paged(Payment).openapi('PaymentList');
export type PaymentList = z.infer<typeof PaymentList>;
export const ListMyPaymentsQuery = Page.extend({ accountNo: AccountNo.optional() });
export type ListMyPaymentsQuery = z.infer<typeof ListMyPaymentsQuery>;

/** Staff view: adds who paid and the refunds. */
export const StaffPayment = Payment.extend({
  refunds: z.array(Refund),
  anomaly: z.string().optional(),
}).openapi('StaffPayment');
export type StaffPayment = z.infer<typeof StaffPayment>;
export const StaffPaymentList = paged(StaffPayment).openapi('StaffPaymentList');
export type StaffPaymentList = z.infer<typeof StaffPaymentList>;

/** 缴费查询: one search text that is a 户号, an order number (outTradeNo) or a WeChat Pay transaction id. */
export const ListStaffPaymentsQuery = Page.extend({
  q: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{4,64}$/, '请输入户号、订单号或微信支付单号(4–64 位字母或数字)'),
});
export type ListStaffPaymentsQuery = z.infer<typeof ListStaffPaymentsQuery>;

/** Each refund attempt carries an Idempotency-Key header (IdempotencyKey); the refund's out_refund_no comes from it. */
export const RefundPaymentBody = z
  .object({
    /** Omit for a full refund of what is left. */
    amountFen: z.number().int().positive().optional(),
    reason: shortText(80),
  })
  .openapi('RefundPaymentBody');
export type RefundPaymentBody = z.infer<typeof RefundPaymentBody>;

export const RunReconciliationBody = z.object({
  /** Only payments pending at least this long (default: config). */
  minAgeMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
});
export type RunReconciliationBody = z.infer<typeof RunReconciliationBody>;
/** One payment reconciliation moved: what it became and why (the console lists these). */
export const ReconciliationChange = z.object({
  outTradeNo: OutTradeNo,
  accountNo: AccountNo,
  change: z.enum(['settled', 'closed', 'billsSettled', 'billsReleased', 'refundChecked']),
});
export type ReconciliationChange = z.infer<typeof ReconciliationChange>;
export const ReconciliationResult = z
  .object({
    checked: z.number().int(),
    settled: z.number().int(),
    closed: z.number().int(),
    errors: z.number().int(),
    changes: z.array(ReconciliationChange),
  })
  .openapi('ReconciliationResult');
export type ReconciliationResult = z.infer<typeof ReconciliationResult>;

// ---- 一户一码 ----

export const QrParams = z.object({ token: QrToken });
export type QrParams = z.infer<typeof QrParams>;

export const QrBill = z
  .object({
    accountNoMasked: z.string(),
    holderMasked: z.string(),
    addressMasked: z.string(),
    utility: Utility,
    unpaidFen: Fen,
    bills: z.array(
      z.object({ id: ObjectId, period: Period, amountDue: Fen, dueDate: IsoDateTime, status: BillStatus }),
    ),
  })
  .openapi('QrBill');
export type QrBill = z.infer<typeof QrBill>;

export const AccountQr = z
  .object({ accountNo: AccountNo, token: QrToken, url: z.string(), revision: z.number().int() })
  .openapi('AccountQr');
export type AccountQr = z.infer<typeof AccountQr>;
export const QrImageQuery = z.object({
  kind: z.enum(['mp', 'url']).default('url'),
  /** Edge length in pixels. */
  size: z.coerce.number().int().min(64).max(1280).default(430),
});
export type QrImageQuery = z.infer<typeof QrImageQuery>;
export const QrSheetQuery = z.object({
  community: shortText(60),
  district: shortText(30).optional(),
  /** One building (楼栋) of the community only. */
  building: shortText(20).optional(),
});
export type QrSheetQuery = z.infer<typeof QrSheetQuery>;
/** 一户一码 management: the codes of a community or one of its buildings. */
export const QrListQuery = QrSheetQuery;
export type QrListQuery = z.infer<typeof QrListQuery>;
export const AccountQrRow = z
  .object({
    accountNo: AccountNo,
    addressMasked: z.string(),
    building: z.string(),
    /** The current code's revision (1 = never revoked). */
    revision: z.number().int(),
    lastScannedAt: IsoDateTime.optional(),
  })
  .openapi('AccountQrRow');
export type AccountQrRow = z.infer<typeof AccountQrRow>;
export const AccountQrList = z.array(AccountQrRow).openapi('AccountQrList');
export type AccountQrList = z.infer<typeof AccountQrList>;

// ---- arrears ----

export const ArrearsQuery = Page.extend({
  areaCode: z
    .string()
    .trim()
    .regex(/^[\w-]{1,40}$/, '片区编码格式不正确')
    .optional(),
  minOverdueDays: z.coerce.number().int().min(0).max(3650).default(0),
});
export type ArrearsQuery = z.infer<typeof ArrearsQuery>;
export const ArrearsRow = z.object({
  accountNo: AccountNo,
  holderMasked: z.string(),
  addressMasked: z.string(),
  areaCode: z.string(),
  unpaidFen: Fen,
  bills: z.number().int(),
  oldestDueDate: IsoDateTime,
});
export type ArrearsRow = z.infer<typeof ArrearsRow>;
export const ArrearsList = paged(ArrearsRow).openapi('ArrearsList');
export type ArrearsList = z.infer<typeof ArrearsList>;

export const CollectionRateQuery = z.object({
  period: Period,
  areaPrefix: z
    .string()
    .trim()
    .regex(/^[\w-]{1,40}$/, '片区编码格式不正确')
    .optional(),
});
export type CollectionRateQuery = z.infer<typeof CollectionRateQuery>;
export const CollectionRate = z
  .object({
    period: Period,
    areas: z.array(
      z.object({
        areaCode: z.string(),
        billedFen: Fen,
        collectedFen: Fen,
        bills: z.number().int(),
        paidBills: z.number().int(),
        /** 回收率: collected / billed, 0..1 */
        rate: z.number(),
      }),
    ),
  })
  .openapi('CollectionRate');
export type CollectionRate = z.infer<typeof CollectionRate>;

export { yearParam as BillYear };

// ---- 抄表区段: who reads the meters of an area (collection rate by meter reader and team) ----

export const AreaPrefixParams = z.object({
  areaPrefix: z.string().regex(/^[A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,3}$/, '区域编码格式不正确'),
});
export type AreaPrefixParams = z.infer<typeof AreaPrefixParams>;

export const PutMeterRouteBody = z.object({
  /** 抄表员, as the utility's billing system names them. */
  readerName: z.string().trim().min(1, '请填写抄表员').max(20),
  /** 抄表班组. */
  team: z
    .string()
    .trim()
    .min(1, '请填写班组')
    .max(40)
    .regex(/^[^\s:|.$]+$/, '班组名称不能含空格或 : | . $'),
});
export type PutMeterRouteBody = z.infer<typeof PutMeterRouteBody>;

export const MeterRoute = PutMeterRouteBody.extend({
  /** The area the reader covers ('CY' a district, 'CY-WJY' a community); the longest match wins. */
  areaPrefix: z.string(),
  updatedAt: z.string(),
}).openapi('MeterRoute');
export type MeterRoute = z.infer<typeof MeterRoute>;
