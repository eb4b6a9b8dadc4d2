/** 自助报数: a reading a resident submitted with a photo, reviewed by staff. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const meterReadingSchema = new Schema(
  {
    accountNo: { type: String, required: true },
    areaCode: { type: String, required: true },
    meterNo: { type: String, required: true },
    reading: { type: Number, required: true },
    previousReading: Number,
    usage: Number,
    photoId: { type: String, required: true },
    submittedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    status: { type: String, enum: ['pending', 'accepted', 'rejected'], default: 'pending' },
    submittedAt: { type: Date, required: true },
    reviewedBy: { type: Schema.Types.ObjectId, ref: 'Staff' },
    reviewedAt: Date,
    reviewNote: String,
    billId: { type: Schema.Types.ObjectId, ref: 'Bill' },
  },
  { timestamps: true, collection: 'meterReadings' },
);

meterReadingSchema.index({ accountNo: 1, meterNo: 1, submittedAt: -1 });
meterReadingSchema.index({ status: 1, areaCode: 1, submittedAt: 1 });
// The resident's readings, which 注销 detaches (erasure.ts): without it, each 注销 read every reading.
meterReadingSchema.index({ submittedBy: 1 });

export type MeterReadingDoc = InferSchemaType<typeof meterReadingSchema> & { _id: mongoose.Types.ObjectId };
export const MeterReadingModel = mongoose.model('MeterReading', meterReadingSchema);
