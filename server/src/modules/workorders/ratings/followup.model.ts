/** 回访 tasks for agents: every low rating, and a configurable sample of the others. */
import mongoose, { Schema } from 'mongoose';

const followUpSchema = new Schema(
  {
    /** orderNo:reason:round — one task per cause. */
    _id: { type: String, required: true },
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    reason: { type: String, enum: ['lowRating', 'sample', 'complaint'], required: true },
    score: { type: Number },
    status: { type: String, enum: ['open', 'done'], default: 'open' },
    result: { type: String },
    satisfied: { type: Boolean },
    doneBy: { type: String },
    doneAt: { type: Date },
  },
  { timestamps: true, collection: 'followUps' },
);
followUpSchema.index({ status: 1, createdAt: -1 });
followUpSchema.index({ orderNo: 1 });
export const FollowUpModel = mongoose.model('FollowUp', followUpSchema);
