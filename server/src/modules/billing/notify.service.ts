/**
 * wechatPayNotify: WeChat telling us a payment or refund succeeded. Verified over the raw body
 * (signature by platform certificate or WeChat Pay public key, timestamp window), decrypted, matched
 * against our own payment, then applied through the idempotent state machine. Anything that does not
 * verify or match changes nothing, is logged, and gets WeChat's failure answer (WeChat retries; the
 * reconciliation query settles a genuine payment whatever happens to its notifications).
 */
import type { AppDeps } from '../../deps';
import { payNotifyRejected } from '../../platform/metrics';
import { errors } from '../../platform/http/errors';
import type { RefundResult, Transaction } from '../../platform/wechat';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { transactionMismatch } from './reconciliation';
import { applyRefundAbnormal, applyRefundFailed, applyRefundSuccess, settlePaid } from './settlement';

type RefundResource = Omit<RefundResult, 'status'> & { refund_status: RefundResult['status']; mchid: string };

export async function handlePayNotify(
  deps: AppDeps,
  raw: string,
  headers: Record<string, string | string[] | undefined>,
  requestId?: string,
): Promise<void> {
  let notification;
  try {
    notification = await deps.wechat.pay().verifyNotification<Record<string, unknown>>(raw, headers);
  } catch (e) {
    payNotifyRejected.inc({ reason: (e as { code?: string }).code ?? 'verification' });
    deps.logger.warn(
      { requestId, err: e, serial: headers['wechatpay-serial'] },
      'wechat pay notification rejected',
    );
    throw e;
  }
  const log = { requestId, notificationId: notification.id, eventType: notification.eventType };

  if (notification.eventType === 'TRANSACTION.SUCCESS') {
    const tx = notification.resource as unknown as Transaction;
    const p = await PaymentModel.findOne({ outTradeNo: tx.out_trade_no }).lean<PaymentDoc>();
    if (!p) {
      payNotifyRejected.inc({ reason: 'unknown_order' });
      deps.logger.error({ ...log, outTradeNo: tx.out_trade_no }, 'notification for an unknown order');
      throw errors.notificationMismatch('out_trade_no');
    }
    const bad = transactionMismatch(p, tx) ?? (tx.trade_state !== 'SUCCESS' ? 'trade_state' : undefined);
    if (bad) {
      payNotifyRejected.inc({ reason: 'mismatch' });
      deps.logger.error(
        { ...log, outTradeNo: p.outTradeNo, field: bad },
        'notification does not match the payment: ignored',
      );
      throw errors.notificationMismatch(bad);
    }
    // A repeat of a notification already fully applied: nothing left to do (one read, no writes).
    if (p.status !== 'pending' && p.status !== 'closed' && p.billsSettledAt) return;
    await settlePaid(deps, p.outTradeNo, {
      transactionId: tx.transaction_id ?? '',
      paidAt: tx.success_time ? new Date(tx.success_time) : deps.clock.now(),
      amountFen: tx.amount.total,
      via: 'notify',
    });
    return;
  }

  if (notification.eventType.startsWith('REFUND.')) {
    const r = notification.resource as unknown as RefundResource;
    const p = await PaymentModel.findOne({ outTradeNo: r.out_trade_no }).lean<PaymentDoc>();
    const refund = p?.refunds.find((x) => x.outRefundNo === r.out_refund_no);
    if (!p || !refund || r.mchid !== p.mchid || r.amount?.refund !== refund.amountFen) {
      payNotifyRejected.inc({ reason: 'refund_mismatch' });
      deps.logger.error(
        { ...log, outTradeNo: r.out_trade_no, outRefundNo: r.out_refund_no },
        'refund notification does not match',
      );
      throw errors.notificationMismatch('退款单');
    }
    if (r.refund_status === 'SUCCESS') {
      await applyRefundSuccess(deps, p.outTradeNo, r.out_refund_no, {
        refundId: r.refund_id,
        at: r.success_time ? new Date(r.success_time) : deps.clock.now(),
      });
    } else if (r.refund_status === 'CLOSED') {
      await applyRefundFailed(deps, p.outTradeNo, r.out_refund_no, 'wechat_closed');
    } else if (r.refund_status === 'ABNORMAL') {
      await applyRefundAbnormal(deps, p.outTradeNo, r.out_refund_no);
    }
    return;
  }
  deps.logger.info(log, 'notification of an event the portal does not handle: acknowledged');
}
