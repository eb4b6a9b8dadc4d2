/**
 * A bill: one account, one period, line items in fen. Its status moves unpaid/overdue → paying (held
 * by one pending payment, `payingOutTradeNo`) → paid (`paidOutTradeNo`), each step a single guarded
 * update, so two payments can never both hold or both pay one bill.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';

export const BILL_STATUSES = ['unpaid', 'paying', 'paid', 'overdue', 'cancelled'] as const;
export const OFFLINE_CHANNELS = ['counter', 'bank', 'offline'] as const;
export const PAID_METHODS = ['wechatPay', 'cash', 'card', 'bankDebit', 'transfer', 'other'] as const;
export const BILL_ITEM_KINDS = [
  'usage',
  'insurance',
  'commissioning',
  'materials',
  'lateFee',
  'other',
] as const;

const itemSchema = new Schema(
  {
    kind: { type: String, enum: BILL_ITEM_KINDS, required: true },
    name: { type: String, required: true },
    quantity: Number,
    unit: String,
    unitPriceFen: Number,
    amountFen: { type: Number, required: true },
  },
  { _id: false },
);

const billSchema = new Schema(
  {
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    utility: { type: String, enum: ['gas', 'water', 'heating'], required: true },
    /** YYYY-MM (Asia/Shanghai). */
    period: { type: String, required: true },
    /** usage bills come from meter readings (one per account and period); service bills are one-off. */
    billType: { type: String, enum: ['usage', 'service'], default: 'usage' },
    items: { type: [itemSchema], default: [] },
    amountDue: { type: Number, required: true },
    usage: Number,
    readingFrom: Number,
    readingTo: Number,
    meterReadingId: { type: Schema.Types.ObjectId },
    dueDate: { type: Date, required: true },
    status: { type: String, enum: BILL_STATUSES, default: 'unpaid' },
    issuedAt: { type: Date, required: true },
    /** The pending payment holding this bill (status 'paying'). */
    payingOutTradeNo: String,
    paidOutTradeNo: String,
    paidAt: Date,
    /**
     * Paid offline (营业厅 counter, bank), as the utility's charging system reports it; an online payment
     * is named by paidOutTradeNo instead.
     */
    paidVia: {
      channel: { type: String, enum: OFFLINE_CHANNELS },
      method: { type: String, enum: PAID_METHODS },
      place: String,
      reference: String,
    },
    /**
     * A bill issued once for a business event (过户/销户 final bill `final:<orderNo>`, arrears carried to a
     * new holder `carried:<orderNo>`): unique, so a retried approval cannot issue it twice.
     */
    sourceKey: String,
    /** A carried bill: the unpaid bills it re-issues (they are cancelled and point to it). */
    carriedBillIds: { type: [String], default: undefined },
    carriedInto: String,
    /** Reminder stages already enqueued for this bill ('due', 'overdue'). */
    remindedStages: { type: [String], default: undefined },
  },
  { timestamps: true, collection: 'bills' },
);

billSchema.index(
  { accountNo: 1, period: 1, utility: 1 },
  { unique: true, partialFilterExpression: { billType: 'usage' } },
);
billSchema.index({ accountNo: 1, period: -1 });
billSchema.index(...overStrings({ sourceKey: 1 }, { unique: true }));
billSchema.index({ status: 1, dueDate: 1 });
billSchema.index({ areaCode: 1, status: 1 });
billSchema.index({ period: 1, areaCode: 1 });
// Reports (the KPI roll-up): bills changed since the last run, payments by day.
billSchema.index({ updatedAt: 1 });
billSchema.index({ paidAt: 1 }, { partialFilterExpression: { paidAt: { $type: 'date' } } });
billSchema.index(...overStrings({ payingOutTradeNo: 1 }));

export type BillDoc = InferSchemaType<typeof billSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date };
export const BillModel = mongoose.model('Bill', billSchema);
