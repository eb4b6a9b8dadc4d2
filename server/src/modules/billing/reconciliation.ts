/**
 * Reconciliation: WeChat is asked about payments whose notification has not come. Runs on a schedule
 * (outbox), on demand (staff), from the resident's polling, and when a new payment needs bills an
 * old pending one holds. Also repairs half-finished work after a crash: paid payments whose bills
 * were not all moved, bills still held by a payment that is no longer pending, refunds in flight.
 */
import type { ReconciliationChange, ReconciliationResult } from '@portal/types';
import { reconciliations } from '../../platform/metrics';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { inArea } from '../../platform/auth/areaScope';
import { isOrderPaid, WechatPayError, type Transaction } from '../../platform/wechat';
import { BillModel } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { closePayment, releaseBills, settleBills, settlePaid } from './settlement';
import { syncRefund } from './refunds.service';

export type ReconcileOutcome = 'settled' | 'closed' | 'pending' | 'mismatch';

/** Checks a WeChat transaction against our payment: the same order, merchant, app and amount. */
export function transactionMismatch(p: PaymentDoc, tx: Transaction): string | undefined {
  if (tx.out_trade_no !== p.outTradeNo) return 'out_trade_no';
  if (tx.mchid !== p.mchid) return 'mchid';
  if (tx.appid !== p.appid) return 'appid';
  if (tx.amount?.total !== p.amountFen) return 'amount';
  return undefined;
}

export async function reconcileOne(
  deps: AppDeps,
  p: PaymentDoc,
  opts: { closeIfUnpaid: boolean },
): Promise<ReconcileOutcome> {
  const pay = deps.wechat.pay();
  let tx: Transaction;
  try {
    tx = await pay.queryByOutTradeNo(p.outTradeNo);
  } catch (e) {
    if (e instanceof WechatPayError && e.payCode === 'ORDER_NOT_EXIST') {
      // Never reached WeChat (prepay failed, or a crash before it): nobody can pay it.
      if (opts.closeIfUnpaid || !p.prepayId)
        return (await closePayment(deps, p.outTradeNo, 'not_at_wechat')) ? 'closed' : 'pending';
      return 'pending';
    }
    throw e;
  }
  return applyTransaction(deps, p, tx, opts);
}

async function applyTransaction(
  deps: AppDeps,
  p: PaymentDoc,
  tx: Transaction,
  opts: { closeIfUnpaid: boolean },
): Promise<ReconcileOutcome> {
  const pay = deps.wechat.pay();
  switch (tx.trade_state) {
    case 'SUCCESS':
    case 'REFUND': {
      const bad = transactionMismatch(p, tx);
      if (bad) {
        deps.logger.error(
          { outTradeNo: p.outTradeNo, field: bad },
          'WeChat order does not match the payment',
        );
        return 'mismatch';
      }
      await settlePaid(deps, p.outTradeNo, {
        transactionId: tx.transaction_id ?? '',
        paidAt: tx.success_time ? new Date(tx.success_time) : deps.clock.now(),
        amountFen: tx.amount.total,
        via: 'query',
      });
      return 'settled';
    }
    case 'CLOSED':
    case 'REVOKED':
    case 'PAYERROR':
      await closePayment(deps, p.outTradeNo, `wechat_${tx.trade_state.toLowerCase()}`);
      return 'closed';
    default: {
      // NOTPAY / USERPAYING
      if (!opts.closeIfUnpaid) return 'pending';
      try {
        await pay.closeOrder(p.outTradeNo);
      } catch (e) {
        // Paid in the moment between query and close: query again and settle.
        if (isOrderPaid(e)) {
          return applyTransaction(deps, p, await pay.queryByOutTradeNo(p.outTradeNo), opts);
        }
        if (!(e instanceof WechatPayError && e.payCode === 'ORDER_CLOSED')) throw e;
      }
      await closePayment(deps, p.outTradeNo, 'expired');
      return 'closed';
    }
  }
}

type AreaChange = ReconciliationChange & { areaCode?: string };

/**
 * A staff member's run: the whole sweep runs (money is reconciled for everyone), and the list of what it
 * changed shows only payments in their areas (payments policy).
 */
