/** Refresh tokens: opaque, stored only as a SHA-256 hash, rotated on every use; reuse revokes the family. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const refreshTokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    kind: { type: String, enum: ['resident', 'staff'], required: true },
    subjectId: { type: String, required: true },
    /** Every token rotated from one login shares a family; a replayed old token revokes them all. */
    familyId: { type: String, required: true },
    app: { type: String, enum: ['mp', 'oa'] },
    expiresAt: { type: Date, required: true },
    /** The absolute end of the login session, however often it is refreshed (copied on every rotation). */
    sessionExpiresAt: { type: Date },
    usedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { timestamps: true, collection: 'refreshTokens' },
);

refreshTokenSchema.index({ tokenHash: 1 }, { unique: true });
refreshTokenSchema.index({ familyId: 1 });
refreshTokenSchema.index({ subjectId: 1, kind: 1 });
// Expired tokens are cleaned up by MongoDB a day after expiry (never relied upon by the code).
refreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 24 * 3600 });

export type RefreshToken = InferSchemaType<typeof refreshTokenSchema> & { _id: mongoose.Types.ObjectId };
export const RefreshTokenModel = mongoose.model('RefreshToken', refreshTokenSchema);
