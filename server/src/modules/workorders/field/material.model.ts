/** 物料目录: what technicians may record on an order, with its unit cost in fen (admin-edited). */
import mongoose, { Schema } from 'mongoose';

const materialSchema = new Schema(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    spec: { type: String },
    unit: { type: String, required: true },
    unitCostFen: { type: Number, required: true },
    /** Retired materials stay for the orders that used them but cannot be recorded again. */
    active: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'materials' },
);
materialSchema.index({ code: 1 }, { unique: true });
export const MaterialModel = mongoose.model('Material', materialSchema);
