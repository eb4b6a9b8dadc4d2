/**
 * 注销, billing's part: money records are kept (accounting and tax law) but no longer name the person.
 * Payments and refunds keep amounts, 户号, outTradeNo and the anonymous user they were made by; the
 * payer's openid is dropped. Invoice requests keep what the issued invoice says (title, tax number) and
 * lose the e-mail (one still with the invoicing system, once it answers); self readings lose who
 * submitted them.
 */
import { InvoiceRequestModel } from './invoices/invoiceRequest.model';
import { MeterReadingModel } from './meterReading.model';
import { PaymentModel } from './payment.model';

/** What stands in for an erased payer's openid (the field is required; WeChat never needs it after prepay). */
export const ERASED_OPENID = 'erased';

export async function forgetPayer(userId: string): Promise<Record<string, number>> {
  const payments = await PaymentModel.updateMany(
    { userId, openid: { $ne: ERASED_OPENID } },
    { $set: { openid: ERASED_OPENID } },
  );
  const invoices = await InvoiceRequestModel.updateMany(
    { userId, status: { $ne: 'requested' }, email: { $ne: '' } },
    { $set: { email: '' } },
  );
  // One still with the invoicing system keeps its address until it is answered (invoicingGateway.ts).
  await InvoiceRequestModel.updateMany({ userId, status: 'requested' }, { $set: { forgetEmail: true } });
  const readings = await MeterReadingModel.updateMany(
    { submittedBy: userId },
    { $unset: { submittedBy: 1 } },
  );
  return {
    paymentsKept: await PaymentModel.countDocuments({ userId }),
    paymentsDetached: payments.modifiedCount,
    invoicesDetached: invoices.modifiedCount,
    readingsDetached: readings.modifiedCount,
  };
}
