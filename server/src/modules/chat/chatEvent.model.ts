/**
 * Cross-process fan-out: every frame meant for other sockets is written here with a global sequence
 * number; each process polls `seq > cursor` and delivers to the sockets it holds. No change streams.
 * Old events are pruned by the chat.pruneEvents schedule.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const chatEventSchema = new Schema(
  {
    seq: { type: Number, required: true },
    /** 'user:<id>', 'staff:<id>', or 'agents' (every connected agent). */
    targets: { type: [String], required: true },
    frame: { type: Schema.Types.Mixed, required: true },
    /** processId:connId of the socket that caused it; that socket is not sent its own echo. */
    origin: { type: String },
    /** Process whose hub delivered it already (its poller skips it). */
    process: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'chatEvents', versionKey: false },
);

chatEventSchema.index({ seq: 1 }, { unique: true });
chatEventSchema.index({ at: 1 });

export type ChatEventDoc = InferSchemaType<typeof chatEventSchema>;
export const ChatEventModel = mongoose.model('ChatEvent', chatEventSchema);

const counterSchema = new Schema(
  { _id: String, seq: Number },
  { collection: 'chatCounters', versionKey: false },
);
export const ChatCounterModel = mongoose.model('ChatCounter', counterSchema);
