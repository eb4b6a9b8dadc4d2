/** 户: one utility account with its holder, address, meters, appliances and contract. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** pending: opened online, not in supply until its 点火通气 visit is completed (opening.service.ts). */
export const ACCOUNT_STATUSES = ['active', 'suspended', 'closed', 'pending'] as const;
export const CUSTOMER_TYPES = ['residential', 'commercial', 'public'] as const;
export const UTILITIES = ['gas', 'water', 'heating'] as const;

const meterSchema = new Schema(
  {
    meterNo: { type: String, required: true },
    model: String,
    installedAt: Date,
    /** Last accepted reading (m³ / t / GJ), used to check self readings. */
    lastReading: Number,
    lastReadingAt: Date,
  },
  { _id: false },
);

const applianceSchema = new Schema(
  {
    kind: { type: String, required: true }, // 灶具 / 热水器 / 壁挂炉 / ...
    brand: String,
    model: String,
    installedAt: Date,
  },
  { _id: false },
);

const accountSchema = new Schema(
  {
    accountNo: { type: String, required: true },
    holder: {
      name: { type: String, required: true },
      phone: { type: String },
      /** Only the masked form is stored: 110***********1234. */
      idNumberMasked: { type: String },
    },
    address: {
      district: { type: String, required: true },
      community: { type: String, required: true },
      building: { type: String, default: '' },
      unit: { type: String, default: '' },
      room: { type: String, default: '' },
    },
    /** District-community code, e.g. "CY-WJY"; staff areas and notice targeting match on its prefixes. */
    areaCode: { type: String, required: true },
    utility: { type: String, enum: UTILITIES, required: true },
    customerType: { type: String, enum: CUSTOMER_TYPES, default: 'residential' },
    meters: { type: [meterSchema], default: [] },
    appliances: { type: [applianceSchema], default: [] },
    contract: {
      no: String,
      startAt: Date,
      tariff: { type: String, default: 'residential-tiered' },
      /** 供暖面积 (m²) in the heating contract: area-priced heating charges it per season. */
      heatingAreaM2: Number,
    },
    status: { type: String, enum: ACCOUNT_STATUSES, default: 'active' },
    tags: { type: [String], default: [] },
    specialNeeds: { type: String },
    /** 一户一码: bumped to revoke every QR token issued before (e.g. on 过户). */
    qrRevision: { type: Number, default: 1 },
    /** When a current 一户一码 of this account was last opened (recorded at most once a minute). */
    qrLastScannedAt: { type: Date },
    /**
     * Bumped when the household changes hands (过户, 销户) or the holder's name or phone changes: bindings
     * made under an earlier revision no longer reach the account (modules/accounts/access.ts).
     */
    holderRevision: { type: Number, default: 0 },
    /** When the current holder took over; residents see bills and usage from then on. */
    holderSince: { type: Date },
    /** The last 过户/销户 order applied to this account (applying one is idempotent). */
    occupancyOrderNo: { type: String },
    /**
     * 报停 periods (accountChanges' 报停/复供): a heating season (billed the 供热基本费 share) or gas/water
     * stopped from a day until 复供 (no usage billed). Each keyed by the order that started or ended it.
     */
    supplySuspensions: {
      type: [
        {
          _id: false,
          orderNo: { type: String, required: true },
          kind: { type: String, enum: ['heatingSeason', 'temporary'], required: true },
          season: String,
          from: { type: Date, required: true },
          /** Heating: the season's end; gas/water: set by 复供. */
          to: Date,
          expectedResumeAt: Date,
          resumeOrderNo: String,
        },
      ],
      default: [],
    },
    notes: {
      type: [{ at: Date, by: String, text: String }],
      default: [],
    },
  },
  { timestamps: true, collection: 'accounts' },
);

accountSchema.index({ accountNo: 1 }, { unique: true });
accountSchema.index({ areaCode: 1, status: 1 });
accountSchema.index({ 'address.district': 1, 'address.community': 1, 'address.building': 1 });
accountSchema.index({ 'holder.phone': 1 });
accountSchema.index({ 'holder.name': 1 });
// Customer search by community ("望京园", "望京园3栋"): the district index above cannot serve it.
accountSchema.index({ 'address.community': 1, 'address.building': 1 });

export type Account = InferSchemaType<typeof accountSchema> & { _id: mongoose.Types.ObjectId };
export const AccountModel = mongoose.model('Account', accountSchema);
