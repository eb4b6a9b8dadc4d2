/** Who may see a payment (residents' result pages, staff payment details and refunds). */
import type { Auth } from '../../platform/auth/auth';
import { assertInArea } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { accountSummaries, currentBindings } from '../accounts';
import { PaymentModel, type PaymentDoc } from './payment.model';

/**
 * The payment, if the caller may see it (else 404): the payer; a resident bound to its account since
 * before it was made; staff whose areas cover it (payments policy).
 */
export async function findAccessiblePayment(auth: Auth, outTradeNo: string): Promise<PaymentDoc> {
  const p = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  if (!p) throw errors.paymentNotFound();
  if (auth.kind === 'resident') {
    if (p.userId.toString() === auth.userId) return p;
    const binding = (await currentBindings(auth.userId)).find((b) => b.accountNo === p.accountNo);
    if (!binding || (p.createdAt ?? new Date(0)) < binding.since) throw errors.paymentNotFound();
    return p;
  }
  const areaCode = p.areaCode ?? (await accountSummaries([p.accountNo]))[0]?.areaCode;
  assertInArea(auth, 'payments', areaCode, errors.paymentNotFound);
  return p;
}
