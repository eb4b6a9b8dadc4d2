/** What other features may know of a resident: how to reach them, and what they asked not to receive. */
import { UserModel } from './user.model';

export type ResidentContact = {
  id: string;
  openidMp?: string;
  openidOa?: string;
  followsOa: boolean;
  phone?: string;
  preferences: { notices: boolean; bills: boolean; orders: boolean };
};

const CONTACT = { openidMp: 1, openidOa: 1, followsOa: 1, phone: 1, preferences: 1 } as const;

type ContactDoc = {
  _id: unknown;
  openidMp?: string | null;
  openidOa?: string | null;
  followsOa?: boolean | null;
  phone?: string | null;
  preferences?: { notices?: boolean | null; bills?: boolean | null; orders?: boolean | null } | null;
};

function toContact(u: ContactDoc): ResidentContact {
  return {
    id: String(u._id),
    openidMp: u.openidMp ?? undefined,
    openidOa: u.openidOa ?? undefined,
    followsOa: u.followsOa === true,
    phone: u.phone ?? undefined,
    preferences: {
      notices: u.preferences?.notices !== false,
      bills: u.preferences?.bills !== false,
      orders: u.preferences?.orders !== false,
    },
  };
}

export async function residentContact(userId: string): Promise<ResidentContact | null> {
  const u = await UserModel.findById(userId, CONTACT).lean<ContactDoc>();
  return u ? toContact(u) : null;
}

/** Contacts of several residents (unknown ids are left out). */
export async function residentContacts(userIds: string[]): Promise<ResidentContact[]> {
  if (!userIds.length) return [];
  const rows = await UserModel.find({ _id: { $in: userIds } }, CONTACT).lean<ContactDoc[]>();
  return rows.map(toContact);
}

/** WeChat said the resident no longer follows the official account (errcode 43004). */
export async function markUnfollowed(userId: string): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $set: { followsOa: false } });
}
