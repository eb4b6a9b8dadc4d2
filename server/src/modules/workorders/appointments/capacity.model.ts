/** Booking capacity: the shift templates slots are generated from, and holds / blackouts that close slots. */
import mongoose, { Schema } from 'mongoose';

const slotTemplateSchema = new Schema(
  {
    /** areaCode prefix the generated slots serve. */
    areaCode: { type: String, required: true },
    type: { type: String, required: true },
    windows: {
      type: [{ window: { type: String, enum: ['am', 'pm'] }, capacity: Number, _id: false }],
      default: [],
    },
    enabled: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'slotTemplates' },
);
slotTemplateSchema.index({ areaCode: 1, type: 1 }, { unique: true });
export const SlotTemplateModel = mongoose.model('SlotTemplate', slotTemplateSchema);

const slotHoldSchema = new Schema(
  {
    kind: { type: String, enum: ['hold', 'blackout'], required: true },
    areaCode: { type: String, required: true },
    type: { type: String, default: null },
    from: { type: String, required: true },
    to: { type: String, required: true },
    window: { type: String, enum: ['am', 'pm', null], default: null },
    reason: { type: String, required: true },
    createdBy: { type: String, default: null },
  },
  { timestamps: true, collection: 'slotHolds' },
);
slotHoldSchema.index({ to: 1, from: 1 });
export const SlotHoldModel = mongoose.model('SlotHold', slotHoldSchema);
