/**
 * Who a notice reaches: the accounts in its area, and every resident bound to one of them, once
 * (a resident binding several affected accounts is one recipient). Streamed in batches so a
 * notice to 100k households never holds more than a batch of accounts in memory (plus the set of
 * user ids already seen, for the dedupe).
 */
import type { NoticeAudience, NoticeTarget } from '@portal/types';
import type { FilterQuery } from 'mongoose';
import { AccountModel } from '../accounts/account.model';
import { BindingModel } from '../accounts/binding.model';
import { UserModel } from '../accounts/user.model';
import { SubscriptionModel } from '../messaging/subscription.model';

export const BATCH = 1000;

/** The accounts a target covers (closed accounts are not told). */
export function accountFilter(target: NoticeTarget): FilterQuery<unknown> {
  const or: FilterQuery<unknown>[] = [];
  if (target.districts.length) or.push({ 'address.district': { $in: target.districts } });
  for (const c of target.communities) or.push({ 'address.district': c.district, 'address.community': c.community });
  for (const b of target.buildings) {
    or.push({ 'address.district': b.district, 'address.community': b.community, 'address.building': b.building });
  }
  if (target.accountNos.length) or.push({ accountNo: { $in: target.accountNos } });
  return { $or: or, status: { $ne: 'closed' } };
}

/**
 * Calls `onBatch` with each batch of new (not yet seen) user ids bound to the target's accounts.
 * Returns the number of accounts and distinct users.
 */
export async function streamAudience(
  target: NoticeTarget,
  onBatch: (userIds: string[]) => Promise<void | boolean>,
): Promise<{ accounts: number; users: number }> {
  const seen = new Set<string>();
  let accounts = 0;
  let stopped = false;
  const flush = async (accountNos: string[]) => {
    if (!accountNos.length || stopped) return;
    const rows = await BindingModel.find({ accountNo: { $in: accountNos } }, { userId: 1, _id: 0 }).lean();
    const fresh: string[] = [];
    for (const r of rows) {
      const id = String(r.userId);
      if (!seen.has(id)) {
        seen.add(id);
        fresh.push(id);
      }
    }
    for (let i = 0; i < fresh.length && !stopped; i += BATCH) {
      if ((await onBatch(fresh.slice(i, i + BATCH))) === false) stopped = true;
    }
  };
  const cursor = AccountModel.find(accountFilter(target), { accountNo: 1, _id: 0 }).lean().cursor({ batchSize: BATCH });
  let batch: string[] = [];
  for await (const a of cursor) {
    accounts++;
    batch.push((a as { accountNo: string }).accountNo);
    if (batch.length >= BATCH) {
      await flush(batch);
      batch = [];
      if (stopped) break;
    }
  }
  await flush(batch);
  await cursor.close();
  return { accounts, users: seen.size };
}

/** How the audience would be reached, by the first channel the worker would use. */
export async function previewAudience(
  target: NoticeTarget,
  o: { subscribeTemplateId: string; smsEnabled: boolean },
): Promise<NoticeAudience> {
  const reachable = { subscribe: 0, template: 0, sms: 0, total: 0 };
  const { accounts, users } = await streamAudience(target, async (userIds) => {
    const [people, grants] = await Promise.all([
      UserModel.find({ _id: { $in: userIds } }, { openidMp: 1, openidOa: 1, followsOa: 1, phone: 1, preferences: 1 }).lean(),
      SubscriptionModel.find({ userId: { $in: userIds }, templateId: o.subscribeTemplateId, remaining: { $gt: 0 } }, { userId: 1 }).lean(),
    ]);
    const granted = new Set(grants.map((g) => String(g.userId)));
    // Without a phone of their own, SMS goes to the holder's phone of a bound account (as the sender does).
    const needHolder = o.smsEnabled ? people.filter((u) => !u.phone).map((u) => u._id) : [];
    const holderReached = needHolder.length ? await usersWithHolderPhone(needHolder) : new Set<string>();
    for (const u of people) {
      if (u.preferences?.notices === false) continue;
      if (u.openidMp && granted.has(String(u._id))) reachable.subscribe++;
      else if (u.openidOa && u.followsOa) reachable.template++;
      else if (o.smsEnabled && (u.phone || holderReached.has(String(u._id)))) reachable.sms++;
      else continue;
      reachable.total++;
    }
  });
  return { accounts, users, reachable, unreachable: users - reachable.total };
}

/** Which of these users are bound to an account whose holder has a mobile number (two queries per batch). */
async function usersWithHolderPhone(userIds: unknown[]): Promise<Set<string>> {
  const bindings = await BindingModel.find({ userId: { $in: userIds } }, { userId: 1, accountNo: 1 }).lean();
  const withPhone = new Set(
    (await AccountModel.find({ accountNo: { $in: [...new Set(bindings.map((b) => b.accountNo))] }, 'holder.phone': { $regex: '^1[3-9]\\d{9}$' } }, { accountNo: 1 }).lean()).map(
      (a) => a.accountNo,
    ),
  );
  return new Set(bindings.filter((b) => withPhone.has(b.accountNo)).map((b) => String(b.userId)));
}
