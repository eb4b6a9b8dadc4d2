/**
 * An account's supply (报停 / 复供): the periods it was suspended, as accountChanges' approvals record
 * them, and the questions billing asks of them. Every write is keyed by the order that caused it, so an
 * approval replayed after a crash changes nothing the second time.
 */
import { AccountModel, type Account } from './account.model';

export type SupplySuspension = Account['supplySuspensions'][number];

/** Starts a suspension once per order; the account's status shows 报停 while it lasts. */
export async function startSupplySuspension(s: {
  accountNo: string;
  orderNo: string;
  kind: 'heatingSeason' | 'temporary';
  season?: string;
  from: Date;
  to?: Date;
  expectedResumeAt?: Date;
}): Promise<void> {
  const { accountNo, ...suspension } = s;
  await AccountModel.updateOne(
    { accountNo, 'supplySuspensions.orderNo': { $ne: s.orderNo } },
    { $push: { supplySuspensions: suspension } },
  );
  if (s.kind === 'temporary')
    await AccountModel.updateOne({ accountNo, status: 'active' }, { $set: { status: 'suspended' } });
}

/**
 * 复供: the open suspension ends at `at` (once per resume order: a replay finds none open, or the one it
 * already ended), and the account is active again.
 */
export async function endSupplySuspension(r: {
  accountNo: string;
  resumeOrderNo: string;
  at: Date;
}): Promise<void> {
  const account = await AccountModel.findOne(
    { accountNo: r.accountNo },
    { supplySuspensions: 1 },
  ).lean<Account>();
  const open = account?.supplySuspensions.find((s) => !s.resumeOrderNo && (!s.to || s.to > r.at));
  if (open) {
    await AccountModel.updateOne(
      { accountNo: r.accountNo },
      {
        $set: { 'supplySuspensions.$[s].to': r.at, 'supplySuspensions.$[s].resumeOrderNo': r.resumeOrderNo },
      },
      { arrayFilters: [{ 's.orderNo': open.orderNo, 's.resumeOrderNo': { $exists: false } }] },
    );
  }
  await AccountModel.updateOne(
    { accountNo: r.accountNo, status: 'suspended' },
    { $set: { status: 'active' } },
  );
}

type WithSuspensions = Pick<Account, 'supplySuspensions'>;

/** The suspension in force at `at` (gas/water: its usage is not billed), if any. */
export const suspensionAt = (account: WithSuspensions, at: Date): SupplySuspension | undefined =>
  (account.supplySuspensions ?? []).find((s) => s.from <= at && (!s.to || s.to > at));

/** The heating season suspension (billed the base-fee share), if the household suspended `season`. */
export const suspendedSeason = (account: WithSuspensions, season: string): SupplySuspension | undefined =>
  (account.supplySuspensions ?? []).find(
    (s) => s.kind === 'heatingSeason' && s.season === season && !s.resumeOrderNo,
  );

/** The suspension that is current or still ahead at `at` (what the resident sees as 已报停). */
export const currentSuspension = (account: WithSuspensions, at: Date): SupplySuspension | undefined =>
  (account.supplySuspensions ?? []).find((s) => !s.to || s.to > at);
