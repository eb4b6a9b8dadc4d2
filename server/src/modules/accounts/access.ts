/**
 * The one rule for reaching an account.
 * - A resident reaches only accounts bound to them, and only while the household is still held by the
 *   holder they bound to: a 过户, 销户 or change of the holder's name or phone bumps the account's
 *   holderRevision, and bindings made before no longer count (they are also deleted; this check closes
 *   the gap should a crash come between). Any other accountNo is "not found" (404), never "forbidden".
 * - Staff reach accounts in their areas under the feature's area policy (platform/auth/areaScope.ts);
 *   others are "not found" too.
 */
import { Types } from 'mongoose';
import type { Auth } from '../../platform/auth/auth';
import { assertInArea, type AreaPolicy } from '../../platform/auth/areaScope';
import { inChunks } from '../../platform/db/batches';
import { errors } from '../../platform/http/errors';
import { AccountModel, type Account } from './account.model';
import { BindingModel, type Binding } from './binding.model';

/** Who works with customer records (search, the 360° record). */
export const CUSTOMER_READERS = [
  'agent',
  'dispatcher',
  'technician',
  'supervisor',
  'manager',
  'admin',
] as const;

export const bindingIsCurrent = (b: Pick<Binding, 'holderRevision'>, a: Pick<Account, 'holderRevision'>) =>
  (b.holderRevision ?? 0) === (a.holderRevision ?? 0);

export async function findAccessibleAccount(
  auth: Auth,
  accountNo: string,
  policy: AreaPolicy = 'customers',
): Promise<Account> {
  if (auth.kind === 'resident') {
    // One round trip: the binding, and through it the account (unique accountNo).
    if (!Types.ObjectId.isValid(auth.userId)) throw errors.accountNotFound();
    const [bound] = await BindingModel.aggregate<{ holderRevision?: number; account: Account[] }>([
      { $match: { userId: new Types.ObjectId(auth.userId), accountNo } },
      { $limit: 1 },
      {
        $lookup: {
          from: AccountModel.collection.collectionName,
          localField: 'accountNo',
          foreignField: 'accountNo',
          as: 'account',
        },
      },
      { $project: { _id: 0, holderRevision: 1, account: 1 } },
    ]);
    const account = bound?.account[0];
    if (!account || !bindingIsCurrent({ holderRevision: bound.holderRevision ?? 0 }, account))
      throw errors.accountNotFound();
    return account;
  }
  const account = await AccountModel.findOne({ accountNo }).lean<Account>();
  if (!account) throw errors.accountNotFound();
  assertInArea(auth, policy, account.areaCode, errors.accountNotFound);
  return account;
}

/** The resident's current bindings with the instant each began (records made before it are not theirs to see). */
export async function currentBindings(
  userId: string,
): Promise<{ accountNo: string; since: Date; holderSince?: Date }[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  // One round trip: the bindings, each with its account's holder revision (unique accountNo).
  const rows = await BindingModel.aggregate<
    Pick<Binding, 'accountNo' | 'holderRevision' | 'createdAt'> & {
      account: Pick<Account, 'holderRevision' | 'holderSince'>[];
    }
  >([
    { $match: { userId: new Types.ObjectId(userId) } },
    {
      $lookup: {
        from: AccountModel.collection.collectionName,
        localField: 'accountNo',
        foreignField: 'accountNo',
        as: 'account',
        pipeline: [{ $project: { _id: 0, holderRevision: 1, holderSince: 1 } }],
      },
    },
    { $project: { _id: 0, accountNo: 1, holderRevision: 1, createdAt: 1, account: 1 } },
  ]);
  return rows.flatMap((b) => {
    const a = b.account[0];
    return a && bindingIsCurrent(b, a)
      ? [
          {
            accountNo: b.accountNo,
            since: b.createdAt ?? new Date(0),
            holderSince: a.holderSince ?? undefined,
          },
        ]
      : [];
  });
}

