/** subscriptions: a resident's remaining one-time subscribe grants per template. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const subscriptionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: 'User' },
    templateId: { type: String, required: true },
    event: { type: String },
    /** One-time grants left; each subscribe send consumes one. */
    remaining: { type: Number, default: 0, min: 0 },
    /** Every accept ever reported (the notification budget report). */
    accepted: { type: Number, default: 0 },
    lastAnswer: { type: String, enum: ['accept', 'reject', 'ban', 'filter'] },
    /** The last deliveries that took a grant: taking is idempotent per delivery (a retry after a crash finds its own). */
    takenBy: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'subscriptions' },
);

// Every read names the resident (a grant taken, the reach of an audience, the resident's own list). No index on
// `remaining`: each message decrements it, and an index on it would be rewritten with every send.
subscriptionSchema.index({ userId: 1, templateId: 1 }, { unique: true });

export type Subscription = InferSchemaType<typeof subscriptionSchema> & { _id: mongoose.Types.ObjectId };
export const SubscriptionModel = mongoose.model('Subscription', subscriptionSchema);
