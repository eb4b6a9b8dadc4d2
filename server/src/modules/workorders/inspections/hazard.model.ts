/**
 * hazards (隐患): one finding of an inspection, open until a re-inspection finds it rectified. Area,
 * customer type and utility are copied from the account when found, so statistics group without a join.
 */
import mongoose, { Schema } from 'mongoose';

const reinspectionSchema = new Schema(
  {
    at: { type: Date, required: true },
    byId: { type: String, required: true },
    byName: { type: String, required: true },
    rectified: { type: Boolean, required: true },
    note: String,
    photos: { type: [String], default: [] },
  },
  { _id: false },
);

const hazardSchema = new Schema(
  {
    /** orderNo + '#' + position on the form: a resubmitted form replaces, never duplicates. */
    sourceKey: { type: String, required: true },
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    address: { type: String, required: true },
    areaCode: { type: String, required: true },
    customerType: { type: String, required: true },
    utility: { type: String, required: true },
    category: { type: String, required: true },
    severity: { type: String, required: true },
    description: { type: String, required: true },
    photos: { type: [String], default: [] },
    rectifyBy: { type: String, required: true },
    /** The end of the rectifyBy day (Asia/Shanghai): past it an open hazard is overdue. */
    rectifyDueAt: { type: Date, required: true },
    status: { type: String, enum: ['open', 'rectified'], default: 'open', required: true },
    foundAt: { type: Date, required: true },
    foundById: { type: String, required: true },
    foundByName: { type: String, required: true },
    rectifiedAt: { type: Date },
    reinspections: { type: [reinspectionSchema], default: [] },
  },
  { timestamps: true, collection: 'hazards' },
);
hazardSchema.index({ sourceKey: 1 }, { unique: true });
// The list's order (hazard.service.ts listHazards: open first, the most urgent first, then _id). Without _id the
// index could not give the whole order, and mongod read and sorted every hazard of the city for each page.
hazardSchema.index({ status: 1, rectifyDueAt: 1, _id: 1 });
hazardSchema.index({ areaCode: 1, status: 1 });
hazardSchema.index({ accountNo: 1, foundAt: -1 });
// By order: the inspection form's retry (which of an order's hazards it keeps), and the KPI roll-up's 隐患 of the
// orders it rolls up (hazardsOfOrders). Without it, each of those read every hazard.
hazardSchema.index({ orderNo: 1 });
// The KPI roll-up's per-minute run: which orders' 隐患 changed since its watermark (without it, a scan of
// every hazard each minute).
hazardSchema.index({ updatedAt: 1 });

export type HazardDoc = {
  _id: mongoose.Types.ObjectId;
  sourceKey: string;
  orderNo: string;
  accountNo: string;
  address: string;
  areaCode: string;
  customerType: 'residential' | 'commercial' | 'public';
  utility: 'gas' | 'water' | 'heating';
  category: string;
  severity: string;
  description: string;
  photos: string[];
  rectifyBy: string;
  rectifyDueAt: Date;
  status: 'open' | 'rectified';
  foundAt: Date;
  foundById: string;
  foundByName: string;
  rectifiedAt?: Date | null;
  reinspections: {
    at: Date;
    byId: string;
    byName: string;
    rectified: boolean;
    note?: string | null;
    photos: string[];
  }[];
};
export const HazardModel = mongoose.model('Hazard', hazardSchema);
