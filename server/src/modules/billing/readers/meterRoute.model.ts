/** 抄表区段: the meter reader (and team) of an area; a bill belongs to the route of its area's longest prefix. */
import mongoose, { Schema } from 'mongoose';

const meterRouteSchema = new Schema(
  {
    /** The area prefix ('CY', 'CY-WJY'). */
    _id: { type: String, required: true },
    readerName: { type: String, required: true },
    team: { type: String, required: true },
  },
  { timestamps: true, collection: 'meterRoutes', versionKey: false },
);
meterRouteSchema.index({ team: 1, readerName: 1 });

export type MeterRouteDoc = { _id: string; readerName: string; team: string; updatedAt: Date };
export const MeterRouteModel = mongoose.model('MeterRoute', meterRouteSchema);
