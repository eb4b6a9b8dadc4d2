/**
 * Refunds (staff, audited). The amount is reserved on the payment in the same single update that
 * records the refund (refundableFen only goes down while ≥ 0), so concurrent refunds never exceed
 * what was paid. The WeChat call then goes out at once and, if that fails, from the outbox
 * (out_refund_no is WeChat's idempotency key, so a repeat is harmless). Every refund request carries an
 * Idempotency-Key and out_refund_no is derived from it, so a double submit or a retried attempt is one refund. The outcome comes from the call's
 * answer, the REFUND.* notification or the reconciliation query, applied once: SUCCESS counts the
 * refund, CLOSED (or a refusal such as INVALID_REQUEST) gives the reserved amount back, ABNORMAL keeps
 * it reserved for staff to finish in the merchant platform. NOT_ENOUGH (the merchant's balance) and
 * rate limits are retried.
 */
import { createHash } from 'node:crypto';
import type { RefundPaymentBody, StaffPayment } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { actorOf, audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { enqueue } from '../../platform/outbox/outbox';
import { WechatPayError, type RefundResult } from '../../platform/wechat';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { toStaffPayment } from './paymentView';
import { findAccessiblePayment } from './paymentAccess';
import { applyRefundAbnormal, applyRefundFailed, applyRefundSuccess } from './settlement';

export const REFUND_JOB = 'billing.refund';

/**
 * WeChat's out_refund_no for one refund attempt: a hash of the payment and the attempt's Idempotency-Key, so
 * every retry of the attempt (lost answer, double submit, a second tab) names the same refund, here and at
 * WeChat, and a second refund can only come from a second key. R + 31 hex chars: 32 chars (WeChat allows 64).
 */
export function outRefundNoFor(outTradeNo: string, idempotencyKey: string): string {
  return `R${createHash('sha256').update(`${outTradeNo}\n${idempotencyKey}`).digest('hex').slice(0, 31)}`;
}

export async function refundPayment(
  deps: AppDeps,
  staff: StaffAuth,
  outTradeNo: string,
  body: RefundPaymentBody,
  idempotencyKey: string,
  requestId?: string,
): Promise<StaffPayment> {
  const p = await findAccessiblePayment(staff, outTradeNo);
  const outRefundNo = outRefundNoFor(outTradeNo, idempotencyKey);
  // A retry of an attempt that already reserved its refund: the same refund.
  if (p.refunds.some((r) => r.outRefundNo === outRefundNo)) return toStaffPayment(p);
  if (!['paid', 'partially_refunded'].includes(p.status)) throw errors.paymentNotRefundable();
  const amountFen = body.amountFen ?? p.refundableFen;
  if (amountFen <= 0) throw errors.refundExceedsPaid();
  const reserved = await reserveRefund(deps, {
    outTradeNo,
    outRefundNo,
    amountFen,
    reason: body.reason,
    requestedBy: staff.staffId,
    idempotencyKey,
  });
  if (!reserved) {
    // Two retries of one attempt raced: the other one reserved it.
    const other = await PaymentModel.findOne({
      outTradeNo,
      'refunds.outRefundNo': outRefundNo,
    }).lean<PaymentDoc>();
    if (other) return toStaffPayment(other);
    throw errors.refundExceedsPaid();
  }
  await audit.record({
    actor: actorOf(staff),
    action: 'payment.refund',
    target: { kind: 'payment', id: outTradeNo },
    after: { outRefundNo, amountFen, reason: body.reason },
    requestId,
  });
  await sendRefund(deps, outTradeNo, outRefundNo).catch((e) =>
    deps.logger.warn({ err: e, outTradeNo, outRefundNo }, 'refund call failed; the outbox retries it'),
  );
  return toStaffPayment((await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>())!);
}

/**
 * Reserves `amountFen` of the payment for one refund (named by outRefundNo) and queues its WeChat call, in
 * one guarded update: refundableFen only goes down while ≥ 0, and a refund already reserved under this
 * outRefundNo is never reserved twice. Null when nothing was reserved (already there, or not enough left).
 */
export async function reserveRefund(
  deps: AppDeps,
  r: {
    outTradeNo: string;
    outRefundNo: string;
    amountFen: number;
    reason: string;
    requestedBy: string;
    idempotencyKey: string;
  },
): Promise<PaymentDoc | null> {
  const now = deps.clock.now();
  const reserved = await PaymentModel.findOneAndUpdate(
    {
      outTradeNo: r.outTradeNo,
      status: { $in: ['paid', 'partially_refunded'] },
      refundableFen: { $gte: r.amountFen },
      'refunds.outRefundNo': { $ne: r.outRefundNo },
    },
    {
      $inc: { refundableFen: -r.amountFen },
      $push: {
        refunds: {
          outRefundNo: r.outRefundNo,
          amountFen: r.amountFen,
          status: 'processing',
          reason: r.reason,
          requestedBy: r.requestedBy,
          idempotencyKey: r.idempotencyKey,
          createdAt: now,
        },
        timeline: { at: now, event: 'refundRequested', note: `${r.amountFen} 分:${r.reason}` },
      },
    },
    { new: true },
  ).lean<PaymentDoc>();
  if (reserved) await queueRefundCall(r.outTradeNo, r.outRefundNo);
  return reserved;
}

/** The outbox sends a reserved refund if the immediate call never happens (deduped per refund). */
export async function queueRefundCall(outTradeNo: string, outRefundNo: string): Promise<void> {
  await enqueue({
    kind: REFUND_JOB,
    dedupeKey: `refund:${outRefundNo}`,
    payload: { outTradeNo, outRefundNo },
  });
}

async function applyRefundResult(deps: AppDeps, outTradeNo: string, r: RefundResult): Promise<void> {
  if (r.status === 'SUCCESS') {
    await applyRefundSuccess(deps, outTradeNo, r.out_refund_no, {
      refundId: r.refund_id,
      at: r.success_time ? new Date(r.success_time) : deps.clock.now(),
    });
  } else if (r.status === 'CLOSED') {
    await applyRefundFailed(deps, outTradeNo, r.out_refund_no, 'wechat_closed');
  } else if (r.status === 'ABNORMAL') {
    await applyRefundAbnormal(deps, outTradeNo, r.out_refund_no);
  } else if (r.refund_id) {
    await PaymentModel.updateOne(
      { outTradeNo, refunds: { $elemMatch: { outRefundNo: r.out_refund_no, refundId: { $exists: false } } } },
      { $set: { 'refunds.$.refundId': r.refund_id } },
    );
  }
}

/** Asks WeChat to refund (idempotent by out_refund_no) and records what it answered. */
export async function sendRefund(deps: AppDeps, outTradeNo: string, outRefundNo: string): Promise<void> {
  const p = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  const refund = p?.refunds.find((r) => r.outRefundNo === outRefundNo);
  if (!p || !refund || refund.status !== 'processing') return;
  let r: RefundResult;
  try {
    r = await deps.wechat.pay().refund({
      outTradeNo,
      outRefundNo,
      refundFen: refund.amountFen,
      totalFen: p.amountFen,
      reason: refund.reason ?? undefined,
      notifyUrl: deps.config.WECHAT_PAY_NOTIFY_URL,
    });
  } catch (e) {
    // A refusal (not enough balance is retried; a bad request is final) releases the reserved amount.
    if (
      e instanceof WechatPayError &&
      e.httpStatus &&
      e.httpStatus >= 400 &&
      e.httpStatus < 500 &&
      e.payCode !== 'NOT_ENOUGH' &&
      e.payCode !== 'FREQUENCY_LIMITED'
    ) {
      await applyRefundFailed(deps, outTradeNo, outRefundNo, e.payCode);
      return;
    }
    throw e;
  }
  await applyRefundResult(deps, outTradeNo, r);
}

/** Reconciliation: asks WeChat how a processing refund ended. */
export async function syncRefund(deps: AppDeps, outTradeNo: string, outRefundNo: string): Promise<void> {
  let r: RefundResult;
  try {
    r = await deps.wechat.pay().queryRefund(outRefundNo);
  } catch (e) {
    // Never reached WeChat (crash before the call): send it now.
    if (e instanceof WechatPayError && e.payCode === 'RESOURCE_NOT_EXISTS')
      return sendRefund(deps, outTradeNo, outRefundNo);
    throw e;
  }
  await applyRefundResult(deps, outTradeNo, r);
}
