/**
 * One reconciliation of WeChat Pay's trade bill per day (billDate, unique): the last run's outcome and its
 * discrepancy list. A rerun of the same day replaces it (and counts `runs`), so the daily job and a staff
 * member's button can both run it any number of times.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const discrepancySchema = new Schema(
  {
    kind: { type: String, required: true },
    outTradeNo: { type: String, required: true },
    outRefundNo: String,
    accountNo: String,
    areaCode: String,
    transactionId: String,
    wechatFen: Number,
    portalFen: Number,
    wechatStatus: String,
    portalStatus: String,
    resolution: String,
  },
  { _id: false },
);

const tradeBillRunSchema = new Schema(
  {
    billDate: { type: String, required: true },
    status: { type: String, enum: ['done', 'failed'], required: true },
    ranBy: { type: String, required: true },
    ranAt: { type: Date, required: true },
    runs: { type: Number, default: 0 },
    hashValue: String,
    summary: { count: Number, settlementFen: Number, refundFen: Number, feeFen: Number },
    paymentLines: { type: Number, default: 0 },
    refundLines: { type: Number, default: 0 },
    matched: { type: Number, default: 0 },
    discrepancies: { type: [discrepancySchema], default: [] },
    error: String,
  },
  { collection: 'tradeBillRuns', versionKey: false },
);
tradeBillRunSchema.index({ billDate: 1 }, { unique: true });

export type TradeBillRunDoc = InferSchemaType<typeof tradeBillRunSchema> & { _id: mongoose.Types.ObjectId };
export const TradeBillRunModel = mongoose.model('TradeBillRun', tradeBillRunSchema);
