/**
 * Binding attempts per (user, account): the lockout counts failed proofs in the last hour from here,
 * so every API process sees the same count. Each attempt is written before it is checked, which
 * keeps parallel guesses from slipping past the limit.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const bindingAttemptSchema = new Schema(
  {
    userId: { type: String, required: true },
    accountNo: { type: String, required: true },
    at: { type: Date, required: true },
    /** pending while being checked; then ok / failed. */
    outcome: { type: String, enum: ['pending', 'ok', 'failed'], required: true },
  },
  { collection: 'bindingAttempts', versionKey: false },
);

bindingAttemptSchema.index({ userId: 1, accountNo: 1, at: -1 });
bindingAttemptSchema.index({ at: 1 }, { expireAfterSeconds: 2 * 24 * 3600 });

export type BindingAttempt = InferSchemaType<typeof bindingAttemptSchema> & { _id: mongoose.Types.ObjectId };
export const BindingAttemptModel = mongoose.model('BindingAttempt', bindingAttemptSchema);
