/**
 * The one rule for reaching an account: a resident reaches only accounts bound to them; any other
 * accountNo is "not found" (404), never "forbidden", so existence is not confirmed.
 * Staff reach any account (area limits are applied where a list is shown, not on direct lookups).
 */
import type { Auth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { AccountModel, type Account } from './account.model';
import { BindingModel } from './binding.model';

export async function findAccessibleAccount(auth: Auth, accountNo: string): Promise<Account> {
  if (auth.kind === 'resident') {
    const bound = await BindingModel.exists({ userId: auth.userId, accountNo });
    if (!bound) throw errors.notFound('户号', 'ACCOUNT_NOT_FOUND');
  }
  const account = await AccountModel.findOne({ accountNo }).lean<Account>();
  if (!account) throw errors.notFound('户号', 'ACCOUNT_NOT_FOUND');
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
