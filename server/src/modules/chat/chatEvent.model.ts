/**
 * Frames other than messages (session changes, read receipts, typing) on their way to sockets held by other
 * processes: one insert per frame into chatFrames, read by the other processes' change stream (or poller).
 * Messages need no event: the chatMessages insert carries the same `route` (chat.bus.ts). No global counter:
 * the change stream has its own order, the poller reads by `route.at`. Pruned by the chat.pruneEvents schedule.
 * (chatFrames replaces chatEvents + chatCounters, numbered by one global counter document; those two
 * collections are no longer used.)
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Where a frame goes and where it came from; on chatFrames and on chatMessages alike. */
export const routeSchema = new Schema(
  {
    /** 'user:<id>', 'staff:<id>', or 'agents' (every connected agent). Empty: nobody is told. */
    to: { type: [String], default: undefined },
    /** Process whose hub delivered it already (its change stream or poller skips it). */
    process: { type: String },
    /** processId:connId of the socket that caused it; that socket is not sent its own echo. */
    conn: { type: String },
    /** Written at (the writer's clock): the poller reads by it, the prune job deletes by it. */
    at: { type: Date, required: true },
  },
  { _id: false },
);

const chatEventSchema = new Schema(
  {
    route: { type: routeSchema, required: true },
    frame: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'chatFrames', versionKey: false },
);

chatEventSchema.index({ 'route.at': 1 });

export type ChatEventDoc = InferSchemaType<typeof chatEventSchema>;
export const ChatEventModel = mongoose.model('ChatEvent', chatEventSchema);
