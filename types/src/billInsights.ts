/**
 * Bills residents understand: a bill's detail with its tier position and last year's usage, the trial
 * bill of a self reading (试算) before it is submitted, usage against last year and similar households,
 * and the PDF receipt of a paid bill.
 */
import { z } from './zod';
import { AccountNo, Fen, IsoDateTime, shortText } from './common';
import { Bill, BillItem, Period } from './billing';
import { InvoiceRequest } from './invoices';
import { TierPosition } from './tariffs';

export const YearOnYear = z
  .object({
    period: Period,
    usage: z.number(),
    lastYearPeriod: Period,
    /** null: no bill for that period (or it predates the resident's binding). */
    lastYearUsage: z.number().nullable(),
    /** Rounded to one decimal; null without last year's usage. */
    changePercent: z.number().nullable(),
  })
  .openapi('YearOnYear');
export type YearOnYear = z.infer<typeof YearOnYear>;

export const BillDetail = z
  .object({
    bill: Bill,
    unit: z.string(),
    tariffTitle: z.string(),
    /** Annual tiers only; null for flat and area prices and for service bills. */
    tierPosition: TierPosition.nullable(),
    yearOnYear: YearOnYear.nullable(),
    /** Unpaid or overdue: the pay button is offered. */
    payable: z.boolean(),
    invoice: InvoiceRequest.nullable(),
  })
  .openapi('BillDetail');
export type BillDetail = z.infer<typeof BillDetail>;

export const TrialBillBody = z
  .object({
    accountNo: AccountNo,
    meterNo: shortText(40).optional(),
    reading: z
      .number({ error: '请填写表上读数' })
      .nonnegative('读数不能为负数')
      .max(99_999_999, '读数过大,请核对表盘数字')
      .openapi({ description: 'm³ / t / GJ, up to 3 decimals' }),
  })
  .openapi('TrialBillBody');
export type TrialBillBody = z.infer<typeof TrialBillBody>;

export const TrialBill = z
  .object({
    accountNo: AccountNo,
    meterNo: z.string(),
    /** The period the bill would be for. */
    period: Period,
    previousReading: z.number(),
    reading: z.number(),
    usage: z.number(),
    unit: z.string(),
    items: z.array(BillItem),
    amountFen: Fen,
    tariffTitle: z.string(),
    /** After this usage. */
    tierPosition: TierPosition.nullable(),
    /** Set when the reading does not change what is charged (heating billed by area). */
    note: z.string().optional(),
  })
  .openapi('TrialBill');
export type TrialBill = z.infer<typeof TrialBill>;

export const UsageAnalysisQuery = z.object({
  year: z.coerce
    .number({ error: '年份应为数字' })
    .int('年份应为整数')
    .min(2000, '年份过早')
    .max(2100, '年份过晚')
    .optional(),
});
export type UsageAnalysisQuery = z.infer<typeof UsageAnalysisQuery>;

export const UsageAnalysis = z
  .object({
    accountNo: AccountNo,
    utility: z.enum(['gas', 'water', 'heating']),
    unit: z.string(),
    year: z.number().int(),
    months: z.array(
      z.object({
        month: z.number().int().min(1).max(12),
        /** null: no bill for the month (not yet, or none). */
        usage: z.number().nullable(),
        lastYearUsage: z.number().nullable(),
        /** Average of similar households that month; null when hidden (fewer than minHouseholds). */
        similarAverage: z.number().nullable(),
      }),
    ),
    totals: z.object({
      thisYear: z.number(),
      /** Last year over the same months as this year has bills for. */
      lastYearSamePeriod: z.number(),
      changePercent: z.number().nullable(),
    }),
    similar: z.object({
      /** Same community, utility and customer category; shown only with at least minHouseholds. */
      shown: z.boolean(),
      minHouseholds: z.number().int(),
      households: z.number().int().nullable(),
      community: z.string(),
      /** Average yearly usage so far of a similar household (same months as this account's bills). */
      averageThisYear: z.number().nullable(),
    }),
    tierPosition: TierPosition.nullable(),
  })
  .openapi('UsageAnalysis');
export type UsageAnalysis = z.infer<typeof UsageAnalysis>;

export const ReceiptLink = z
  .object({
    url: z
      .string()
      .openapi({ description: 'Relative to the API origin; valid until expiresAt without a token' }),
    expiresAt: IsoDateTime,
  })
  .openapi('ReceiptLink');
export type ReceiptLink = z.infer<typeof ReceiptLink>;

export const ReceiptQuery = z.object({
  exp: z.coerce.number().int('无效的有效期').positive('无效的有效期').optional(),
  sig: z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, '无效的签名')
    .optional(),
});
export type ReceiptQuery = z.infer<typeof ReceiptQuery>;
