/** Giving up an unpaid order: closed at WeChat by the outbox (CLOSE_ORDER_JOB, jobs.ts) and here. */
import type { AppDeps } from '../../deps';
import { enqueue } from '../../platform/outbox/outbox';
import { closePayment } from './settlement';

export const CLOSE_ORDER_JOB = 'billing.closeOrder';

/**
 * WeChat's close is queued first: if this stops halfway, reconciliation closes the portal's side from
 * WeChat's answer. Returns whether the portal's payment was pending and is now closed.
 */
export async function closeEverywhere(deps: AppDeps, outTradeNo: string, reason: string): Promise<boolean> {
  await enqueue({ kind: CLOSE_ORDER_JOB, dedupeKey: `close:${outTradeNo}`, payload: { outTradeNo } });
  return closePayment(deps, outTradeNo, reason);
}
