/** 回访 tasks for agents: every low rating, and a per-order-type sample of the completed orders. */
import mongoose, { Schema } from 'mongoose';

const followUpSchema = new Schema(
  {
    /** orderNo:reason:round — one task per cause. */
    _id: { type: String, required: true },
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    reason: { type: String, enum: ['lowRating', 'sample', 'complaint'], required: true },
    /** The resident's rating when the task opened (low-rating tasks). */
    score: { type: Number },
    status: { type: String, enum: ['open', 'done'], default: 'open' },
    outcome: { type: String, enum: ['reached', 'notReached', 'refused'] },
    /** The score the resident gave on the call (1–5), when reached. */
    followUpScore: { type: Number },
    result: { type: String },
    satisfied: { type: Boolean },
    /** The call's score reopened the order. */
    reopened: { type: Boolean },
    doneBy: { type: String },
    doneAt: { type: Date },
  },
  { timestamps: true, collection: 'followUps' },
);
followUpSchema.index({ status: 1, createdAt: -1 });
followUpSchema.index({ orderNo: 1 });
// The KPI roll-up finds the tasks that changed since its last run.
followUpSchema.index({ updatedAt: 1 });
export const FollowUpModel = mongoose.model('FollowUp', followUpSchema);

export type FollowUpDoc = {
  _id: string;
  orderNo: string;
  accountNo: string;
  areaCode: string;
  reason: 'lowRating' | 'sample' | 'complaint';
  status: 'open' | 'done';
  score?: number | null;
  outcome?: 'reached' | 'notReached' | 'refused' | null;
  followUpScore?: number | null;
  result?: string | null;
  reopened?: boolean | null;
  doneAt?: Date | null;
  createdAt: Date;
};
