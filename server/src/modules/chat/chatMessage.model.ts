/** Every chat message, persisted before it is acknowledged; numbered per session by seq. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const chatMessageSchema = new Schema(
  {
    sessionId: { type: String, required: true },
    seq: { type: Number, required: true },
    from: { type: String, enum: ['resident', 'agent', 'system'], required: true },
    senderId: { type: String },
    senderName: { type: String },
    kind: { type: String, enum: ['text', 'image', 'card', 'system'], required: true },
    text: { type: String },
    photoId: { type: String },
    card: { _id: false, type: { type: String }, ref: String, title: String, lines: [String] },
    /** The sender's id for this message: a resend after a reconnect finds it instead of adding another. */
    clientMsgId: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'chatMessages' },
);

chatMessageSchema.index({ sessionId: 1, seq: 1 }, { unique: true });
chatMessageSchema.index(
  { sessionId: 1, senderId: 1, clientMsgId: 1 },
  { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } },
);

// Which photos chat still shows (the retention sweep of unused photos asks).
chatMessageSchema.index({ photoId: 1 }, { partialFilterExpression: { photoId: { $type: 'string' } } });

export type ChatMessageDoc = InferSchemaType<typeof chatMessageSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const ChatMessageModel = mongoose.model('ChatMessage', chatMessageSchema);
