/**
 * The payment state machine. Every function here is idempotent and safe to run concurrently with
 * itself and with the others; each step is one guarded single-document update, and each later step
 * is re-run by whoever comes next (a repeated notification, the reconciliation sweep), so a crash
 * between two steps is repaired rather than lost:
 *
 *   settlePaid:   payment pending|closed → paid (once) → each bill → paid (once) → billsSettledAt → receipt (deduped)
 *   closePayment: payment pending → closed (once) → bills it holds → unpaid/overdue
 *   applyRefund:  refund processing → success with refundedFen += amount (once) → payment status → bills back when fully refunded
 */
import { pageLink } from '@portal/types';
import type { AppDeps } from '../../deps';
import { paymentAnomalies } from '../../platform/metrics';
import { enqueueMessage } from '../messaging';
import { BillModel } from './bill.model';
import { queuePaymentWriteOff, queueRefundWriteOff } from './writeOff';
import { PaymentModel, type PaymentDoc } from './payment.model';

const event = (at: Date, name: string, note?: string) => ({ at, event: name, ...(note ? { note } : {}) });

/** Bills held by this (no longer pending) payment go back to unpaid, or overdue when past due. */
export async function releaseBills(outTradeNo: string, now: Date): Promise<void> {
  const held = { payingOutTradeNo: outTradeNo, status: 'paying' };
  await BillModel.updateMany(
    { ...held, dueDate: { $lt: now } },
    { $set: { status: 'overdue' }, $unset: { payingOutTradeNo: 1 } },
  );
  await BillModel.updateMany(held, { $set: { status: 'unpaid' }, $unset: { payingOutTradeNo: 1 } });
}

/** pending → closed, then its bills are released. Returns false when the payment was not pending. */
export async function closePayment(deps: AppDeps, outTradeNo: string, reason: string): Promise<boolean> {
  const now = deps.clock.now();
  const r = await PaymentModel.updateOne(
    { outTradeNo, status: 'pending' },
    {
      $set: { status: 'closed', closedReason: reason },
      $unset: { activeKey: 1 },
      $push: { timeline: event(now, 'closed', reason) },
    },
  );
  const payment = await PaymentModel.findOne({ outTradeNo }, { status: 1 }).lean();
  if (payment && payment.status === 'closed') await releaseBills(outTradeNo, now);
  return r.modifiedCount === 1;
}

export type PaidFacts = { transactionId: string; paidAt: Date; amountFen: number; via: 'notify' | 'query' };

/**
 * WeChat says the money arrived. Marks the payment paid (also from closed: a late success is money
 * received and is never dropped), then its bills, then enqueues the receipt. The caller has already
 * checked amount / mchid / appid against the payment.
 */
export async function settlePaid(deps: AppDeps, outTradeNo: string, facts: PaidFacts): Promise<PaymentDoc> {
  const now = deps.clock.now();
  const paid = {
    status: 'paid',
    transactionId: facts.transactionId,
    paidAt: facts.paidAt,
    refundableFen: facts.amountFen,
  };
  const paidEvent = event(now, 'paid', facts.via === 'notify' ? '支付通知' : '主动查单');
  // One guarded update per state the money can find the order in, the usual one (pending) first, each
  // answering the payment as it left it: one round trip when the order was pending. Pending first also
  // catches an order closed while this runs (pending, then closed); closed first could miss both.
  const after = { returnDocument: 'after' } as const;
  let payment = await PaymentModel.findOneAndUpdate(
    { outTradeNo, status: 'pending' },
    { $set: paid, $unset: { activeKey: 1 }, $push: { timeline: paidEvent } },
    after,
  ).lean<PaymentDoc>();
  if (payment) deps.logger.info({ outTradeNo, via: facts.via }, 'payment paid');
  else {
    // Money after the portal closed the order: recorded all the same, and flagged in the same update (a
    // closed payment carries no anomaly yet: those are found only once paid).
    payment = await PaymentModel.findOneAndUpdate(
      { outTradeNo, status: 'closed' },
      {
        $set: { ...paid, anomaly: 'paid_after_close' },
        $unset: { activeKey: 1 },
        $push: { timeline: { $each: [paidEvent, event(now, 'anomaly', '订单关闭后到账')] } },
      },
      after,
    ).lean<PaymentDoc>();
    if (payment) {
      paymentAnomalies.inc({ kind: 'paid_after_close' });
      deps.logger.info({ outTradeNo, via: facts.via }, 'payment paid');
    } else payment = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  }
  if (!payment) throw new Error(`payment ${outTradeNo} vanished`);
  await settleBills(deps, payment);
  return payment;
}

