/** Payment documents → API shapes. */
import type { Payment, StaffPayment } from '@portal/types';
import type { PaymentDoc } from './payment.model';

export function toPayment(p: PaymentDoc): Payment {
  return {
    outTradeNo: p.outTradeNo,
    accountNo: p.accountNo,
    billIds: p.billIds.map(String),
    amountFen: p.amountFen,
    status: p.status as Payment['status'],
    channel: p.channel as Payment['channel'],
    transactionId: p.transactionId ?? undefined,
    paidAt: p.paidAt?.toISOString(),
    refundedFen: p.refundedFen ?? 0,
    createdAt: p.createdAt.toISOString(),
    timeline: (p.timeline ?? []).map((e) => ({
      at: e.at.toISOString(),
      event: e.event ?? '',
      note: e.note ?? undefined,
    })),
  };
}

export function toStaffPayment(p: PaymentDoc): StaffPayment {
  return {
    ...toPayment(p),
    anomaly: p.anomaly ?? undefined,
    refunds: (p.refunds ?? []).map((r) => ({
      outRefundNo: r.outRefundNo,
      amountFen: r.amountFen,
      status: r.status as StaffPayment['refunds'][number]['status'],
      reason: r.reason ?? undefined,
      createdAt: r.createdAt.toISOString(),
      succeededAt: r.succeededAt?.toISOString(),
    })),
  };
}
