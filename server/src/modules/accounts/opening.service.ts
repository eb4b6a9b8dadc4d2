/**
 * 开户: a new account opened online (modules/accountChanges runs the application and its approval).
 * The 户号 is reserved when the resident applies (the application's work order is filed under it) and
 * the account is written only on approval. Both writes here are idempotent, keyed by the 户号 and the
 * applying order: a replay after a crash finds the account and the binding it already made.
 *
 * A new account is `pending` (待通气): not in supply until the 点火通气 visit, with its safety check, is
 * completed (startSupply); only then is it `active`.
 */
import mongoose, { Schema } from 'mongoose';
import { AccountModel, type Account } from './account.model';
import { BindingModel } from './binding.model';
import { listAreas } from './areas.service';
import { upsertReturning } from '../../platform/db/upsert';

/** 户号 opened online: 39 + an 8-digit sequence (10 digits, as the utilities' imported numbers). */
export const OPENED_ACCOUNT_PREFIX = '39';

const AccountNoCounterModel = mongoose.model(
  'AccountNoCounter',
  new Schema({ _id: String, n: { type: Number, default: 0 } }, { collection: 'accountNoCounters' }),
);

/** A 户号 no account and no earlier reservation has: from one atomic counter, skipping numbers in use. */
export async function reserveAccountNo(): Promise<string> {
  for (;;) {
    const c = await upsertReturning(() =>
      AccountNoCounterModel.findOneAndUpdate(
        { _id: 'opened' },
        { $inc: { n: 1 } },
        { upsert: true, new: true },
      ).lean<{ n: number }>(),
    );
    const accountNo = `${OPENED_ACCOUNT_PREFIX}${String(c.n).padStart(8, '0')}`;
    // An imported account may already carry the number: take the next one.
    if (!(await AccountModel.exists({ accountNo }))) return accountNo;
  }
}

/** The district and community of a known area (one where the utility has accounts), or null. */
export async function knownArea(areaCode: string): Promise<{ district: string; community: string } | null> {
  const a = await AccountModel.findOne({ areaCode }, { address: 1 }).lean<Pick<Account, 'address'>>();
  return a?.address ? { district: a.address.district, community: a.address.community } : null;
}

/**
 * The areas residents may apply in: every 小区 with accounts, from the area tree (one aggregation, cached
 * for a minute, as the staff pickers read it).
 */
export async function openingAreas(): Promise<{ areaCode: string; district: string; community: string }[]> {
  const tree = await listAreas({});
  return tree.districts
    .flatMap((d) => d.communities.map((c) => ({ areaCode: c.areaCode, district: d.name, community: c.name })))
    .filter((a) => a.areaCode)
    .sort((a, b) => a.areaCode.localeCompare(b.areaCode));
}

export type OpeningAddress = {
  district: string;
  community: string;
  building: string;
  unit: string;
  room: string;
};

/** An account not closed at this address for this utility (a second opening of one home is refused). */
export async function openAccountAt(utility: string, address: OpeningAddress): Promise<string | null> {
  const a = await AccountModel.findOne(
    {
      utility,
      status: { $ne: 'closed' },
      'address.district': address.district,
      'address.community': address.community,
      'address.building': address.building,
      'address.unit': address.unit,
      'address.room': address.room,
    },
    { accountNo: 1 },
  ).lean<Pick<Account, 'accountNo'>>();
  return a?.accountNo ?? null;
}

/**
 * Writes the new account (once: inserted only when the 户号 is free) as `pending`, and binds the
 * applicant to it as its holder (once: the binding's unique key). Returns the account.
 */
export async function openAccount(input: {
  accountNo: string;
  orderNo: string;
  areaCode: string;
  utility: string;
  address: OpeningAddress;
  holder: { name: string; phone: string; idNumberMasked: string };
  holderUserId: string;
  since: Date;
}): Promise<Account> {
  // A sweep re-running this step may race the approval itself: the loser reads what the winner wrote.
  const account = await upsertReturning(() =>
    AccountModel.findOneAndUpdate(
      { accountNo: input.accountNo },
      {
        $setOnInsert: {
          accountNo: input.accountNo,
          holder: input.holder,
          address: input.address,
          areaCode: input.areaCode,
          utility: input.utility,
          customerType: 'residential',
          status: 'pending',
          holderRevision: 0,
          holderSince: input.since,
          occupancyOrderNo: input.orderNo,
          notes: [{ at: input.since, by: 'system', text: `线上开户(${input.orderNo}),待点火通气` }],
        },
      },
      { upsert: true, new: true },
    ).lean<Account>(),
  );
  if (account.occupancyOrderNo !== input.orderNo)
    throw new Error(`户号 ${input.accountNo} belongs to another order`);
  const userId = new mongoose.Types.ObjectId(input.holderUserId);
  const isDefault = (await BindingModel.countDocuments({ userId })) === 0;
  await BindingModel.updateOne(
    { userId, accountNo: input.accountNo },
    {
      $setOnInsert: {
        userId,
        accountNo: input.accountNo,
        accountId: account._id,
        relation: 'self',
        // The supervisor checked the holder's documents before approving.
        proof: 'staff',
        holderRevision: 0,
        isDefault,
      },
    },
    { upsert: true },
  ).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e; // a concurrent replay made it
  });
  return account;
}

/** The 通气 visit is done: a pending account goes into supply (once). True when it changed now. */
export async function startSupply(accountNo: string, orderNo: string, at: Date): Promise<boolean> {
  const r = await AccountModel.updateOne(
    { accountNo, status: 'pending' },
    {
      $set: { status: 'active' },
      $push: { notes: { at, by: 'system', text: `点火通气完成(${orderNo}),开始供应` } },
    },
  );
  return r.modifiedCount === 1;
}
