/**
 * Who a notice reaches: the accounts in its area, and every resident bound to one of them, once
 * (a resident binding several affected accounts is one recipient). Streamed in batches so a
 * notice to 100k households never holds more than a batch of accounts in memory (plus the set of
 * user ids already seen, for the dedupe).
 */
import type { NoticeAudience, NoticeTarget } from '@portal/types';
import type { AppDeps } from '../../deps';
import { bindingsOf, forEachAccountBatch } from '../accounts';
import { countReach, noReach } from '../messaging';

export const BATCH = 1000;

/**
 * Calls `onBatch` with each batch of new (not yet seen) user ids bound to the target's accounts.
 * Returns the number of accounts and distinct users.
 */
export async function streamAudience(
  target: NoticeTarget,
  onBatch: (userIds: string[]) => Promise<void | boolean>,
): Promise<{ accounts: number; users: number }> {
  const seen = new Set<string>();
  let stopped = false;
  const accounts = await forEachAccountBatch(target, BATCH, async (batch) => {
    const fresh: string[] = [];
    for (const { userId } of await bindingsOf(batch)) {
      if (!seen.has(userId)) {
        seen.add(userId);
        fresh.push(userId);
      }
    }
    for (let i = 0; i < fresh.length && !stopped; i += BATCH) {
      if ((await onBatch(fresh.slice(i, i + BATCH))) === false) stopped = true;
    }
    return !stopped;
  });
  return { accounts, users: seen.size };
}

/** How the audience would be reached, by the first channel the worker would use. */
export async function previewAudience(deps: AppDeps, target: NoticeTarget): Promise<NoticeAudience> {
  const reachable = noReach();
  const { accounts, users } = await streamAudience(target, (userIds) =>
    countReach(deps, 'outageNotice', userIds, reachable),
  );
  return { accounts, users, reachable, unreachable: users - reachable.total };
}