/** Moves each bill of a paid payment to paid (once), flags a double payment, sends the receipt. */
export async function settleBills(deps: AppDeps, payment: PaymentDoc): Promise<void> {
  const { outTradeNo } = payment;
  // Nothing to settle before it is paid, and nothing to re-pay after the money went back.
  if (payment.status === 'pending' || payment.status === 'closed' || payment.status === 'refunded') return;
  const paidAt = payment.paidAt ?? deps.clock.now();
  const conflicts: string[] = [];
  for (const billId of payment.billIds) {
    const r = await BillModel.updateOne(
      // Normally 'paying' held by this payment; after a late success the bill may be unpaid again,
      // or even held by a newer pending payment (that one will then find it paid and be flagged).
      { _id: billId, status: { $in: ['paying', 'unpaid', 'overdue'] } },
      { $set: { status: 'paid', paidOutTradeNo: outTradeNo, paidAt }, $unset: { payingOutTradeNo: 1 } },
    );
    if (r.modifiedCount === 1) continue;
    const bill = await BillModel.findById(billId, { status: 1, paidOutTradeNo: 1 }).lean();
    if (bill?.status === 'paid' && bill.paidOutTradeNo === outTradeNo) continue;
    conflicts.push(billId.toString());
  }
  if (conflicts.length) {
    // Money for a bill that is already paid (or cancelled): keep the money recorded, flag it for a refund.
    deps.logger.error({ outTradeNo, bills: conflicts }, 'payment for bills already paid: flagged for refund');
    const flagged = await PaymentModel.updateOne(
      // A double payment outranks money after close: it is the one that needs a refund.
      { outTradeNo, anomaly: { $ne: 'double_payment' } },
      {
        $set: { anomaly: 'double_payment' },
        $push: { timeline: event(deps.clock.now(), 'anomaly', `重复缴费:${conflicts.join(',')}`) },
      },
    );
    if (flagged.modifiedCount === 1) paymentAnomalies.inc({ kind: 'double_payment' });
  }
  await enqueueMessage(
    {
      userId: payment.userId.toString(),
      event: 'paymentReceipt',
      data: {
        accountNo: payment.accountNo,
        amountFen: payment.amountFen,
        paidAt: paidAt.toISOString(),
        outTradeNo,
      },
      page: pageLink('payResult', { outTradeNo }),
    },
    `receipt:${outTradeNo}`,
  );
  await queuePaymentWriteOff(deps, outTradeNo);
  // Last: billsSettledAt means every step above is done (a repeat may then stop early).
  if (!payment.billsSettledAt) {
    await PaymentModel.updateOne(
      { outTradeNo, billsSettledAt: { $exists: false } },
      { $set: { billsSettledAt: deps.clock.now() } },
    );
  }
}

