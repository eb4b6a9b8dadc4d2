/**
 * Who holds a live socket, per process: one row per (principal, process), refreshed by the process's
 * heartbeat. A resident without a fresh row is offline (agent replies then go out as a subscribe
 * message); an agent without one is not given new chats.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const chatPresenceSchema = new Schema(
  {
    /** 'user:<userId>' or 'staff:<staffId>'. */
    principal: { type: String, required: true },
    processId: { type: String, required: true },
    sockets: { type: Number, default: 1 },
    lastSeenAt: { type: Date, required: true },
  },
  { collection: 'chatPresence' },
);

chatPresenceSchema.index({ principal: 1, processId: 1 }, { unique: true });
chatPresenceSchema.index({ processId: 1 });
chatPresenceSchema.index({ lastSeenAt: 1 });

export type ChatPresenceDoc = InferSchemaType<typeof chatPresenceSchema>;
export const ChatPresenceModel = mongoose.model('ChatPresence', chatPresenceSchema);
