/** The billing feature's outbox jobs: closing orders at WeChat, refunds, reconciliation, reminders. */
import type { AppDeps } from '../../deps';
import { PermanentError, type JobHandler } from '../../platform/outbox/worker';
import { isOrderPaid, WechatPayError } from '../../platform/wechat';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { INVOICE_JOB } from './invoices/invoices.service';
import { issueInvoice } from './invoices/invoicingGateway';
import { CLOSE_ORDER_JOB } from './payments.service';
import { reconcileOne, runReconciliation } from './reconciliation';
import { REFUND_JOB, sendRefund } from './refunds.service';
import { REMINDER_JOB, runBillReminders } from './reminders';
import { reconcileYesterdaysTradeBill } from './tradeBill/tradeBill.service';
import { sendWriteOff, WRITE_OFF_JOB } from './writeOff';

export const RECONCILE_JOB = 'billing.reconcile';
/** Yesterday's WeChat Pay trade bill, reconciled once it exists (hourly; a done day is skipped). */
export const TRADE_BILL_JOB = 'billing.tradeBill';
/** Downloads the WeChat Pay platform certificates again (the official SDKs do so hourly to daily) and reports any close to expiry. */
export const PAY_CERTIFICATES_JOB = 'billing.payCertificates';

/** Closes an order at WeChat that the portal gave up on; if the resident paid it after all, it is settled. */
async function closeOrder(deps: AppDeps, outTradeNo: string): Promise<string> {
  try {
    await deps.wechat.pay().closeOrder(outTradeNo);
    return 'closed';
  } catch (e) {
    if (!(e instanceof WechatPayError)) throw e;
    if (e.payCode === 'ORDER_NOT_EXIST' || e.payCode === 'ORDER_CLOSED') return e.payCode;
    if (isOrderPaid(e)) {
      const p = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
      if (!p) throw new PermanentError(`paid order ${outTradeNo} has no payment`);
      return reconcileOne(deps, p, { closeIfUnpaid: false });
    }
    throw e;
  }
}

export function billingJobs(deps: AppDeps): Record<string, JobHandler> {
  return {
    [CLOSE_ORDER_JOB]: (p) => closeOrder(deps, String(p.outTradeNo)),
    [REFUND_JOB]: (p) => sendRefund(deps, String(p.outTradeNo), String(p.outRefundNo)),
    [RECONCILE_JOB]: () => runReconciliation(deps),
    [REMINDER_JOB]: () => runBillReminders(deps),
    [INVOICE_JOB]: issueInvoice(deps),
    [PAY_CERTIFICATES_JOB]: () => refreshPayCertificates(deps),
    [TRADE_BILL_JOB]: () => reconcileYesterdaysTradeBill(deps),
    [WRITE_OFF_JOB]: sendWriteOff(deps),
  };
}

/** A merchant with only the WeChat Pay public key has no certificates to watch (WeChat answers 403 NOT_ENOUGH). */
async function refreshPayCertificates(deps: AppDeps): Promise<string> {
  try {
    const certs = await deps.wechat.pay().refreshCertificates();
    return certs.map((c) => `${c.serial} until ${c.expiresAt.toISOString()}`).join('; ');
  } catch (e) {
    if (e instanceof WechatPayError && e.payCode === 'NOT_ENOUGH' && deps.config.WECHAT_PAY_PUBLIC_KEY_ID)
      return 'public key only';
    throw e;
  }
}

export function billingSchedules(deps: AppDeps): Record<string, number> {
  return {
    [RECONCILE_JOB]: deps.config.PAYMENT_RECONCILE_EVERY_SECONDS * 1000,
    [REMINDER_JOB]: 3600_000,
    ...(deps.config.WECHAT_PAY_MCHID
      ? { [PAY_CERTIFICATES_JOB]: 12 * 3600_000, [TRADE_BILL_JOB]: 3600_000 }
      : {}),
  };
}
