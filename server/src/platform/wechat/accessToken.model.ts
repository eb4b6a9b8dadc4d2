import mongoose, { Schema } from 'mongoose';

/** The current access token per appid, shared by every portal process (WeChat allows one at a time). */
const wechatTokenSchema = new Schema(
  {
    appid: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'wechatTokens' },
);
wechatTokenSchema.index({ appid: 1 }, { unique: true });

export const WechatTokenModel = mongoose.model('WechatToken', wechatTokenSchema);
