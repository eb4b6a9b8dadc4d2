/**
 * oa_followers: every official-account user the portal has heard of (push or follower list), with the time of the
 * last fact applied, so a late or repeated push never undoes a newer one. Residents' followsOa is derived from it.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';

const oaFollowerSchema = new Schema(
  {
    /** The OA openid. */
    _id: { type: String },
    unionid: { type: String },
    follows: { type: Boolean, required: true },
    /** When the fact was true at WeChat: the push's CreateTime, or the sync's start. */
    factAt: { type: Date, required: true },
    subscribedAt: { type: Date },
    /** The follower-list run that last saw them following. */
    seenBySync: { type: String },
  },
  { timestamps: true, collection: 'oa_followers', versionKey: false },
);
oaFollowerSchema.index(...overStrings({ unionid: 1 }));
oaFollowerSchema.index({ follows: 1, seenBySync: 1 });

export type OaFollowerDoc = InferSchemaType<typeof oaFollowerSchema> & { _id: string };
export const OaFollowerModel = mongoose.model('OaFollower', oaFollowerSchema);
