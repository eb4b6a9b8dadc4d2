/**
 * The payments desk's back office: WeChat Pay's daily trade bill reconciled line by line against the
 * portal's payments, and the day's receipts exported for the finance system (金蝶 / 用友 vouchers).
 */
import { z } from './zod';
import { IsoDateTime } from './common';
import { isDay } from './time';

/** A past Shanghai day, named as the desk names it (账单日期 / 收款日期) in its error. */
const DAY = /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dayNamed = (name: string) =>
  z
    .string()
    .regex(DAY, `${name}应为 YYYY-MM-DD 格式`)
    // One message per field: a day of the wrong shape is not also told it does not exist.
    .refine((s) => !DAY.test(s) || isDay(s), `${name}不是有效日期`)
    .openapi({ example: '2026-12-01' });

export const TradeBillParams = z.object({ billDate: dayNamed('账单日期') });
export type TradeBillParams = z.infer<typeof TradeBillParams>;

export const TradeBillDiscrepancyKind = z.enum([
  /** WeChat took the money; the portal has no such order. */
  'missing_in_portal',
  /** The portal counts it paid that day; WeChat's bill has no such payment. */
  'missing_at_wechat',
  'amount_mismatch',
  /** WeChat paid; the portal still has it pending or closed (a lost notification, money after close). */
  'status_mismatch',
  'refund_missing_in_portal',
  'refund_missing_at_wechat',
  'refund_amount_mismatch',
  'refund_status_mismatch',
]);
export type TradeBillDiscrepancyKind = z.infer<typeof TradeBillDiscrepancyKind>;

export const TradeBillDiscrepancy = z.object({
  kind: TradeBillDiscrepancyKind,
  outTradeNo: z.string(),
  outRefundNo: z.string().optional(),
  accountNo: z.string().optional(),
  transactionId: z.string().optional(),
  wechatFen: z.number().int().optional(),
  portalFen: z.number().int().optional(),
  wechatStatus: z.string().optional(),
  portalStatus: z.string().optional(),
  /** What the run did about it: 'settled' when WeChat's query confirmed the payment and the portal recorded it. */
  resolution: z.enum(['settled']).optional(),
});
export type TradeBillDiscrepancy = z.infer<typeof TradeBillDiscrepancy>;

export const TradeBillReconciliation = z
  .object({
    billDate: z.string(),
    status: z.enum(['done', 'failed']),
    /** Who ran it: a staff username, or 'schedule'. */
    ranBy: z.string(),
    ranAt: IsoDateTime,
    runs: z.number().int(),
    hashValue: z.string().optional(),
    /** The bill's own summary line, in fen. */
    summary: z
      .object({
        count: z.number().int(),
        settlementFen: z.number().int(),
        refundFen: z.number().int(),
        feeFen: z.number().int(),
      })
      .optional(),
    paymentLines: z.number().int(),
    refundLines: z.number().int(),
    matched: z.number().int(),
    discrepancies: z.array(TradeBillDiscrepancy),
    error: z.string().optional(),
  })
  .openapi('TradeBillReconciliation');
export type TradeBillReconciliation = z.infer<typeof TradeBillReconciliation>;

export const ReceiptExportQuery = z.object({
  date: dayNamed('收款日期'),
  format: z.enum(['csv', 'xlsx'], { message: '导出格式应为 csv 或 xlsx' }),
  layout: z
    .enum(['kingdee', 'yonyou'], { message: '凭证格式应为 kingdee(金蝶)或 yonyou(用友)' })
    .default('kingdee'),
});
export type ReceiptExportQuery = z.infer<typeof ReceiptExportQuery>;
