/**
 * The one rule for reaching an account: a resident reaches only accounts bound to them; any other
 * accountNo is "not found" (404), never "forbidden", so existence is not confirmed.
 * Staff reach any account (area limits are applied where a list is shown, not on direct lookups).
 */
import { Types } from 'mongoose';
import type { Auth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { AccountModel, type Account } from './account.model';
import { BindingModel } from './binding.model';

/** Who works with customer records (search, the 360° record). */
export const CUSTOMER_READERS = ['agent', 'dispatcher', 'technician', 'supervisor', 'manager', 'admin'] as const;

export async function findAccessibleAccount(auth: Auth, accountNo: string): Promise<Account> {
  if (auth.kind === 'resident') {
    // One round trip: the binding, and through it the account (unique accountNo).
    if (!Types.ObjectId.isValid(auth.userId)) throw errors.accountNotFound();
    const [bound] = await BindingModel.aggregate<{ account: Account[] }>([
      { $match: { userId: new Types.ObjectId(auth.userId), accountNo } },
      { $limit: 1 },
      { $lookup: { from: AccountModel.collection.collectionName, localField: 'accountNo', foreignField: 'accountNo', as: 'account' } },
      { $project: { _id: 0, account: 1 } },
    ]);
    if (!bound?.account[0]) throw errors.accountNotFound();
    return bound.account[0];
  }
  const account = await AccountModel.findOne({ accountNo }).lean<Account>();
  if (!account) throw errors.accountNotFound();
  return account;
}

/** accountNos bound to a resident. */
export async function boundAccountNos(userId: string): Promise<string[]> {
  const rows = await BindingModel.find({ userId }, { accountNo: 1 }).lean();
  return rows.map((r) => r.accountNo);
}

/** Users bound to an account (receivers of its reminders and notices). */
export async function boundUserIds(accountNos: string[]): Promise<string[]> {
  const ids = await BindingModel.distinct('userId', { accountNo: { $in: accountNos } });
  return ids.map(String);
}

/** Is this account bound to this resident? */
export async function isBoundTo(userId: string, accountNo: string): Promise<boolean> {
  return !!(await BindingModel.exists({ userId, accountNo }));
}

/** Every (resident, account) binding of some accounts: who hears about each account. */
export async function bindingsOf(accountNos: string[]): Promise<{ userId: string; accountNo: string }[]> {
  if (!accountNos.length) return [];
  const rows = await BindingModel.find({ accountNo: { $in: accountNos } }, { _id: 0, userId: 1, accountNo: 1 }).lean();
  return rows.map((r) => ({ userId: String(r.userId), accountNo: r.accountNo }));
}
