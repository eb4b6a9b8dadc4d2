/** Inbound events from the external work-order system, by event id: a replay is recognised and ignored. */
import mongoose, { Schema } from 'mongoose';

const externalEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    orderNo: { type: String, required: true },
    status: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    applied: { type: Boolean, required: true },
  },
  { timestamps: true, collection: 'externalWorkOrderEvents' },
);
externalEventSchema.index({ orderNo: 1, occurredAt: 1 });
export const ExternalEventModel = mongoose.model('ExternalWorkOrderEvent', externalEventSchema);
