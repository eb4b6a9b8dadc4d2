/** Canned answers agents insert with one click; admins manage them. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const quickReplySchema = new Schema(
  {
    title: { type: String, required: true },
    text: { type: String, required: true },
    tags: { type: [String], default: [] },
    order: { type: Number, default: 0 },
  },
  { timestamps: true, collection: 'chatQuickReplies' },
);

quickReplySchema.index({ order: 1, title: 1 });

export type QuickReplyDoc = InferSchemaType<typeof quickReplySchema> & { _id: mongoose.Types.ObjectId };
export const QuickReplyModel = mongoose.model('ChatQuickReply', quickReplySchema);
