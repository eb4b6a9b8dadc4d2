/**
 * 报停 / 复供: a resident's application beside its work order (supplySuspend / supplyResume), the
 * decision (approved by a supervisor or by the system, or rejected with a reason the resident reads),
 * and the instant each effect of approval was applied. As for 过户/销户 (accountChange.model.ts), a
 * stamp is written after its effect and every effect is keyed by the order.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const supplyChangeSchema = new Schema(
  {
    orderNo: { type: String, required: true },
    kind: { type: String, enum: ['suspend', 'resume'], required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    utility: { type: String, enum: ['gas', 'water', 'heating'], required: true },
    applicantUserId: { type: String, required: true },
    appliedForAt: { type: Date, required: true },
    reason: String,
    /** Heating 报停: the season; its days (from/to) come from HEATING_SEASON_START/END. */
    season: String,
    /** 报停: the first day without supply (start of that day, Asia/Shanghai). */
    from: Date,
    /** Heating 报停: the season's end. */
    to: Date,
    expectedResumeAt: Date,
    /** 复供: the meter reading when the valve is reopened. */
    reading: Number,
    note: String,
    decision: {
      type: {
        outcome: { type: String, enum: ['approved', 'rejected'] },
        note: String,
        byStaffId: String,
        byName: String,
        at: Date,
      },
      default: undefined,
    },
    /** The 关阀 / 开阀 visit approval scheduled. */
    valveOrderNo: String,
    effects: {
      approvedAt: Date,
      valveOrderAt: Date,
      supplyAt: Date,
      completedAt: Date,
    },
    /** Set when every effect is in (or the rejection is told); the sweep looks for decided ones without it. */
    appliedAt: Date,
  },
  { timestamps: true, collection: 'supplyChanges' },
);

supplyChangeSchema.index({ orderNo: 1 }, { unique: true });
supplyChangeSchema.index({ accountNo: 1, createdAt: -1 });
supplyChangeSchema.index({ 'decision.at': 1, areaCode: 1, appliedForAt: 1 });
supplyChangeSchema.index({ appliedAt: 1, 'decision.at': 1 });

export type SupplyChange = InferSchemaType<typeof supplyChangeSchema> & {
  _id: mongoose.Types.ObjectId;
  createdAt: Date;
};
export const SupplyChangeModel = mongoose.model('SupplyChange', supplyChangeSchema);