/** A refund WeChat confirmed: counted once into refundedFen; a fully refunded payment releases its bills. */
export async function applyRefundSuccess(
  deps: AppDeps,
  outTradeNo: string,
  outRefundNo: string,
  facts: { refundId?: string; at: Date },
): Promise<void> {
  const payment = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  const refund = payment?.refunds.find((x) => x.outRefundNo === outRefundNo);
  if (!payment || !refund) throw new Error(`unknown refund ${outRefundNo} of ${outTradeNo}`);
  await PaymentModel.updateOne(
    {
      outTradeNo,
      refundsApplied: { $ne: outRefundNo },
      refunds: { $elemMatch: { outRefundNo, status: { $in: ['processing', 'abnormal'] } } },
    },
    {
      $set: {
        'refunds.$.status': 'success',
        'refunds.$.succeededAt': facts.at,
        ...(facts.refundId ? { 'refunds.$.refundId': facts.refundId } : {}),
      },
      $push: {
        refundsApplied: outRefundNo,
        timeline: event(deps.clock.now(), 'refunded', `退款 ${refund.amountFen} 分`),
      },
      $inc: { refundedFen: refund.amountFen },
    },
  );
  await syncRefundStatus(deps, outTradeNo);
  await queueRefundWriteOff(deps, outTradeNo, outRefundNo);
}

/** paid ↔ partially_refunded ↔ refunded follows refundedFen; bills return to unpaid on a full refund. */
export async function syncRefundStatus(deps: AppDeps, outTradeNo: string): Promise<void> {
  const p = await PaymentModel.findOne({ outTradeNo }, { refundedFen: 1, amountFen: 1, status: 1 }).lean();
  if (!p || !['paid', 'partially_refunded', 'refunded'].includes(p.status)) return;
  const status =
    p.refundedFen >= p.amountFen ? 'refunded' : p.refundedFen > 0 ? 'partially_refunded' : 'paid';
  await PaymentModel.updateOne(
    { outTradeNo, refundedFen: p.refundedFen, status: { $ne: status } },
    { $set: { status } },
  );
  if (status === 'refunded') {
    const now = deps.clock.now();
    const mine = { paidOutTradeNo: outTradeNo, status: 'paid' };
    const unset = { $unset: { paidOutTradeNo: 1, paidAt: 1 } };
    await BillModel.updateMany({ ...mine, dueDate: { $lt: now } }, { $set: { status: 'overdue' }, ...unset });
    await BillModel.updateMany(mine, { $set: { status: 'unpaid' }, ...unset });
  }
}

/** A refund WeChat refused or closed: the reserved amount becomes refundable again (once). */
/**
 * WeChat answered ABNORMAL: the money could not go back to the payer (a cancelled or frozen card). It
 * has left the merchant, so the amount stays reserved; staff finish it in the merchant platform
 * (异常退款), after which WeChat reports SUCCESS and reconciliation applies it.
 */
export async function applyRefundAbnormal(
  deps: AppDeps,
  outTradeNo: string,
  outRefundNo: string,
): Promise<void> {
  const r = await PaymentModel.updateOne(
    { outTradeNo, refunds: { $elemMatch: { outRefundNo, status: 'processing' } } },
    {
      $set: { 'refunds.$.status': 'abnormal' },
      $push: {
        timeline: event(
          deps.clock.now(),
          'refundAbnormal',
          '退款异常:原路退回失败,请在微信支付商户平台处理异常退款',
        ),
      },
    },
  );
  if (r.modifiedCount === 1)
    deps.logger.error(
      { event: 'refund.abnormal', outTradeNo, outRefundNo },
      'WeChat could not return a refund: handle it in the merchant platform',
    );
}

export async function applyRefundFailed(
  deps: AppDeps,
  outTradeNo: string,
  outRefundNo: string,
  why: string,
): Promise<void> {
  const payment = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  const refund = payment?.refunds.find((x) => x.outRefundNo === outRefundNo);
  if (!refund) return;
  await PaymentModel.updateOne(
    { outTradeNo, refunds: { $elemMatch: { outRefundNo, status: { $in: ['processing', 'abnormal'] } } } },
    {
      $set: { 'refunds.$.status': 'failed' },
      $inc: { refundableFen: refund.amountFen },
      $push: { timeline: event(deps.clock.now(), 'refundFailed', why) },
    },
  );
}
