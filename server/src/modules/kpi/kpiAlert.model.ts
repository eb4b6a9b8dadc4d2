/**
 * Alerts on the cockpit (the _id is the dedupe key): repair spikes, one per area per Shanghai day, for the
 * area's supervisors; missing public holidays, one per missing year per day, for every supervisor.
 */
import mongoose, { Schema } from 'mongoose';

const kpiAlertSchema = new Schema(
  {
    /** areaCode:day (repair spikes), holidays:year:day (missing holidays) */
    _id: { type: String, required: true },
    kind: { type: String, enum: ['repairSpike', 'holidaysMissing'], default: 'repairSpike' },
    areaCode: String,
    district: String,
    /** The year whose holidays are missing. */
    year: Number,
    day: { type: String, required: true },
    count24h: Number,
    baselineMean: Number,
    baselineStd: Number,
    threshold: Number,
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
