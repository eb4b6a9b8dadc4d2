/**
 * A payment: one WeChat Pay order (outTradeNo) for one or more bills of one account.
 *
 * States: pending → paid → partially_refunded → refunded; pending → closed; closed → paid when WeChat
 * says the money arrived after all (a late success is never dropped). Every move is one guarded
 * updateOne on this document; the bills follow with their own guarded updates (settlement.ts).
 *
 * `activeKey` (account + bills + payer) exists only while pending: its unique index makes a double
 * click land on one order. `refundableFen` is decremented atomically when a refund is reserved,
 * so concurrent refunds can never exceed what was paid.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';

export const PAYMENT_STATUSES = ['pending', 'paid', 'closed', 'refunded', 'partially_refunded'] as const;

const eventSchema = new Schema(
  { at: { type: Date, required: true }, event: String, note: String },
  { _id: false },
);

const refundSchema = new Schema(
  {
    outRefundNo: { type: String, required: true },
    amountFen: { type: Number, required: true },
    /** abnormal: WeChat could not pay it back (the payer's card refused it); the utility finishes it in the merchant platform. */
    status: { type: String, enum: ['processing', 'success', 'failed', 'abnormal'], default: 'processing' },
    reason: String,
    refundId: String,
    requestedBy: String,
    /** The Idempotency-Key of the request that made it (outRefundNo is derived from it and the outTradeNo). */
    idempotencyKey: String,
    createdAt: { type: Date, required: true },
    succeededAt: Date,
  },
  { _id: false },
);

const paymentSchema = new Schema(
  {
    outTradeNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    areaCode: String,
    billIds: { type: [Schema.Types.ObjectId], required: true },
    amountFen: { type: Number, required: true },
    status: { type: String, enum: PAYMENT_STATUSES, default: 'pending' },
    channel: { type: String, enum: ['mp', 'h5', 'qr'], required: true },
    /** Who pays: the resident's user id and the openid of the app the order is for. */
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    openid: { type: String, required: true },
    appid: { type: String, required: true },
    mchid: { type: String, required: true },
    activeKey: String,
    prepayId: String,
    /** What wx.requestPayment was given; a repeated createPayment returns the same. */
    requestPayment: {
      appId: String,
      timeStamp: String,
      nonceStr: String,
      package: String,
      signType: String,
      paySign: String,
    },
    prepayAt: Date,
    expiresAt: Date,
    lastQueriedAt: Date,
    transactionId: String,
    paidAt: Date,
    /** Set once every bill was moved to paid (or found paid by this payment). */
    billsSettledAt: Date,
    /**
     * 'double_payment': money arrived for bills another payment had already paid (refund it);
     * 'paid_after_close': WeChat took the money after the portal had closed the order.
     */
    anomaly: String,
    refundableFen: { type: Number, default: 0 },
    refundedFen: { type: Number, default: 0 },
    /** outRefundNos whose success was counted into refundedFen (applied once). */
    refundsApplied: { type: [String], default: [] },
    refunds: { type: [refundSchema], default: [] },
    closedReason: String,
    /** Outbox keys of the 销账 webhooks the billing system of record acknowledged (writeOff.ts). */
    writeOffsDone: { type: [String], default: undefined },
    timeline: { type: [eventSchema], default: [] },
  },
  { timestamps: true, collection: 'payments' },
);

paymentSchema.index({ outTradeNo: 1 }, { unique: true });
paymentSchema.index(...overStrings({ activeKey: 1 }, { unique: true }));
// Staff find a payment by 户号, order number or WeChat transaction id (listStaffPayments' $or): mongod reads the
// whole collection for an $or with one branch no index serves.
paymentSchema.index(...overStrings({ transactionId: 1 }));
paymentSchema.index({ status: 1, createdAt: 1 });
paymentSchema.index({ userId: 1, createdAt: -1 });
paymentSchema.index({ accountNo: 1, createdAt: -1 });
paymentSchema.index({ 'refunds.status': 1 });
// A day's trade bill and receipts export: paid that day, refunded that day.
paymentSchema.index({ paidAt: 1 });
paymentSchema.index({ 'refunds.createdAt': 1 });
paymentSchema.index({ 'refunds.succeededAt': 1 });
// The reconciliation sweep for paid payments whose bills were not all settled (status + paidAt cutoff).
paymentSchema.index({ status: 1, paidAt: 1 });

export type PaymentDoc = InferSchemaType<typeof paymentSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
};
export const PaymentModel = mongoose.model('Payment', paymentSchema);
