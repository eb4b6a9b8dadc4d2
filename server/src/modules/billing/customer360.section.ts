/** The billing section of the 360° record: arrears, the newest bills and payments of one account. */
import type { Customer360BillingSection, CustomerBillRow, CustomerPaymentRow } from '@portal/types';
import { BillModel, type BillDoc } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';

const UNPAID = ['unpaid', 'overdue', 'paying'];
const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

type BillRowDoc = Pick<BillDoc, '_id' | 'period' | 'billType' | 'amountDue' | 'status' | 'dueDate' | 'paidAt' | 'usage'>;
type PaymentRowDoc = Pick<PaymentDoc, '_id' | 'outTradeNo' | 'amountFen' | 'status' | 'channel' | 'paidAt' | 'refundedFen'> & { createdAt?: Date };

const billRow = (b: BillRowDoc): CustomerBillRow => ({
  id: String(b._id),
  period: b.period,
  billType: b.billType ?? undefined,
  amountDue: b.amountDue,
  status: b.status,
  dueDate: iso(b.dueDate),
  paidAt: iso(b.paidAt),
  usage: b.usage ?? undefined,
});

const paymentRow = (p: PaymentRowDoc): CustomerPaymentRow => ({
  id: String(p._id),
  outTradeNo: p.outTradeNo,
  amountFen: p.amountFen,
  status: p.status,
  channel: p.channel ?? undefined,
  paidAt: iso(p.paidAt),
  createdAt: iso(p.createdAt),
  refundedFen: p.refundedFen ?? undefined,
});

export async function customerBillingSection(accountNo: string, limit: number): Promise<Customer360BillingSection> {
  const [bills, billCount, arrears, payments, paymentCount] = await Promise.all([
    BillModel.find({ accountNo }, { period: 1, billType: 1, amountDue: 1, status: 1, dueDate: 1, paidAt: 1, usage: 1 })
      .sort({ period: -1 })
      .limit(limit)
      .lean<BillRowDoc[]>(),
    BillModel.countDocuments({ accountNo }),
    BillModel.aggregate<{ fen: number; n: number }>([
      { $match: { accountNo, status: { $in: UNPAID } } },
      { $group: { _id: null, fen: { $sum: '$amountDue' }, n: { $sum: 1 } } },
    ]),
    PaymentModel.find({ accountNo }, { outTradeNo: 1, amountFen: 1, status: 1, channel: 1, paidAt: 1, createdAt: 1, refundedFen: 1 })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<PaymentRowDoc[]>(),
    PaymentModel.countDocuments({ accountNo }),
  ]);
  return {
    arrearsFen: arrears[0]?.fen ?? 0,
    unpaidCount: arrears[0]?.n ?? 0,
    bills: { items: bills.map(billRow), total: billCount },
    payments: { items: payments.map(paymentRow), total: paymentCount },
  };
}