export async function runReconciliationFor(
  deps: AppDeps,
  auth: StaffAuth,
  opts: { minAgeMs?: number },
): Promise<ReconciliationResult> {
  const r = await runReconciliation(deps, opts);
  return {
    ...r,
    changes: r.changes
      .filter((c) => inArea(auth, 'payments', c.areaCode))
      .map(({ outTradeNo, accountNo, change }) => ({ outTradeNo, accountNo, change })),
  };
}

export async function runReconciliation(
  deps: AppDeps,
  opts: { minAgeMs?: number; limit?: number } = {},
): Promise<Omit<ReconciliationResult, 'changes'> & { changes: AreaChange[] }> {
  const now = deps.clock.now();
  const minAgeMs = opts.minAgeMs ?? deps.config.PAYMENT_RECONCILE_AFTER_MINUTES * 60_000;
  const cutoff = new Date(now.getTime() - minAgeMs);
  const limit = opts.limit ?? 500;
  const changes: AreaChange[] = [];
  const result = { checked: 0, settled: 0, closed: 0, errors: 0, changes };
  const changed = (
    p: Pick<PaymentDoc, 'outTradeNo' | 'accountNo' | 'areaCode'>,
    change: ReconciliationChange['change'],
  ) =>
    changes.push({
      outTradeNo: p.outTradeNo,
      accountNo: p.accountNo,
      change,
      areaCode: p.areaCode ?? undefined,
    });

  const pending = await PaymentModel.find({ status: 'pending', createdAt: { $lte: cutoff } })
    .sort({ createdAt: 1 })
    .limit(limit)
    .lean<PaymentDoc[]>();
  for (const p of pending) {
    result.checked++;
    try {
      const closeIfUnpaid = !p.expiresAt || p.expiresAt <= now || !p.prepayId;
      const outcome = await reconcileOne(deps, p, { closeIfUnpaid });
      reconciliations.inc({ result: String(outcome) });
      if (outcome === 'settled') result.settled++;
      if (outcome === 'closed') result.closed++;
      if (outcome === 'settled' || outcome === 'closed') changed(p, outcome);
    } catch (e) {
      reconciliations.inc({ result: 'error' });
      result.errors++;
      deps.logger.warn({ err: e, outTradeNo: p.outTradeNo }, 'reconciliation failed for payment');
    }
  }

  // Paid, but a crash came before every bill was moved.
  const unsettled = await PaymentModel.find({
    status: { $in: ['paid', 'partially_refunded'] },
    billsSettledAt: { $exists: false },
    paidAt: { $lte: cutoff },
  })
    .limit(limit)
    .lean<PaymentDoc[]>();
  for (const p of unsettled) {
    await settleBills(deps, p).then(
      () => changed(p, 'billsSettled'),
      () => result.errors++,
    );
  }

  // Bills still held by a payment that is no longer pending (a crash between close and release).
  const held = await BillModel.distinct('payingOutTradeNo', {
    status: 'paying',
    updatedAt: { $lte: cutoff },
  });
  for (const outTradeNo of held.filter(Boolean) as string[]) {
    const p = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
    if (!p || p.status === 'closed') {
      await releaseBills(outTradeNo, now);
      if (p) changed(p, 'billsReleased');
    } else if (p.status !== 'pending') {
      await settleBills(deps, p).then(
        () => changed(p, 'billsSettled'),
        () => result.errors++,
      );
    }
  }

  // Refunds WeChat has not confirmed yet, and abnormal ones staff may have finished in the merchant platform.
  const open = ['processing', 'abnormal'];
  const refunding = await PaymentModel.find({
    refunds: { $elemMatch: { status: { $in: open }, createdAt: { $lte: cutoff } } },
  })
    .limit(limit)
    .lean<PaymentDoc[]>();
  for (const p of refunding) {
    for (const r of p.refunds.filter((x) => open.includes(x.status))) {
      await syncRefund(deps, p.outTradeNo, r.outRefundNo).then(
        () => changed(p, 'refundChecked'),
        () => result.errors++,
      );
    }
  }
  return result;
}
