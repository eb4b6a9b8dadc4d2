/**
 * Where and how a paid bill was paid. Online: the WeChat Pay payment that paid it (mini-program,
 * official-account H5 or 一户一码) and its transaction id. Offline: what the charging system reported
 * (counter, bank) or, when it said nothing, "offline". One query for a whole page of bills.
 */
import type { BillPaidVia } from '@portal/types';
import type { BillDoc } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';

const DEFAULT_METHOD: Record<string, BillPaidVia['method']> = {
  counter: 'cash',
  bank: 'bankDebit',
  offline: 'other',
};

export function paidVia(
  bill: Pick<BillDoc, 'status' | 'paidVia'>,
  payment: Pick<PaymentDoc, 'channel' | 'transactionId'> | undefined,
): BillPaidVia | undefined {
  if (bill.status !== 'paid') return undefined;
  if (payment) {
    return {
      channel: payment.channel as BillPaidVia['channel'],
      method: 'wechatPay',
      reference: payment.transactionId ?? undefined,
    };
  }
  const channel = (bill.paidVia?.channel ?? 'offline') as BillPaidVia['channel'];
  return {
    channel,
    method: (bill.paidVia?.method as BillPaidVia['method'] | undefined) ?? DEFAULT_METHOD[channel] ?? 'other',
    place: bill.paidVia?.place ?? undefined,
    reference: bill.paidVia?.reference ?? undefined,
  };
}

type PaymentRef = Pick<PaymentDoc, 'outTradeNo' | 'channel' | 'transactionId'>;

/** The payments that paid these bills, by outTradeNo (one query for the whole page). */
export async function paymentsThatPaid(
  rows: Pick<BillDoc, 'status' | 'paidOutTradeNo'>[],
): Promise<Map<string, PaymentRef>> {
  const outTradeNos = [
    ...new Set(rows.filter((b) => b.status === 'paid' && b.paidOutTradeNo).map((b) => b.paidOutTradeNo!)),
  ];
  if (!outTradeNos.length) return new Map();
  const payments = await PaymentModel.find(
    { outTradeNo: { $in: outTradeNos } },
    { outTradeNo: 1, channel: 1, transactionId: 1 },
  ).lean<PaymentRef[]>();
  return new Map(payments.map((p) => [p.outTradeNo, p]));
}
