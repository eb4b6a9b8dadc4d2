/** What the result page shows while the server confirms a payment. */
import type { Payment } from '@portal/types';

export type PaymentPhase = 'waiting' | 'paid' | 'closed' | 'unknown';

export const MAX_POLLS = 20;

export function paymentPhase(payment: Payment | undefined, attempts: number): PaymentPhase {
  if (
    payment?.status === 'paid' ||
    payment?.status === 'refunded' ||
    payment?.status === 'partially_refunded'
  )
    return 'paid';
  if (payment?.status === 'closed') return 'closed';
  return attempts >= MAX_POLLS ? 'unknown' : 'waiting';
}

/** First check at once, then every 1.5 s, slowing to 5 s. */
export const pollDelayMs = (attempt: number) => (attempt === 0 ? 0 : Math.min(1500 + attempt * 250, 5000));
