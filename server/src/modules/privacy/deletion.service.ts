/**
 * 注销 (account deletion), across the features that hold something of the resident. The accounts step
 * comes first and takes the person off the user in one write: from then on their tokens are refused and
 * a new WeChat login is a new user with no households. Each feature then deletes or detaches what it
 * holds; money records stay, naming no one. Every step can run again, so a deletion cut short (a crash,
 * a lost connection) is finished by the sweep (`finishDeletions`), as login.service finishes a cut-short
 * unionid join.
 */
import type { AccountDeletion } from '@portal/types';
import type { AppDeps } from '../../deps';
import { beginErasure, finishErasure, unfinishedErasures, type ResidentErasure } from '../accounts';
import { forgetPayer } from '../billing';
import { forgetChatResident } from '../chat';
import { forgetMessageRecipient } from '../messaging';
import { forgetNoticeRecipient } from '../notices';
import { forgetFollower } from '../residentContact';
import { forgetUploader } from '../uploads';
import { forgetOrderContact } from '../workorders';

/** A deletion started this long ago and not finished was cut short: the sweep finishes it. */
export const RESUME_AFTER_MS = 10 * 60_000;

async function eraseEverywhere(deps: AppDeps, e: ResidentErasure): Promise<Record<string, number>> {
  const now = deps.clock.now();
  return {
    ...(await forgetChatResident(e.userId, now)),
    ...(await forgetUploader(deps, e.userId)),
    ...(await forgetMessageRecipient(e.userId)),
    ...(await forgetNoticeRecipient(e.userId)),
    ...(await forgetOrderContact(e.userId)),
    ...(await forgetFollower(e.openids)),
    ...(await forgetPayer(e.userId)),
  };
}

export async function deleteMyAccount(
  deps: AppDeps,
  userId: string,
  requestId?: string,
): Promise<AccountDeletion> {
  const erasure = await beginErasure(deps, userId, requestId);
  const done = await eraseEverywhere(deps, erasure);
  await finishErasure(deps, erasure, done, requestId);
  return { deletedAt: erasure.deletedAt.toISOString(), paymentsKept: done.paymentsKept };
}

/** Finishes the deletions that were cut short; returns how many. */
export async function finishDeletions(deps: AppDeps): Promise<number> {
  const stale = new Date(deps.clock.now().getTime() - RESUME_AFTER_MS);
  const pending = await unfinishedErasures(stale);
  for (const e of pending) {
    const again = await beginErasure(deps, e.userId);
    await finishErasure(deps, again, await eraseEverywhere(deps, again));
  }
  return pending.length;
}
