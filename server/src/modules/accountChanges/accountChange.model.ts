/**
 * accountChanges: a resident's 过户/销户 application beside its work order (the order carries the steps
 * and the timeline; this holds what the order type has no place for), the supervisor's decision, and
 * the instant each effect of approval was applied. An effect's stamp is written after the effect, and
 * every effect is itself keyed by the order, so re-running after a crash neither skips nor repeats one.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const accountChangeSchema = new Schema(
  {
    orderNo: { type: String, required: true },
    kind: { type: String, enum: ['transfer', 'close'], required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    applicantUserId: { type: String, required: true },
    /** When the resident applied (the reading at handover was taken then): the final bill's issue time. */
    appliedForAt: { type: Date, required: true },
    newHolder: {
      type: { name: String, phone: String, idNumberMasked: String },
      default: undefined,
    },
    /** The meter reading at handover (过户) or the final reading (销户). */
    reading: { type: Number, required: true },
    reason: String,
    idPhotos: { type: [String], default: [] },
    propertyProofs: { type: [String], default: [] },
    decision: {
      type: { arrears: String, note: String, byStaffId: String, byName: String, at: Date },
      default: undefined,
    },
    effects: {
      approvedAt: Date,
      finalBillAt: Date,
      arrearsCarriedAt: Date,
      occupancyAt: Date,
      completedAt: Date,
    },
    /** Set when every effect is in; the repair sweep looks for decided changes without it. */
    appliedAt: Date,
  },
  { timestamps: true, collection: 'accountChanges' },
);

accountChangeSchema.index({ orderNo: 1 }, { unique: true });
accountChangeSchema.index({ accountNo: 1, createdAt: -1 });
// The approval queue (undecided, by area) and the repair sweep (decided, not applied).
accountChangeSchema.index({ 'decision.at': 1, areaCode: 1, appliedForAt: 1 });
accountChangeSchema.index({ appliedAt: 1, 'decision.at': 1 });

export type AccountChange = InferSchemaType<typeof accountChangeSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const AccountChangeModel = mongoose.model('AccountChange', accountChangeSchema);
