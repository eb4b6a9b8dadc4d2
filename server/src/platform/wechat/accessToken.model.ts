import mongoose, { Schema } from 'mongoose';

/**
 * The current access token per appid, shared by every portal process (WeChat allows one at a time),
 * and the refresh lease: the one process holding an unexpired `leaseUntil` calls stable_token, the
 * others poll this document for the new token (no stampede across processes).
 */
const wechatTokenSchema = new Schema(
  {
    appid: { type: String, required: true },
    token: { type: String },
    expiresAt: { type: Date },
    leaseOwner: { type: String },
    leaseUntil: { type: Date },
  },
  { timestamps: true, collection: 'wechatTokens' },
);
wechatTokenSchema.index({ appid: 1 }, { unique: true });

export const WechatTokenModel = mongoose.model('WechatToken', wechatTokenSchema);