/** accountNos currently bound to a resident. */
export async function boundAccountNos(userId: string): Promise<string[]> {
  return (await currentBindings(userId)).map((b) => b.accountNo);
}

/** Users currently bound to these accounts (receivers of their reminders and notices). */
export async function boundUserIds(accountNos: string[]): Promise<string[]> {
  const [rows, accounts] = await Promise.all([
    BindingModel.find(
      { accountNo: { $in: accountNos } },
      { userId: 1, accountNo: 1, holderRevision: 1 },
    ).lean<Binding[]>(),
    AccountModel.find({ accountNo: { $in: accountNos } }, { accountNo: 1, holderRevision: 1 }).lean<
      Account[]
    >(),
  ]);
  const byNo = new Map(accounts.map((a) => [a.accountNo, a]));
  const ids = rows
    .filter((b) => byNo.has(b.accountNo) && bindingIsCurrent(b, byNo.get(b.accountNo)!))
    .map((b) => String(b.userId));
  return [...new Set(ids)];
}

/**
 * Which of a resident's records of an account they may see: made after their binding began, or made by
 * themselves. A former occupant's orders, payments and readings are not the next occupant's business.
 */
export function visibleSince(
  bindings: { accountNo: string; since: Date }[],
  userField: string,
  userId: string,
  at = 'createdAt',
) {
  if (!bindings.length) return { [userField]: userId };
  return {
    $or: [
      { [userField]: userId },
      ...bindings.map((b) => ({ accountNo: b.accountNo, [at]: { $gte: b.since } })),
    ],
  };
}

/** The area of each account (for features that hold accountNos and check a staff member's areas). */
export async function accountAreas(accountNos: string[]): Promise<{ accountNo: string; areaCode: string }[]> {
  if (!accountNos.length) return [];
  return AccountModel.find({ accountNo: { $in: accountNos } }, { _id: 0, accountNo: 1, areaCode: 1 }).lean<
    { accountNo: string; areaCode: string }[]
  >();
}

/** Is this account bound to this resident (a binding made under the current holder)? */
export async function isBoundTo(userId: string, accountNo: string): Promise<boolean> {
  return (await boundAccountNos(userId)).includes(accountNo);
}

/** Keys per `$in` list of these lookups (a notice reads its audience a thousand accounts at a time; see inChunks). */
const IN_CHUNK = 100;

/**
 * Every current (resident, account) binding of some accounts: who hears about each account. Accounts given with
 * their holder revision (a caller that has just read them) are not read again.
 */
export async function bindingsOf(
  accounts: string[] | Pick<Account, 'accountNo' | 'holderRevision'>[],
): Promise<{ userId: string; accountNo: string }[]> {
  if (!accounts.length) return [];
  const given =
    typeof accounts[0] === 'string'
      ? undefined
      : (accounts as Pick<Account, 'accountNo' | 'holderRevision'>[]);
  const accountNos = given ? given.map((a) => a.accountNo) : (accounts as string[]);
  const [rows, revisions] = await Promise.all([
    inChunks(accountNos, IN_CHUNK, (chunk) =>
      BindingModel.find(
        { accountNo: { $in: chunk } },
        { _id: 0, userId: 1, accountNo: 1, holderRevision: 1 },
      ).lean<Binding[]>(),
    ),
    given ??
      inChunks(accountNos, IN_CHUNK, (chunk) =>
        AccountModel.find({ accountNo: { $in: chunk } }, { accountNo: 1, holderRevision: 1 }).lean<
          Account[]
        >(),
      ),
  ]);
  const byNo = new Map(revisions.map((a) => [a.accountNo, a]));
  return rows
    .filter((b) => byNo.has(b.accountNo) && bindingIsCurrent(b, byNo.get(b.accountNo)!))
    .map((r) => ({ userId: String(r.userId), accountNo: r.accountNo }));
}
