/** 营业网点: one document per service hall, as staff entered it. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const serviceHallSchema = new Schema(
  {
    name: { type: String, required: true },
    address: { type: String, required: true },
    hours: { type: String, required: true },
    phone: String,
    latitude: { type: Number, required: true },
    longitude: { type: Number, required: true },
    services: { type: [String], default: [] },
    open: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'serviceHalls', versionKey: false },
);
// Residents list the open ones (a utility has tens at most; distance is computed on the page of them).
serviceHallSchema.index({ open: 1, name: 1 });

export type ServiceHallDoc = InferSchemaType<typeof serviceHallSchema> & { _id: mongoose.Types.ObjectId };
export const ServiceHallModel = mongoose.model('ServiceHall', serviceHallSchema);
