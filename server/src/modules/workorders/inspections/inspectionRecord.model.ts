/** inspectionRecords: what the technician found at one inspection order (one record per order). */
import mongoose, { Schema } from 'mongoose';

const inspectionRecordSchema = new Schema(
  {
    orderNo: { type: String, required: true },
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    utility: { type: String, required: true },
    checklist: {
      type: [{ _id: false, key: String, label: String, result: String, note: String }],
      default: [],
    },
    readings: { type: { meter: Number, pressureKpa: Number, leakPpm: Number }, default: {} },
    photos: { type: [String], default: [] },
    signaturePhotoId: { type: String, required: true },
    hazardIds: { type: [String], default: [] },
    inspectedAt: { type: Date, required: true },
    inspectorId: { type: String, required: true },
    inspectorName: { type: String, required: true },
  },
  { timestamps: true, collection: 'inspectionRecords' },
);
inspectionRecordSchema.index({ orderNo: 1 }, { unique: true });
inspectionRecordSchema.index({ accountNo: 1, inspectedAt: -1 });

export type InspectionRecordDoc = {
  orderNo: string;
  accountNo: string;
  areaCode: string;
  utility: 'gas' | 'water' | 'heating';
  checklist: { key: string; label: string; result: 'pass' | 'fail' | 'na'; note?: string | null }[];
  readings: { meter?: number | null; pressureKpa?: number | null; leakPpm?: number | null };
  photos: string[];
  signaturePhotoId: string;
  hazardIds: string[];
  inspectedAt: Date;
  inspectorId: string;
  inspectorName: string;
};
export const InspectionRecordModel = mongoose.model('InspectionRecord', inspectionRecordSchema);
