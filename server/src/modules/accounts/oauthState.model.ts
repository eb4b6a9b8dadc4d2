/** States the portal issued for H5 OAuth round trips: stored only as a SHA-256 hash, used at most once. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const oauthStateSchema = new Schema(
  {
    /** SHA-256 of the state (hex). */
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { collection: 'oauthStates', versionKey: false },
);

// Cleaned up by MongoDB an hour after expiry (never relied upon: the code checks expiresAt).
oauthStateSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 3600 });

export type OauthState = InferSchemaType<typeof oauthStateSchema>;
export const OauthStateModel = mongoose.model('OauthState', oauthStateSchema);
