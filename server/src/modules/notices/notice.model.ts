/** notices: an outage notice with its target area, window, status, pushes and lead time. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { NoticeKind, NoticeStatus, Utility } from '@portal/types';

const pushSchema = new Schema(
  {
    seq: { type: Number, required: true },
    reason: { type: String, enum: ['publish', 'update', 'restore'], required: true },
    at: { type: Date, required: true },
    /** The outage message as sent in this push (title, times), frozen when the push starts. */
    data: { type: Schema.Types.Mixed, default: {} },
    /** An update push: the fields changed, from → to (times as ISO instants). */
    changes: { type: [{ _id: false, field: String, from: String, to: String }], default: undefined },
    by: String,
    targeted: { type: Number },
    targetedAccounts: { type: Number },
    done: { type: Boolean, default: false },
    /** Recorded, fan-out not yet in the outbox (pushQueue.ts): cleared once it is, or by the repair sweep. */
    unqueued: { type: Boolean },
  },
  { _id: false },
);

const noticeSchema = new Schema(
  {
    utility: { type: String, enum: Utility.options, required: true },
    kind: { type: String, enum: NoticeKind.options, required: true },
    title: { type: String, required: true },
    reason: { type: String, required: true },
    safetyAdvice: { type: String },
    startAt: { type: Date, required: true },
    expectedEndAt: { type: Date, required: true },
    target: {
      districts: { type: [String], default: [] },
      communities: { type: [{ district: String, community: String, _id: false }], default: [] },
      buildings: {
        type: [{ district: String, community: String, building: String, _id: false }],
        default: [],
      },
      accountNos: { type: [String], default: [] },
    },
    areaText: { type: String, required: true },
    status: { type: String, enum: NoticeStatus.options, default: 'draft', required: true },
    publishAt: { type: Date },
    publishedAt: { type: Date },
    urgentReason: { type: String },
    leadTimeHours: { type: Number },
    restoredAt: { type: Date },
    cancelledAt: { type: Date },
    createdBy: { type: String, required: true },
    pushes: { type: [pushSchema], default: [] },
  },
  { timestamps: true, collection: 'notices' },
);

noticeSchema.index({ status: 1, startAt: -1 });
noticeSchema.index({ 'target.districts': 1 });
noticeSchema.index({ 'target.communities.district': 1, 'target.communities.community': 1 });
noticeSchema.index({ 'target.buildings.community': 1 });
noticeSchema.index({ 'target.accountNos': 1 });
noticeSchema.index({ 'pushes.unqueued': 1 }, { sparse: true });

export type NoticeDoc = InferSchemaType<typeof noticeSchema> & { _id: mongoose.Types.ObjectId };
export const NoticeModel = mongoose.model('Notice', noticeSchema);

/** Who a notice was pushed to (its audience, fixed at publish) and whether they read it in the app. */
const recipientSchema = new Schema(
  {
    noticeId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    readAt: { type: Date },
  },
  { collection: 'notice_recipients' },
);
// One row per resident per notice. User first: 注销 deletes a user's rows, in the resident's request, and with the
// notice first it read the whole collection, the largest the portal has. The reads by notice (the delivery
// report's counts, a push again to the same recipients) ride the second index.
recipientSchema.index({ userId: 1, noticeId: 1 }, { unique: true });
recipientSchema.index({ noticeId: 1, readAt: 1 });

export const NoticeRecipientModel = mongoose.model('NoticeRecipient', recipientSchema);
