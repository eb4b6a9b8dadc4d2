/**
 * Every chat message, persisted (one insert) before it is acknowledged; numbered per session by seq.
 * The insert is also how other processes learn of it: `route` says whose sockets get it (chat.bus.ts).
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';
import { routeSchema } from './chatEvent.model';

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
    route: { type: routeSchema },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'chatMessages' },
);

chatMessageSchema.index({ sessionId: 1, seq: 1 }, { unique: true });
chatMessageSchema.index(
  ...overStrings({ sessionId: 1, senderId: 1, clientMsgId: 1 }, { unique: true, field: 'clientMsgId' }),
);

// The polling bus (where change streams are not available) reads new messages by route.at.
chatMessageSchema.index({ 'route.at': 1 });
// Which photos chat still shows (the retention sweep of unused photos asks).
chatMessageSchema.index(...overStrings({ photoId: 1 }));

export type ChatMessageDoc = InferSchemaType<typeof chatMessageSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const ChatMessageModel = mongoose.model('ChatMessage', chatMessageSchema);
