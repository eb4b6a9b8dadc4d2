/** inspectionChecklists: the 安检 checklist per utility, edited by admins; the form asks exactly these items. */
import mongoose, { Schema } from 'mongoose';

const checklistSchema = new Schema(
  {
    utility: { type: String, enum: ['gas', 'water', 'heating'], required: true },
    items: { type: [{ _id: false, key: String, label: String }], default: [] },
    updatedBy: { type: String },
  },
  { timestamps: true, collection: 'inspectionChecklists' },
);
checklistSchema.index({ utility: 1 }, { unique: true });

export type ChecklistDoc = {
  utility: 'gas' | 'water' | 'heating';
  items: { key: string; label: string }[];
  updatedBy?: string | null;
  updatedAt?: Date | null;
};
export const ChecklistModel = mongoose.model('InspectionChecklist', checklistSchema);
