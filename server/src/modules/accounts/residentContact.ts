/**
 * What other features may change about how a resident is reached: official-account follower status (matched by
 * the OA openid, else by unionid, which then links the OA identity to the resident) and the phone the resident
 * shared with consent.
 */
import type { MyPhone } from '@portal/types';
import { maskPhone } from '../../platform/mask';
import { contactPhoneFor } from './contactPhone';
import { UserModel } from './user.model';

export type OaFollower = { openid: string; unionid?: string; follows: boolean };

/**
 * Sets followsOa for residents known by these OA openids, and links residents known only by unionid (a
 * mini-program user whose OA openid the portal has not seen yet). Two writes per row at most, in one bulk call.
 */
export async function markOaFollowers(rows: OaFollower[]): Promise<void> {
  if (!rows.length) return;
  const ops = rows.flatMap((r) => [
    { updateMany: { filter: { openidOa: r.openid }, update: { $set: { followsOa: r.follows } } } },
    ...(r.unionid
      ? [
          {
            updateOne: {
              filter: { unionid: r.unionid, openidOa: { $exists: false } },
              update: { $set: { openidOa: r.openid, followsOa: r.follows } },
            },
          },
        ]
      : []),
  ]);
  try {
    await UserModel.bulkWrite(ops, { ordered: false });
  } catch (e) {
    // Another resident already holds that OA openid (unique): the first write covered them.
    if ((e as { code?: number }).code !== 11000 && !String((e as Error).message).includes('E11000')) throw e;
  }
}

export async function setResidentPhone(userId: string, phone: string, at: Date): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { phone, phoneConsentAt: at } });
}

/** The resident withdraws the number (PIPL): SMS falls back to the holder's phone, if any. */
export async function clearResidentPhone(userId: string): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $unset: { phone: 1, phoneConsentAt: 1 } });
}

export async function residentPhone(userId: string): Promise<MyPhone> {
  const user = await UserModel.findById(userId, { phone: 1, phoneConsentAt: 1 }).lean();
  const to = user ? await contactPhoneFor(user) : undefined;
  return {
    phoneMasked: user?.phone ? maskPhone(user.phone) : undefined,
    smsTo: to?.source ?? 'none',
    consentAt: user?.phoneConsentAt?.toISOString(),
  };
}
