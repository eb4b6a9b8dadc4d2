/**
 * What other features read and change on accounts, as lean plain objects: lookups by 户号, batches for
 * fan-outs, the 一户一码 revision and the meter's last accepted reading. The account schema stays here.
 */
import type { NoticeTarget } from '@portal/types';
import type { FilterQuery } from 'mongoose';
import { forEachBatch } from '../../platform/db/batches';
import { escapeRegex } from '../../platform/db/regex';
import { AccountModel, type Account } from './account.model';

/** An account as other features see it (the stored record, lean). */
export type AccountRecord = Account;
/** Who and where, for lists, masks and targeting. */
export type AccountSummary = Pick<
  Account,
  'accountNo' | 'holder' | 'address' | 'areaCode' | 'utility' | 'status'
>;
/** Households by address: whole districts, communities or buildings, or named 户号. */
export type AddressScope = Pick<NoticeTarget, 'districts' | 'communities' | 'buildings' | 'accountNos'>;

const SUMMARY = { _id: 0, accountNo: 1, holder: 1, address: 1, areaCode: 1, utility: 1, status: 1 } as const;

export async function findAccount(accountNo: string): Promise<AccountRecord | null> {
  return AccountModel.findOne({ accountNo }).lean<AccountRecord>();
}

/** Whole records of some accounts in one query (unknown 户号 are left out). */
export async function findAccounts(accountNos: string[]): Promise<AccountRecord[]> {
  if (!accountNos.length) return [];
  return AccountModel.find({ accountNo: { $in: accountNos } }).lean<AccountRecord[]>();
}

/** Summaries of some accounts (unknown 户号 are left out), in no particular order. */
export async function accountSummaries(accountNos: string[]): Promise<AccountSummary[]> {
  if (!accountNos.length) return [];
  return AccountModel.find({ accountNo: { $in: accountNos } }, SUMMARY).lean<AccountSummary[]>();
}

/**
 * The open accounts of a community, in door order (building, unit, room), at most `limit`. `within`: a
 * staff member's area scope (platform/auth/areaScope.ts areaFilter); accounts outside it are left off.
 */
export async function accountsOfCommunity(
  q: { community: string; district?: string; building?: string },
  limit: number,
  within: Record<string, unknown> = {},
): Promise<AccountRecord[]> {
  const filter: FilterQuery<Account> = {
    ...within,
    'address.community': q.community,
    status: { $ne: 'closed' },
  };
  if (q.district) filter['address.district'] = q.district;
  if (q.building) filter['address.building'] = q.building;
  return AccountModel.find(filter)
    .sort({ 'address.building': 1, 'address.unit': 1, 'address.room': 1, accountNo: 1 })
    .limit(limit)
    .lean<AccountRecord[]>();
}

/** 户号 of the active accounts whose areaCode starts with `areaPrefix`. */
export async function activeAccountNosUnder(areaPrefix: string): Promise<string[]> {
  const rows = await AccountModel.find(
    { areaCode: { $regex: `^${escapeRegex(areaPrefix)}` }, status: 'active' },
    { _id: 0, accountNo: 1 },
  ).lean();
  return rows.map((r) => r.accountNo);
}

function scopeFilter(scope: AddressScope): FilterQuery<Account> {
  const or: FilterQuery<Account>[] = [];
  if (scope.districts.length) or.push({ 'address.district': { $in: scope.districts } });
  for (const c of scope.communities)
    or.push({ 'address.district': c.district, 'address.community': c.community });
  for (const b of scope.buildings) {
    or.push({
      'address.district': b.district,
      'address.community': b.community,
      'address.building': b.building,
    });
  }
  if (scope.accountNos.length) or.push({ accountNo: { $in: scope.accountNos } });
  return { $or: or, status: { $ne: 'closed' } };
}

/**
 * Streams the (not closed) accounts in a scope, 户号 and holder revision (what bindingsOf needs), `batchSize` at
 * a time; `onBatch` returning false stops early. Returns how many accounts were read.
 */
export async function forEachAccountBatch(
  scope: AddressScope,
  batchSize: number,
  onBatch: (accounts: Pick<Account, 'accountNo' | 'holderRevision'>[]) => Promise<void | boolean>,
): Promise<number> {
  const cursor = AccountModel.find(scopeFilter(scope), { accountNo: 1, holderRevision: 1, _id: 0 })
    .lean<Pick<Account, 'accountNo' | 'holderRevision'>[]>()
    .cursor({ batchSize });
  return forEachBatch(cursor, batchSize, onBatch);
}

/** 过户 or a lost sticker: bumps the account's QR revision; null when there is no such account. */
export async function bumpQrRevision(accountNo: string): Promise<number | null> {
  const a = await AccountModel.findOneAndUpdate(
    { accountNo },
    { $inc: { qrRevision: 1 } },
    { new: true, projection: { qrRevision: 1 } },
  ).lean();
  return a ? (a.qrRevision ?? 1) : null;
}

/** A current 一户一码 was opened: remember when (one write a minute per account at most, however busy the door). */
export async function recordQrScan(accountNo: string, at: Date): Promise<void> {
  await AccountModel.updateOne(
    {
      accountNo,
      $or: [
        { qrLastScannedAt: { $exists: false } },
        { qrLastScannedAt: { $lt: new Date(at.getTime() - 60_000) } },
      ],
    },
    { $set: { qrLastScannedAt: at } },
  );
}

/** An accepted reading becomes the meter's last reading, unless a higher one is already there. */
export async function recordMeterReading(r: {
  accountNo: string;
  meterNo: string;
  reading: number;
  at: Date;
}): Promise<void> {
  await AccountModel.updateOne(
    {
      accountNo: r.accountNo,
      meters: {
        $elemMatch: {
          meterNo: r.meterNo,
          $or: [{ lastReading: { $lt: r.reading } }, { lastReading: { $exists: false } }],
        },
      },
    },
    { $set: { 'meters.$.lastReading': r.reading, 'meters.$.lastReadingAt': r.at } },
  );
}

/** The customer type (居民 / 非居民 / 公建) of each of some accounts, for reports that group by it. */
export async function customerTypesOf(accountNos: string[]): Promise<Map<string, string>> {
  if (!accountNos.length) return new Map();
  const rows = await AccountModel.find(
    { accountNo: { $in: accountNos } },
    { _id: 0, accountNo: 1, customerType: 1 },
  ).lean<{ accountNo: string; customerType?: string | null }[]>();
  return new Map(rows.map((a) => [a.accountNo, a.customerType ?? 'residential']));
}

/** 户号 of the accounts of one customer type (a report's drill-down narrows bills to them). */
export async function accountNosOfCustomerType(customerType: string): Promise<string[]> {
  return AccountModel.distinct('accountNo', {
    ...(customerType === 'residential' ? { customerType: { $in: ['residential', null] } } : { customerType }),
  });
}
