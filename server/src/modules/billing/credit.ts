/**
 * A household's credit (余额): money it paid that settled no bill. The portal keeps no prepaid balance;
 * credit arises when WeChat took money for bills another payment had already paid (a double payment,
 * also a payment that succeeded after the portal closed it while the bills were paid meanwhile), flagged
 * `double_payment` by settlement. Per payment the credit is the amount of its bills it did not settle,
 * less what was already refunded of it (a staff refund counts against the credit first).
 *
 * 销户 gives the credit back (refundCredit): one refund per such payment, to the payer's original
 * channel, through the ordinary refund path (reserved on the payment, queued in the outbox, sent to
 * WeChat). Its out_refund_no is derived from the payment and the 销户 order, so repeating the step after
 * a crash names the same refunds and reserves nothing twice.
 */
import type { AppDeps } from '../../deps';
import { BillModel } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { outRefundNoFor, queueRefundCall, reserveRefund, sendRefund } from './refunds.service';

const REFUNDABLE = ['paid', 'partially_refunded'];

export type CreditRefund = { outTradeNo: string; outRefundNo: string; amountFen: number };

/** Credit per payment of the account (only payments with some), in fen. */
export async function creditOf(accountNo: string): Promise<{ outTradeNo: string; creditFen: number }[]> {
  const payments = await PaymentModel.find(
    { accountNo, anomaly: 'double_payment', status: { $in: REFUNDABLE } },
    { outTradeNo: 1, billIds: 1, amountFen: 1, refundableFen: 1 },
  ).lean<PaymentDoc[]>();
  if (!payments.length) return [];
  const bills = await BillModel.find(
    { _id: { $in: payments.flatMap((p) => p.billIds) } },
    { amountDue: 1, paidOutTradeNo: 1 },
  ).lean<{ _id: unknown; amountDue: number; paidOutTradeNo?: string }[]>();
  const billById = new Map(bills.map((b) => [String(b._id), b]));
  return payments.flatMap((p) => {
    const unsettledFen = p.billIds
      .map((id) => billById.get(String(id)))
      .filter((b) => b && b.paidOutTradeNo !== p.outTradeNo)
      .reduce((n, b) => n + b!.amountDue, 0);
    const alreadyBackFen = p.amountFen - p.refundableFen;
    const creditFen = Math.min(p.refundableFen, Math.max(0, unsettledFen - alreadyBackFen));
    return creditFen > 0 ? [{ outTradeNo: p.outTradeNo, creditFen }] : [];
  });
}

/**
 * Refunds the account's credit, keyed by `orderNo`: the refunds this order already reserved are returned
 * as they are (and their call queued again), new credit is reserved once. Returns every refund of this order.
 */
export async function refundCredit(
  deps: AppDeps,
  c: { accountNo: string; orderNo: string; reason: string },
): Promise<CreditRefund[]> {
  const key = `accountClose:${c.orderNo}`;
  const mine = (p: Pick<PaymentDoc, 'outTradeNo' | 'refunds'>) =>
    p.refunds.find((r) => r.outRefundNo === outRefundNoFor(p.outTradeNo, key));
  // Refunds an earlier run of this step reserved: the same refunds, whatever the credit is now.
  const earlier = (
    await PaymentModel.find({ accountNo: c.accountNo, 'refunds.idempotencyKey': key }).lean<PaymentDoc[]>()
  ).flatMap((p) => {
    const r = mine(p);
    return r ? [{ outTradeNo: p.outTradeNo, outRefundNo: r.outRefundNo, amountFen: r.amountFen }] : [];
  });
  const done = new Set(earlier.map((r) => r.outTradeNo));
  const fresh: CreditRefund[] = [];
  for (const { outTradeNo, creditFen } of await creditOf(c.accountNo)) {
    if (done.has(outTradeNo)) continue;
    const outRefundNo = outRefundNoFor(outTradeNo, key);
    const reserved = await reserveRefund(deps, {
      outTradeNo,
      outRefundNo,
      amountFen: creditFen,
      reason: c.reason,
      requestedBy: 'system',
      idempotencyKey: key,
    });
    if (reserved) fresh.push({ outTradeNo, outRefundNo, amountFen: creditFen });
  }
  const all = [...earlier, ...fresh];
  for (const r of all) {
    await queueRefundCall(r.outTradeNo, r.outRefundNo);
    await sendRefund(deps, r.outTradeNo, r.outRefundNo).catch((err) =>
      deps.logger.warn({ err, ...r }, 'credit refund call failed; the outbox retries it'),
    );
  }
  return all;
}
