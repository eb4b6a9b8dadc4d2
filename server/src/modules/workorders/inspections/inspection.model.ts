/** Periodic safety-inspection plans: every account under an area prefix, every N months. */
import mongoose, { Schema } from 'mongoose';

const inspectionPlanSchema = new Schema(
  {
    name: { type: String, required: true },
    areaPrefix: { type: String, required: true },
    cycleMonths: { type: Number, default: 12 },
    maxAttempts: { type: Number, default: 3 },
    active: { type: Boolean, default: true },
    cycle: { type: Number, default: 0 },
    lastRunAt: { type: Date },
    nextRunAt: { type: Date },
  },
  { timestamps: true, collection: 'inspectionPlans' },
);
inspectionPlanSchema.index({ active: 1, nextRunAt: 1 });
export const InspectionPlanModel = mongoose.model('InspectionPlan', inspectionPlanSchema);
