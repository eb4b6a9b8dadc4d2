/** Anomaly alerts: one per area per Shanghai day (the _id is the dedupe key), for the area's supervisors. */
import mongoose, { Schema } from 'mongoose';

const kpiAlertSchema = new Schema(
  {
    /** areaCode:day */
    _id: { type: String, required: true },
    kind: { type: String, default: 'repairSpike' },
    areaCode: { type: String, required: true },
    district: { type: String, required: true },
    day: { type: String, required: true },
    count24h: { type: Number, required: true },
    baselineMean: { type: Number, required: true },
    baselineStd: { type: Number, required: true },
    threshold: { type: Number, required: true },
    message: { type: String, required: true },
    raisedAt: { type: Date, required: true },
    supervisorIds: { type: [String], default: [] },
  },
  { collection: 'kpiAlerts', versionKey: false },
);
kpiAlertSchema.index({ day: -1, district: 1 });
kpiAlertSchema.index({ supervisorIds: 1, day: -1 });

export type KpiAlertDoc = mongoose.InferSchemaType<typeof kpiAlertSchema> & { _id: string };
export const KpiAlertModel = mongoose.model('KpiAlert', kpiAlertSchema);
