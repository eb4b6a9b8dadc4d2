/**
 * sms_phone_claims: one SMS per cause and phone. Residents bound to one account share the holder's phone when
 * they gave none of their own; the first delivery of a cause to claim the phone sends, the others record
 * PHONE_ALREADY_TEXTED. A retry of the claiming delivery finds its own claim.
 */
import mongoose, { Schema } from 'mongoose';

const smsClaimSchema = new Schema(
  {
    _id: { type: String },
    /** The outbox entry that holds the claim. */
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'sms_phone_claims', versionKey: false },
);
smsClaimSchema.index({ at: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

const SmsClaimModel = mongoose.model('SmsPhoneClaim', smsClaimSchema);

/** True when this delivery may text this phone for this cause. */
export async function claimSmsPhone(cause: string, phone: string, by: string): Promise<boolean> {
  const _id = `${cause}|${phone}`;
  try {
    await SmsClaimModel.updateOne({ _id }, { $setOnInsert: { by, at: new Date() } }, { upsert: true });
  } catch (e) {
    if ((e as { code?: number }).code !== 11000) throw e;
  }
  return (await SmsClaimModel.exists({ _id, by })) !== null;
}
