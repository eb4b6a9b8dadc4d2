/**
 * Binding attempts: the lockouts count failed proofs from here, per (user, account), per account across
 * users and per user across accounts, so every API process sees the same counts. Each attempt is
 * written before it is checked, which keeps parallel guesses from slipping past the limits.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const bindingAttemptSchema = new Schema(
  {
    userId: { type: String, required: true },
    accountNo: { type: String, required: true },
    at: { type: Date, required: true },
    /** pending while being checked; then ok / failed. */
    outcome: { type: String, enum: ['pending', 'ok', 'failed'], required: true },
    /** Which proof was tried: an SMS code still works on an account locked against the other proofs. */
    proof: { type: String },
  },
  { collection: 'bindingAttempts', versionKey: false },
);

bindingAttemptSchema.index({ userId: 1, accountNo: 1, at: -1 });
bindingAttemptSchema.index({ accountNo: 1, at: -1 });
bindingAttemptSchema.index({ userId: 1, at: -1 });
bindingAttemptSchema.index({ at: 1 }, { expireAfterSeconds: 2 * 24 * 3600 });

export type BindingAttempt = InferSchemaType<typeof bindingAttemptSchema> & { _id: mongoose.Types.ObjectId };
export const BindingAttemptModel = mongoose.model('BindingAttempt', bindingAttemptSchema);
