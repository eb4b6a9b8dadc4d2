/** The resident's own record: profile and a JSON export of everything held about them (PIPL). */
import type { Me } from '@portal/types';
import { errors } from '../../platform/http/errors';
import { fullAddress } from '../../platform/mask';
import { AccountModel, type Account } from './account.model';
import { BindingModel } from './binding.model';
import { toMe } from './session.service';
import { UserModel, type User } from './user.model';

export async function getMe(userId: string): Promise<Me> {
  const user = await UserModel.findById(userId).lean<User>();
  if (!user) throw errors.sessionExpired();
  return toMe(user);
}

/** Turns 长辈版 on or off for the resident, wherever they open the app next. */
export async function setElderMode(userId: string, elderMode: boolean): Promise<Me> {
  const user = await UserModel.findByIdAndUpdate(
    userId,
    { $set: { 'preferences.elderMode': elderMode } },
    { new: true },
  ).lean<User>();
  if (!user) throw errors.sessionExpired();
  return toMe(user);
}

export async function exportMyData(userId: string, now: Date) {
  const user = await UserModel.findById(userId).lean<User>();
  if (!user) throw errors.sessionExpired();
  const bindings = await BindingModel.find({ userId }).lean();
  const accounts = await AccountModel.find({ accountNo: { $in: bindings.map((b) => b.accountNo) } }).lean<
    Account[]
  >();
  return {
    exportedAt: now.toISOString(),
    user: {
      id: user._id.toString(),
      nickname: user.nickname,
      phone: user.phone,
      hasMiniProgram: Boolean(user.openidMp),
      hasOfficialAccount: Boolean(user.openidOa),
      followsOfficialAccount: user.followsOa,
      preferences: user.preferences,
      createdAt: user.createdAt?.toISOString(),
      lastLoginAt: user.lastLoginAt?.toISOString(),
    },
    bindings: bindings.map((b) => ({
      accountNo: b.accountNo,
      relation: b.relation,
      proof: b.proof,
      isDefault: b.isDefault,
      boundAt: b.createdAt?.toISOString(),
    })),
    accounts: accounts.map((a) => ({
      accountNo: a.accountNo,
      holderName: a.holder!.name,
      address: fullAddress(a.address!),
      utility: a.utility,
      status: a.status,
      meters: a.meters.map((m) => m.meterNo),
    })),
  };
}
