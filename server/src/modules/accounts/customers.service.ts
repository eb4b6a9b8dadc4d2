/** Staff work on customers: search by 户号 / phone / name / address, notes, master-data edits (audited). */
import type { CustomerSearchQuery, CustomerSummary } from '@portal/types';
import type { StaffAuth } from '../../platform/auth/auth';
import { audit, actorOf } from '../../platform/audit';
import { fullAddress, maskPhone } from '../../platform/mask';
import { areaFilter } from '../../platform/auth/areaScope';
import { findAccessibleAccount } from './access';
import { AccountModel, type Account } from './account.model';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const prefix = (s: string) => new RegExp(`^${escape(s)}`);

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

export async function searchCustomers(auth: StaffAuth, q: CustomerSearchQuery) {
  const area = areaFilter(auth, 'customers');
  const filter = Object.keys(area).length ? { $and: [searchFilter(q.q), area] } : searchFilter(q.q);
  const [rows, total] = await Promise.all([
    AccountModel.find(filter, { notes: 0 })
      .sort({ accountNo: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<Account[]>(),
    AccountModel.countDocuments(filter),
  ]);
  return { items: rows.map(toCustomerSummary), total, page: q.page, pageSize: q.pageSize };
}

export async function addCustomerNote(auth: StaffAuth, accountNo: string, text: string, requestId?: string) {
  await findAccessibleAccount(auth, accountNo);
  const note = { at: new Date(), by: auth.username, text };
  await AccountModel.updateOne({ accountNo }, { $push: { notes: note } });
  await audit.record({ actor: actorOf(auth), action: 'customer.note', target: { kind: 'account', id: accountNo }, after: { note: text }, outcome: 'ok', requestId });
  return { at: note.at.toISOString(), by: note.by, text };
}

export type CustomerPatch = { tags?: string[]; specialNeeds?: string; status?: 'active' | 'suspended' | 'closed'; phone?: string };

export async function updateCustomer(auth: StaffAuth, accountNo: string, patch: CustomerPatch, requestId?: string) {
  const before = await findAccessibleAccount(auth, accountNo);
  const set: Record<string, unknown> = {};
  if (patch.tags) set.tags = patch.tags;
  if (patch.specialNeeds !== undefined) set.specialNeeds = patch.specialNeeds;
  if (patch.status) set.status = patch.status;
  if (patch.phone) set['holder.phone'] = patch.phone;
  const after = await AccountModel.findOneAndUpdate({ accountNo }, { $set: set }, { new: true }).lean<Account>();
  const view = (a: Account) => ({ tags: a.tags, specialNeeds: a.specialNeeds, status: a.status, phone: a.holder?.phone });
  await audit.record({ actor: actorOf(auth), action: 'customer.update', target: { kind: 'account', id: accountNo }, before: view(before), after: view(after!), outcome: 'ok', requestId });
  return toCustomerSummary(after!);
}
