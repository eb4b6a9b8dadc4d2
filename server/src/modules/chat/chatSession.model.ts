/** A conversation between a resident and the online agents; the 360° record lists them by accountNo/userId. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const chatSessionSchema = new Schema(
  {
    userId: { type: String, required: true },
    accountNo: { type: String },
    orderNo: { type: String },
    billId: { type: String },
    status: { type: String, enum: ['queued', 'active', 'afterHours', 'closed'], required: true },
    agentId: { type: String },
    agentName: { type: String },
    queuedAt: { type: Date, required: true },
    assignedAt: { type: Date },
    closedAt: { type: Date },
    closedBy: { type: String, enum: ['resident', 'agent', 'system'] },
    summary: { type: String },
    /** Last message seq handed out; messages are numbered by $inc on this field. */
    lastSeq: { type: Number, default: 0 },
    residentReadSeq: { type: Number, default: 0 },
    agentReadSeq: { type: Number, default: 0 },
    lastMessageAt: { type: Date },
    rating: { score: Number, comment: String, at: Date },
    transfers: { type: [{ _id: false, from: String, to: String, note: String, at: Date }], default: [] },
    workOrderNos: { type: [String], default: [] },
    /** userId while the session is not closed: one open session per resident (unique). */
    openFor: { type: String },
  },
  { timestamps: true, collection: 'chatSessions' },
);

chatSessionSchema.index({ userId: 1, status: 1 });
chatSessionSchema.index(
  { openFor: 1 },
  { unique: true, partialFilterExpression: { openFor: { $type: 'string' } } },
);
chatSessionSchema.index(
  { accountNo: 1, queuedAt: -1 },
  { partialFilterExpression: { accountNo: { $type: 'string' } } },
);
chatSessionSchema.index({ status: 1, queuedAt: 1 });
// The 回访 list finds the conversation about an order.
chatSessionSchema.index({ orderNo: 1 }, { partialFilterExpression: { orderNo: { $type: 'string' } } });
chatSessionSchema.index({ workOrderNos: 1 });
chatSessionSchema.index({ agentId: 1, status: 1 });

export type ChatSessionDoc = InferSchemaType<typeof chatSessionSchema> & { _id: mongoose.Types.ObjectId };
export const ChatSessionModel = mongoose.model('ChatSession', chatSessionSchema);
