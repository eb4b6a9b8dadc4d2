/** Staff: console users with roles, areas (areaCode prefixes) and skills. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { StaffRole } from '@portal/types';

const staffSchema = new Schema(
  {
    username: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String },
    /** WeCom (企业微信) userid: staff alerts go to this member as application messages. */
    wecomUserId: { type: String },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: StaffRole.options, default: [] },
    /** areaCode prefixes this person covers ("CY" = a whole district, "CY-WJY" = one community). */
    areas: { type: [String], default: [] },
    /** As the dispatch rules name them, e.g. 燃气维修, 燃气抢修, 安检, 报装, 表务 (the utility's own words). */
    skills: { type: [String], default: [] },
    team: { type: String },
    onShift: { type: Boolean, default: true },
    /** Last known position (technicians), for nearest-first dispatch. */
    location: { lat: Number, lng: Number, at: Date, accuracyM: Number },
    active: { type: Boolean, default: true },
    failedLogins: { type: Number, default: 0 },
    /** Bumped when roles, areas, status or password change: tokens signed before stop working (sessionCheck.ts). */
    tokenVersion: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    /** Chat: how many conversations this agent takes at once. */
    chatCapacity: { type: Number, default: 5 },
  },
  { timestamps: true, collection: 'staff' },
);

staffSchema.index({ username: 1 }, { unique: true });
staffSchema.index({ roles: 1, active: 1 });
staffSchema.index({ areas: 1, roles: 1 });

export type Staff = InferSchemaType<typeof staffSchema> & { _id: mongoose.Types.ObjectId };
export const StaffModel = mongoose.model('Staff', staffSchema);
