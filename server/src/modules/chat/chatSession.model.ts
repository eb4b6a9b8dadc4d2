/** A conversation between a resident and the online agents; the 360° record lists them by accountNo/userId. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';

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
chatSessionSchema.index(...overStrings({ openFor: 1 }, { unique: true }));
chatSessionSchema.index(...overStrings({ accountNo: 1, queuedAt: -1 }));
chatSessionSchema.index({ status: 1, queuedAt: 1 });
// 全部会话 unfiltered, newest first (listSessions): without it, mongod read and sorted every conversation ever held.
chatSessionSchema.index({ queuedAt: -1 });
// The 回访 list finds the conversation about an order.
chatSessionSchema.index(...overStrings({ orderNo: 1 }));
chatSessionSchema.index({ workOrderNos: 1 });
chatSessionSchema.index({ agentId: 1, status: 1 });

export type ChatSessionDoc = InferSchemaType<typeof chatSessionSchema> & { _id: mongoose.Types.ObjectId };
export const ChatSessionModel = mongoose.model('ChatSession', chatSessionSchema);
