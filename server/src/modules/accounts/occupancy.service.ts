/**
 * When a household changes hands its residents change too. A completed 过户 or 销户, or a change of the
 * holder's name or phone, ends every binding to the account and every 一户一码 printed for it: the
 * account's holderRevision and qrRevision go up in one update (from that instant old bindings reach
 * nothing, see access.ts), then the stale bindings are deleted. Applying a 过户/销户 order is idempotent
 * (the account remembers the last order applied), so the work-order hook and the repair sweep may both
 * run it. Staff can also end one resident's binding (an ex-tenant who kept access), audited.
 */
import type { AppDeps } from '../../deps';
import { audit, type AuditActor } from '../../platform/audit';
import type { StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { findAccessibleAccount } from './access';
import { AccountModel, type Account } from './account.model';
import { BindingModel, type Binding } from './binding.model';

export type OccupancyCause = 'transfer' | 'closure' | 'holderChanged';

/** Deletes the bindings an account's current holderRevision no longer honours; returns whose they were. */
async function dropStaleBindings(accountNo: string, holderRevision: number): Promise<string[]> {
  const stale = await BindingModel.find(
    { accountNo, holderRevision: { $ne: holderRevision } },
    { userId: 1 },
  ).lean<Binding[]>();
  if (!stale.length) return [];
  await BindingModel.deleteMany({
    _id: { $in: stale.map((b) => b._id) },
    holderRevision: { $ne: holderRevision },
  });
  return stale.map((b) => String(b.userId));
}

/**
 * The update that ends an occupancy, to merge into the same single-document update that changes the
 * holder (a staff edit, an import row): from that write on, old bindings and QR codes reach nothing.
 */
export const holderChange = (now: Date) => ({
  $inc: { holderRevision: 1, qrRevision: 1 },
  $set: { holderSince: now },
});

/**
 * After holder changes were written: removes the now-stale bindings of these accounts. The bindings
 * first (most accounts have none: one query), then the current holderRevision of the bound ones only.
 */
export async function dropStaleBindingsFor(accountNos: string[]): Promise<number> {
  if (!accountNos.length) return 0;
  const bindings = await BindingModel.find(
    { accountNo: { $in: accountNos } },
    { accountNo: 1, holderRevision: 1 },
  ).lean<Binding[]>();
  if (!bindings.length) return 0;
  const accounts = await AccountModel.find(
    { accountNo: { $in: [...new Set(bindings.map((b) => b.accountNo))] } },
    { accountNo: 1, holderRevision: 1 },
  ).lean<Account[]>();
  const current = new Map(accounts.map((a) => [a.accountNo, a.holderRevision ?? 0]));
  const stale = bindings.filter((b) => (b.holderRevision ?? 0) !== current.get(b.accountNo));
  if (!stale.length) return 0;
  return (await BindingModel.deleteMany({ _id: { $in: stale.map((b) => b._id) } })).deletedCount;
}

/**
 * Ends the current occupancy: bumps holderRevision and qrRevision, starts the new holder's time, and
 * (for a closure) closes the account. With `orderNo`, runs once per order.
 */
export async function endOccupancy(
  deps: AppDeps,
  input: {
    accountNo: string;
    cause: OccupancyCause;
    orderNo?: string;
    /** When the household changed hands (the order's completion); the new holder's time starts there. */
    since?: Date;
    /** 过户 approved online: the new holder, written in the same update that ends the old occupancy. */
    newHolder?: { name: string; phone: string; idNumberMasked: string };
    /** The meter reading at handover: the new holder's (or the closure's) starting point. */
    reading?: number;
    actor: AuditActor;
    requestId?: string;
  },
): Promise<{ applied: boolean; revokedUserIds: string[] }> {
  const now = deps.clock.now();
  const onceFor = input.orderNo ? { occupancyOrderNo: { $ne: input.orderNo } } : {};
  const updated = await AccountModel.findOneAndUpdate(
    { accountNo: input.accountNo, ...onceFor },
    {
      $inc: { holderRevision: 1, qrRevision: 1 },
      $set: {
        holderSince: input.since ?? now,
        ...(input.orderNo ? { occupancyOrderNo: input.orderNo } : {}),
        ...(input.cause === 'closure' ? { status: 'closed' } : {}),
        ...(input.newHolder ? { holder: input.newHolder } : {}),
        ...(input.reading !== undefined
          ? { 'meters.0.lastReading': input.reading, 'meters.0.lastReadingAt': input.since ?? now }
          : {}),
      },
    },
    { new: true },
  ).lean<Account>();
  const account = updated ?? (await AccountModel.findOne({ accountNo: input.accountNo }).lean<Account>());
  if (!account) return { applied: false, revokedUserIds: [] };
  const revokedUserIds = await dropStaleBindings(account.accountNo, account.holderRevision ?? 0);
  if (updated) {
    await audit.record({
      actor: input.actor,
      action: 'account.occupancyEnded',
      target: { kind: 'account', id: input.accountNo },
      after: {
        cause: input.cause,
        orderNo: input.orderNo,
        ...(input.newHolder ? { newHolderName: input.newHolder.name } : {}),
        holderRevision: account.holderRevision,
        qrRevision: account.qrRevision,
        revokedUserIds,
      },
      outcome: 'ok',
      requestId: input.requestId,
      at: now,
    });
  }
  return { applied: Boolean(updated), revokedUserIds };
}

/** Staff end one resident's binding (e.g. a former tenant's), with the reason in the audit log. */
export async function unbindResident(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  body: { userId: string; reason: string },
  requestId?: string,
): Promise<{ removed: true }> {
  await findAccessibleAccount(auth, accountNo);
  const removed = await BindingModel.findOneAndDelete({ accountNo, userId: body.userId }).lean<Binding>();
  if (!removed) throw errors.bindingNotFound();
  if (removed.isDefault) {
    const next = await BindingModel.findOne({ userId: body.userId }).sort({ createdAt: 1 });
    if (next) await BindingModel.updateOne({ _id: next._id }, { $set: { isDefault: true } });
  }
  await audit.record({
    actor: { kind: 'staff', id: auth.staffId, name: auth.username },
    action: 'binding.removeByStaff',
    target: { kind: 'account', id: accountNo },
    before: {
      userId: body.userId,
      relation: removed.relation,
      proof: removed.proof,
      boundAt: removed.createdAt,
    },
    after: { reason: body.reason },
    outcome: 'ok',
    requestId,
    at: deps.clock.now(),
  });
  return { removed: true };
}
