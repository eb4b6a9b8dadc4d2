/** Staff work on customers: search by 户号 / phone / name / address, notes, master-data edits (audited). */
import type { CustomerSearchQuery, CustomerSummary } from '@portal/types';
import type { StaffAuth } from '../../platform/auth/auth';
import { audit, actorOf } from '../../platform/audit';
import { fullAddress, maskPhone } from '../../platform/mask';
import { escapeRegex } from '../../platform/db/regex';
import { findCounted } from '../../platform/db/page';
import { areaFilter } from '../../platform/auth/areaScope';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { findAccessibleAccount } from './access';
import { recordPersonalDataRead } from './personalDataReads';
import { AccountModel, type Account } from './account.model';
import { dropStaleBindingsFor, holderChange } from './occupancy.service';

/** An anchored `$regex`: an index on the field bounds it to the prefix. */
const prefix = (s: string) => ({ $regex: `^${escapeRegex(s)}` });

/** Anchored prefixes only, so every branch of the $or can use an index. */
export function searchFilter(q: string): Record<string, unknown> {
  const s = q.replace(/\s+/g, '');
  if (/^\d+$/.test(s)) return { $or: [{ accountNo: prefix(s) }, { 'holder.phone': prefix(s) }] };
  if (/^[0-9A-Za-z]{6,20}$/.test(s)) return { accountNo: prefix(s) };
  // "望京园3栋" / "望京园3号楼": community + building.
  const m = /^(.+?)(\d+)(栋|号楼|幢)?$/.exec(s);
  const or: Record<string, unknown>[] = [
    { 'holder.name': prefix(s) },
    { 'address.community': prefix(s) },
    { 'address.district': prefix(s) },
  ];
  if (m) or.push({ 'address.community': prefix(m[1]!), 'address.building': m[2] });
  return { $or: or };
}

export function toCustomerSummary(a: Account): CustomerSummary {
  return {
    accountNo: a.accountNo,
    holderName: a.holder!.name,
    phoneMasked: maskPhone(a.holder!.phone),
    address: fullAddress(a.address!),
    areaCode: a.areaCode,
    utility: a.utility,
    status: a.status,
    tags: a.tags,
  };
}

export async function searchCustomers(
  deps: AppDeps,
  auth: StaffAuth,
  q: CustomerSearchQuery,
  requestId?: string,
) {
  await recordPersonalDataRead(deps, auth, {
    action: 'customer.search',
    target: { kind: 'search', id: q.q },
    detail: { page: q.page, pageSize: q.pageSize },
    requestId,
  });
  const area = areaFilter(auth, 'customers');
  const filter = Object.keys(area).length ? { $and: [searchFilter(q.q), area] } : searchFilter(q.q);
  const { items: rows, ...counted } = await findCounted<Account>(AccountModel, filter, {
    sort: { accountNo: 1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    projection: { notes: 0 },
    countUpTo: deps.config.LIST_COUNT_UP_TO,
  });
  return { items: rows.map(toCustomerSummary), ...counted, page: q.page, pageSize: q.pageSize };
}

/** The holder's full phone number, for a staff member about to call them: audited and counted as a read. */
export async function revealCustomerPhone(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  requestId?: string,
) {
  const account = await findAccessibleAccount(auth, accountNo);
  await recordPersonalDataRead(deps, auth, {
    action: 'customer.revealPhone',
    target: { kind: 'account', id: accountNo },
    requestId,
  });
  if (!account.holder?.phone) throw errors.holderPhoneNotFound();
  return { accountNo, phone: account.holder.phone };
}

export async function addCustomerNote(auth: StaffAuth, accountNo: string, text: string, requestId?: string) {
  await findAccessibleAccount(auth, accountNo);
  const note = { at: new Date(), by: auth.username, text };
  await AccountModel.updateOne({ accountNo }, { $push: { notes: note } });
  await audit.record({
    actor: actorOf(auth),
    action: 'customer.note',
    target: { kind: 'account', id: accountNo },
    after: { note: text },
    outcome: 'ok',
    requestId,
  });
  return { at: note.at.toISOString(), by: note.by, text };
}

export type CustomerPatch = {
  tags?: string[];
  specialNeeds?: string;
  status?: 'active' | 'suspended' | 'closed' | 'pending';
  phone?: string;
  holderName?: string;
};

/**
 * Master-data edits (audited). A new holder name or phone is a new holder: in the same update every
 * binding made under the old one and every printed 一户一码 stop working (occupancy.service.ts).
 */
export async function updateCustomer(
  auth: StaffAuth,
  accountNo: string,
  patch: CustomerPatch,
  now: Date,
  requestId?: string,
) {
  const before = await findAccessibleAccount(auth, accountNo);
  const set: Record<string, unknown> = {};
  if (patch.tags) set.tags = patch.tags;
  if (patch.specialNeeds !== undefined) set.specialNeeds = patch.specialNeeds;
  if (patch.status) set.status = patch.status;
  if (patch.phone) set['holder.phone'] = patch.phone;
  if (patch.holderName) set['holder.name'] = patch.holderName;
  const newHolder =
    (patch.phone !== undefined && patch.phone !== before.holder?.phone) ||
    (patch.holderName !== undefined && patch.holderName !== before.holder?.name);
  const change = newHolder ? holderChange(now) : undefined;
  const after = await AccountModel.findOneAndUpdate(
    { accountNo },
    { $set: { ...set, ...change?.$set }, ...(change ? { $inc: change.$inc } : {}) },
    { new: true },
  ).lean<Account>();
  const revoked = newHolder ? await dropStaleBindingsFor([accountNo]) : 0;
  const view = (a: Account) => ({
    tags: a.tags,
    specialNeeds: a.specialNeeds,
    status: a.status,
    holderName: a.holder?.name,
    phone: a.holder?.phone,
    holderRevision: a.holderRevision,
  });
  await audit.record({
    actor: actorOf(auth),
    action: 'customer.update',
    target: { kind: 'account', id: accountNo },
    before: view(before),
    after: { ...view(after!), ...(newHolder ? { bindingsRevoked: revoked } : {}) },
    outcome: 'ok',
    requestId,
  });
  return toCustomerSummary(after!);
}
