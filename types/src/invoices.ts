/**
 * 电子发票 (e-invoice) requests: a resident asks for an invoice of a paid bill; the portal sends the
 * request through the outbox to the utility's invoicing system and shows its status.
 */
import { z } from './zod';
import { Fen, IsoDateTime, ObjectId } from './common';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 统一社会信用代码 (GB 32100-2015), the tax number on every 增值税发票 since 2015: 18 characters from
 * 0-9 and capital letters without I, O, Z, S, V; the last one is a check character (mod 31).
 */
export function isValidTaxNumber(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  const sum = USCC_WEIGHTS.reduce((n, w, i) => n + USCC_CHARS.indexOf(value[i]) * w, 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARS[check] === value[17];
}

export const TaxNumber = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  // A code of the wrong length gets one message, not also the check-character one.
  .refine((s) => s.length === 18, { message: '纳税人识别号应为 18 位统一社会信用代码', abort: true })
  .refine(isValidTaxNumber, '纳税人识别号有误,请核对统一社会信用代码')
  .openapi({ example: '91110105MA01ABCD26' });
export type TaxNumber = z.infer<typeof TaxNumber>;

export const InvoiceTitleType = z.enum(['personal', 'company']);
export type InvoiceTitleType = z.infer<typeof InvoiceTitleType>;

export const RequestInvoiceBody = z
  .object({
    titleType: InvoiceTitleType,
    title: z.string().trim().min(1, '请填写发票抬头').max(100, '发票抬头不超过 100 字'),
    /** Required for a company title (单位), left out for a personal one (个人). */
    taxNumber: TaxNumber.optional(),
    email: z.string().trim().max(100, '邮箱地址过长').pipe(z.email('邮箱地址格式不正确')),
  })
  .superRefine((b, ctx) => {
    if (b.titleType === 'company' && !b.taxNumber)
      ctx.addIssue({ code: 'custom', path: ['taxNumber'], message: '单位抬头须填写纳税人识别号' });
  })
  .openapi('RequestInvoiceBody');
export type RequestInvoiceBody = z.infer<typeof RequestInvoiceBody>;

/** requested: waiting to be sent; issued: the invoicing system issued it (number, sent by e-mail); failed: refused. */
export const InvoiceStatus = z.enum(['requested', 'issued', 'failed']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const InvoiceRequest = z
  .object({
    id: ObjectId,
    billId: ObjectId,
    accountNo: z.string(),
    amountFen: Fen,
    titleType: InvoiceTitleType,
    title: z.string(),
    taxNumber: z.string().optional(),
    /** Masked: z***@example.com. */
    email: z.string(),
    status: InvoiceStatus,
    invoiceNo: z.string().optional(),
    issuedAt: IsoDateTime.optional(),
    /** Why the invoicing system refused it (failed). */
    failureReason: z.string().optional(),
    requestedAt: IsoDateTime,
  })
  .openapi('InvoiceRequest');
export type InvoiceRequest = z.infer<typeof InvoiceRequest>;
