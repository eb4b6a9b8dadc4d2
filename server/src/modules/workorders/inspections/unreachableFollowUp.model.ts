/** inspectionFollowUps: what the desk did about a household not reached after a plan's N visits (latest wins). */
import mongoose, { Schema } from 'mongoose';

const followUpSchema = new Schema(
  {
    orderNo: { type: String, required: true },
    outcome: { type: String, required: true },
    note: String,
    at: { type: Date, required: true },
    byId: { type: String, required: true },
    byName: { type: String, required: true },
  },
  { collection: 'inspectionFollowUps' },
);
followUpSchema.index({ orderNo: 1 }, { unique: true });

export type FollowUpDoc = {
  orderNo: string;
  outcome: 'rebooked' | 'vacant' | 'refused' | 'noAnswer';
  note?: string | null;
  at: Date;
  byId: string;
  byName: string;
};
export const FollowUpModel = mongoose.model('InspectionFollowUp', followUpSchema);
