/**
 * An agent's chat desk state: online/away, capacity and free slots. Assignment reserves a slot with a
 * guarded $inc (freeSlots > 0), so two processes never give one agent more chats than its capacity.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const chatAgentSchema = new Schema(
  {
    staffId: { type: String, required: true },
    name: { type: String },
    status: { type: String, enum: ['online', 'away', 'offline'], default: 'offline' },
    capacity: { type: Number, default: 5 },
    freeSlots: { type: Number, default: 5 },
    lastAssignedAt: { type: Date, default: () => new Date(0) },
  },
  { timestamps: true, collection: 'chatAgents' },
);

chatAgentSchema.index({ staffId: 1 }, { unique: true });
chatAgentSchema.index({ status: 1, freeSlots: -1, lastAssignedAt: 1 });

export type ChatAgentDoc = InferSchemaType<typeof chatAgentSchema> & { _id: mongoose.Types.ObjectId };
export const ChatAgentModel = mongoose.model('ChatAgent', chatAgentSchema);
