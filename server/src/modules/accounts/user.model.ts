/** A resident: one WeChat person, known by an openid per app and, when linked, a unionid. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { overStrings } from '../../platform/db/stringIndex';

const userSchema = new Schema(
  {
    /** openid in the mini-program. */
    openidMp: { type: String },
    /** openid in the official account (H5 pages, template messages, JSAPI pay on H5). */
    openidOa: { type: String },
    unionid: { type: String },
    /** When the H5 last sent the resident to WeChat's snsapi_userinfo consent page to join the two apps; asked once. */
    userinfoAskedAt: { type: Date },
    /**
     * Set on an official-account user found, through snsapi_userinfo, to be the same person as a mini-program
     * user: its bindings and openid moved there (login.service.ts joinToUnionUser). `formerOpenidOa` keeps the
     * openid it gave up, so a join interrupted between the two writes is finished by the next login.
     */
    mergedInto: { type: Schema.Types.ObjectId, ref: 'User' },
    formerOpenidOa: { type: String },
    nickname: { type: String },
    /** Shared by the resident in the mini-program (getPhoneNumber); SMS goes here when WeChat cannot reach them. */
    phone: { type: String },
    phoneConsentAt: { type: Date },
    /** Follows the official account (template messages need it). */
    followsOa: { type: Boolean, default: false },
    lastLoginAt: { type: Date },
    /** Bumped when the resident's sessions must end at once; tokens signed before are refused (sessionCheck.ts). */
    tokenVersion: { type: Number, default: 0 },
    /** Set when the resident's account is deleted (注销): their tokens and refresh tokens stop working. */
    deletedAt: { type: Date },
    /**
     * While a deletion is under way: the WeChat ids it took off this user, which the other features' steps
     * still need (a follower record is keyed by openid). Cleared when the deletion is finished (`erasedAt`);
     * a deletion cut short is finished by the sweep (modules/privacy).
     */
    erasure: { _id: false, type: { openids: [String] }, default: undefined },
    erasedAt: { type: Date },
    /** Which notices the resident wants (my settings page). */
    preferences: {
      notices: { type: Boolean, default: true },
      bills: { type: Boolean, default: true },
      orders: { type: Boolean, default: true },
      /** 长辈版: larger text and targets, the simpler home; follows the resident to any device. */
      elderMode: { type: Boolean, default: false },
    },
  },
  { timestamps: true, collection: 'users' },
);

userSchema.index(...overStrings({ openidMp: 1 }, { unique: true }));
userSchema.index(...overStrings({ openidOa: 1 }, { unique: true }));
userSchema.index(...overStrings({ unionid: 1 }, { unique: true }));

userSchema.index({ mergedInto: 1 }, { partialFilterExpression: { mergedInto: { $exists: true } } });
userSchema.index({ deletedAt: 1 }, { partialFilterExpression: { erasure: { $exists: true } } });
userSchema.index(...overStrings({ formerOpenidOa: 1 }));

export type User = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const UserModel = mongoose.model('User', userSchema);
