/** The one saved settings document (`_id: 'portal'`): what an admin set in the console. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    hotline: { type: String, required: true },
    chatServiceHours: { type: String, required: true },
    /** 人工费率, fen per hour; absent until first saved (the config's LABOUR_RATE_FEN applies). */
    labourRateFen: { type: Number },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'portalSettings', versionKey: false },
);

export type PortalSettingsDoc = InferSchemaType<typeof settingsSchema>;
export const PortalSettingsModel = mongoose.model('PortalSettings', settingsSchema);
