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
    kind: { type: String, enum: ['transfer', 'close', 'open'], required: true },
    /** 开户: the 户号 reserved at application; the account is written on approval. */
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    applicantUserId: { type: String, required: true },
    /** When the resident applied (the reading at handover was taken then): the final bill's issue time. */
    appliedForAt: { type: Date, required: true },
    newHolder: {
      type: { name: String, phone: String, idNumberMasked: String },
      default: undefined,
    },
    /** The meter reading at handover (过户) or the final reading (销户); none for a 开户. */
    reading: { type: Number },
    /** 开户: the utility, the home (the area's district and community with building/unit/room), the holder. */
    opening: {
      type: {
        utility: String,
        address: { district: String, community: String, building: String, unit: String, room: String },
        holder: { name: String, phone: String, idNumberMasked: String },
      },
      default: undefined,
    },
    /** A supervisor turned it down (the order is cancelled with the reason, which the resident reads). */
    rejection: {
      type: { reason: String, byStaffId: String, byName: String, at: Date },
      default: undefined,
    },
    /** 开户: the 点火通气 order approval filed. */
    activationOrderNo: String,
    /** 销户: the credit refunded (refunds keyed by this order; see billing/credit.ts). */
    creditRefunds: {
      type: [{ outTradeNo: String, outRefundNo: String, amountFen: Number, _id: false }],
      default: undefined,
    },
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
      creditRefundedAt: Date,
      accountOpenedAt: Date,
      activationOrderAt: Date,
      completedAt: Date,
      /** 开户: the 通气 visit completed and the account went into supply (after appliedAt). */
      supplyStartedAt: Date,
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
// 开户: the approved openings whose 通气 visit is still to start supply.
accountChangeSchema.index({ activationOrderNo: 1 }, { sparse: true });

export type AccountChange = InferSchemaType<typeof accountChangeSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const AccountChangeModel = mongoose.model('AccountChange', accountChangeSchema);
