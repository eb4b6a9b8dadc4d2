/** The billing section of the 360° record: arrears, the newest bills and payments of one account. */
import type { Customer360BillingSection, CustomerBillRow, CustomerPaymentRow } from '@portal/types';
import type { PipelineStage } from 'mongoose';
import { findPage } from '../../platform/db/page';
import { BillModel, type BillDoc } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';

const UNPAID = ['unpaid', 'overdue', 'paying'];
const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

type BillRowDoc = Pick<
  BillDoc,
  '_id' | 'period' | 'billType' | 'amountDue' | 'status' | 'dueDate' | 'paidAt' | 'usage'
>;
type PaymentRowDoc = Pick<
  PaymentDoc,
  '_id' | 'outTradeNo' | 'amountFen' | 'status' | 'channel' | 'paidAt' | 'refundedFen'
> & { createdAt?: Date };

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

export async function customerBillingSection(
  accountNo: string,
  limit: number,
): Promise<Customer360BillingSection> {
  // Two round trips: the bills (newest page, count and arrears in one aggregate) and the payments.
  const [bills, payments] = await Promise.all([
    findPage<BillRowDoc, { arrears: PipelineStage.FacetPipelineStage[] }>(
      BillModel,
      { accountNo },
      {
        sort: { period: -1 },
        limit,
        projection: { period: 1, billType: 1, amountDue: 1, status: 1, dueDate: 1, paidAt: 1, usage: 1 },
      },
      {
        arrears: [
          { $match: { status: { $in: UNPAID } } },
          { $group: { _id: null, fen: { $sum: '$amountDue' }, n: { $sum: 1 } } },
        ],
      },
    ),
    findPage<PaymentRowDoc>(
      PaymentModel,
      { accountNo },
      {
        sort: { createdAt: -1 },
        limit,
        projection: {
          outTradeNo: 1,
          amountFen: 1,
          status: 1,
          channel: 1,
          paidAt: 1,
          createdAt: 1,
          refundedFen: 1,
        },
      },
    ),
  ]);
  const arrears = bills.arrears[0] as { fen: number; n: number } | undefined;
  return {
    arrearsFen: arrears?.fen ?? 0,
    unpaidCount: arrears?.n ?? 0,
    bills: { items: bills.items.map(billRow), total: bills.total },
    payments: { items: payments.items.map(paymentRow), total: payments.total },
  };
}
