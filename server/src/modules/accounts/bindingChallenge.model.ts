/**
 * SMS codes for binding: one challenge per request, sent to the account's registered phone. The code
 * itself is never stored: it is derived from the challenge id with the session secret (binding.service).
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const bindingChallengeSchema = new Schema(
  {
    userId: { type: String, required: true },
    accountNo: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    /** Wrong codes tried against this challenge; at the limit it is spent. */
    attempts: { type: Number, default: 0 },
    usedAt: { type: Date },
  },
  { collection: 'bindingChallenges', versionKey: false },
);

bindingChallengeSchema.index({ userId: 1, accountNo: 1, createdAt: -1 });
bindingChallengeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export type BindingChallenge = InferSchemaType<typeof bindingChallengeSchema> & {
  _id: mongoose.Types.ObjectId;
};
export const BindingChallengeModel = mongoose.model('BindingChallenge', bindingChallengeSchema);
