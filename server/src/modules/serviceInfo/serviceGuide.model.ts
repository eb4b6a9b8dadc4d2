/** 业务指南: one document per guide (开户须知, 如何读表, 安全用气 ...), as staff entered it. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const serviceGuideSchema = new Schema(
  {
    category: { type: String, enum: ['business', 'meter', 'safety'], required: true },
    utility: { type: String, enum: ['gas', 'water', 'heating'] },
    title: { type: String, required: true },
    items: { type: [String], default: [] },
    order: { type: Number, required: true, default: 100 },
    published: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'serviceGuides', versionKey: false },
);
serviceGuideSchema.index({ published: 1, category: 1, order: 1 });

export type ServiceGuideDoc = InferSchemaType<typeof serviceGuideSchema> & { _id: mongoose.Types.ObjectId };
export const ServiceGuideModel = mongoose.model('ServiceGuide', serviceGuideSchema);
