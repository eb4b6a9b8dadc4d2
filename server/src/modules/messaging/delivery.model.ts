/**
 * message_deliveries: what became of each 'message.send' outbox entry (one resident, one message):
 * the channel chosen, the sent-marker that keeps a send from happening twice, the outcome.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { DeliveryStatus, MessageChannel } from '@portal/types';

const attemptSchema = new Schema(
  {
    channel: String,
    errcode: Number,
    /** The SMS provider's error code (Tencent: FailedOperation.…). */
    code: String,
    /** The call may have been taken all the same (a timeout): the retry asks the provider first. */
    ambiguous: Boolean,
    error: String,
    at: Date,
  },
  { _id: false },
);

const deliverySchema = new Schema(
  {
    outboxId: { type: Schema.Types.ObjectId, required: true },
    group: { type: String },
    userId: { type: Schema.Types.ObjectId, required: true },
    event: { type: String, required: true },
    status: { type: String, enum: DeliveryStatus.options, required: true },
    channel: { type: String, enum: MessageChannel.options },
    /** A one-time grant was taken for this message (kept across retries so a retry takes no second one). */
    grantTaken: { type: Boolean, default: false },
    /** Set with status 'sending' just before handing the message to WeChat/SMS. */
    sendingSince: { type: Date },
    sendingBy: { type: String },
    msgid: { type: String },
    /** Why it failed or could not reach the resident: an errcode or NO_GRANT / NOT_FOLLOWING / NO_PHONE / OPTED_OUT... */
    reason: { type: String },
    errcode: { type: Number },
    attempts: { type: [attemptSchema], default: [] },
    /** Channels passed over before the one that reached the resident (or all of them), each with why. */
    skipped: { type: [new Schema({ channel: String, reason: String }, { _id: false })], default: [] },
    /** SMS to a phone other than the resident's own: the holder's phone of the account. */
    phoneSource: { type: String, enum: ['holder'] },
    sentAt: { type: Date },
  },
  { timestamps: true, collection: 'message_deliveries' },
);

deliverySchema.index({ outboxId: 1 }, { unique: true });
deliverySchema.index({ group: 1, status: 1 }, { partialFilterExpression: { group: { $exists: true } } });
deliverySchema.index({ userId: 1, createdAt: -1 });

export type Delivery = InferSchemaType<typeof deliverySchema> & { _id: mongoose.Types.ObjectId };
export const DeliveryModel = mongoose.model('MessageDelivery', deliverySchema);
