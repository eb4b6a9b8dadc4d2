import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;

const outboxSchema = new Schema(
  {
    /** What to do: a handler is registered per kind ('wechat.message', 'billing.reconcile', ...). */
    kind: { type: String, required: true },
    /** Unique: the same cause never produces two entries. */
    dedupeKey: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending', required: true },
    runAt: { type: Date, required: true, default: () => new Date() },
    attempts: { type: Number, default: 0 },
    maxAttempts: { type: Number, default: 10 },
    /** Set for scheduled jobs: after each success the entry is due again this many ms later. */
    repeatEveryMs: { type: Number },
    leaseToken: { type: String },
    lockedBy: { type: String },
    lockedUntil: { type: Date },
    lastError: { type: String },
    /**
     * Set when several causes share one dedupe key and the earliest should speak for them (an hour's
     * replies in one chat): while the entry is pending, an enqueue with a lower rank replaces its payload.
     */
    rank: { type: Number },
    /** Groups entries of one fan-out (a notice, a campaign) for progress and cancel. */
    group: { type: String },
    result: { type: Schema.Types.Mixed },
    /** The request that caused this entry (its logs and the job's share the id). */
    requestId: { type: String },
    completedAt: { type: Date },
  },
  { timestamps: true, collection: 'outbox' },
);

outboxSchema.index({ dedupeKey: 1 }, { unique: true });
outboxSchema.index({ status: 1, runAt: 1 });
// A batch kind's claim (status and kind exact, oldest runAt first): without it the search reads every due entry.
outboxSchema.index({ status: 1, kind: 1, runAt: 1 });
outboxSchema.index({ status: 1, lockedUntil: 1 });
outboxSchema.index({ group: 1, status: 1 }, { partialFilterExpression: { group: { $exists: true } } });

export type OutboxEntry = InferSchemaType<typeof outboxSchema> & { _id: mongoose.Types.ObjectId };
export const OutboxModel = mongoose.model('Outbox', outboxSchema);
