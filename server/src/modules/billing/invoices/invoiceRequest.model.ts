/**
 * 电子发票申请: one per paid bill. `attempt` grows when a refused request is asked again; the outbox
 * entry and the idempotency key the invoicing system sees are per attempt, so a retry of one attempt
 * can never issue a second invoice.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const INVOICE_STATUSES = ['requested', 'issued', 'failed'] as const;

const invoiceRequestSchema = new Schema(
  {
    billId: { type: Schema.Types.ObjectId, required: true },
    accountNo: { type: String, required: true },
    areaCode: String,
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    amountFen: { type: Number, required: true },
    titleType: { type: String, enum: ['personal', 'company'], required: true },
    title: { type: String, required: true },
    taxNumber: String,
    email: { type: String, required: true },
    status: { type: String, enum: INVOICE_STATUSES, default: 'requested' },
    attempt: { type: Number, default: 1 },
    invoiceNo: String,
    issuedAt: Date,
    failureReason: String,
    requestedAt: { type: Date, required: true },
    /** The requester deleted their account while this was with the invoicing system: drop the e-mail once answered. */
    forgetEmail: { type: Boolean },
  },
  { timestamps: true, collection: 'invoiceRequests' },
);

invoiceRequestSchema.index({ billId: 1 }, { unique: true });
invoiceRequestSchema.index({ status: 1, requestedAt: 1 });
// The resident's requests, whose e-mail 注销 clears (erasure.ts): without it, each 注销 read every request.
invoiceRequestSchema.index({ userId: 1 });

export type InvoiceRequestDoc = InferSchemaType<typeof invoiceRequestSchema> & {
  _id: mongoose.Types.ObjectId;
};
export const InvoiceRequestModel = mongoose.model('InvoiceRequest', invoiceRequestSchema);
