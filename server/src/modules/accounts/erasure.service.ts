/**
 * 注销, the accounts feature's part: the resident's WeChat identities, sessions, bindings and personal
 * fields. `beginErasure` takes the person off the user in one write (from then on their tokens are refused
 * and a new WeChat login is a new user); the other features then detach or delete what they hold
 * (modules/privacy), and `finishErasure` closes it. Every step can run again: a deletion cut short is
 * finished by the privacy sweep from the `erasure` the user keeps until then.
 */
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { BindingModel } from './binding.model';
import { BindingAttemptModel } from './bindingAttempt.model';
import { BindingChallengeModel } from './bindingChallenge.model';
import { RefreshTokenModel } from './refreshToken.model';
import { forgetSession } from './sessionCheck';
import { UserModel, type User } from './user.model';

/** A deletion under way: the user (kept as an anonymous tombstone that money records still point at). */
export type ResidentErasure = { userId: string; openids: string[]; deletedAt: Date };

/** The fields that say who the person is; a deleted user keeps none of them. */
const PERSONAL = {
  openidMp: 1,
  openidOa: 1,
  unionid: 1,
  formerOpenidOa: 1,
  nickname: 1,
  phone: 1,
  phoneConsentAt: 1,
  userinfoAskedAt: 1,
  lastLoginAt: 1,
  preferences: 1,
} as const;

const openidsOf = (u: Pick<User, 'openidMp' | 'openidOa' | 'formerOpenidOa'>) =>
  [u.openidMp, u.openidOa, u.formerOpenidOa].filter((x): x is string => Boolean(x));

/**
 * Starts (or, for a user already being deleted, re-reads) a deletion. Users joined into this one earlier
 * (an H5 user's retired record) are cleared first, so no old openid can lead a login back to it.
 */
export async function beginErasure(
  deps: AppDeps,
  userId: string,
  requestId?: string,
): Promise<ResidentErasure> {
  const now = deps.clock.now();
  const user = await UserModel.findById(userId).lean<User>();
  if (!user || user.erasedAt) throw errors.sessionExpired();
  const retired = await UserModel.find({ mergedInto: user._id }, PERSONAL).lean<User[]>();
  if (retired.length)
    await UserModel.updateMany(
      { _id: { $in: retired.map((r) => r._id) } },
      { $unset: PERSONAL, $set: { deletedAt: now, erasedAt: now } },
    );
  let erasure: ResidentErasure;
  if (user.deletedAt) {
    erasure = { userId, openids: user.erasure?.openids ?? [], deletedAt: user.deletedAt };
  } else {
    const openids = [...new Set([...openidsOf(user), ...retired.flatMap(openidsOf)])];
    // Recorded before the write: a crash in between leaves a request on record, never a silent deletion.
    await audit.record({
      actor: { kind: 'resident', id: userId },
      action: 'user.delete',
      target: { kind: 'user', id: userId },
      outcome: 'requested',
      requestId,
      at: now,
    });
    const marked = await UserModel.findOneAndUpdate(
      { _id: user._id, deletedAt: { $exists: false } },
      { $set: { deletedAt: now, erasure: { openids } }, $unset: PERSONAL, $inc: { tokenVersion: 1 } },
      { new: true },
    ).lean<User>();
    const current = marked ?? (await UserModel.findById(user._id).lean<User>());
    erasure = { userId, openids: current?.erasure?.openids ?? openids, deletedAt: current?.deletedAt ?? now };
  }
  forgetSession(deps, 'resident', userId);
  await RefreshTokenModel.deleteMany({ kind: 'resident', subjectId: userId });
  await BindingModel.deleteMany({ userId: user._id });
  await BindingAttemptModel.deleteMany({ userId });
  await BindingChallengeModel.deleteMany({ userId });
  return erasure;
}

/** Closes a deletion once every feature has done its part; the call that closes it records the outcome. */
export async function finishErasure(
  deps: AppDeps,
  erasure: ResidentErasure,
  done: Record<string, number>,
  requestId?: string,
): Promise<void> {
  const now = deps.clock.now();
  const closed = await UserModel.updateOne(
    { _id: erasure.userId, deletedAt: { $exists: true }, erasedAt: { $exists: false } },
    { $set: { erasedAt: now }, $unset: { erasure: 1 } },
  );
  if (closed.modifiedCount !== 1) return;
  await audit.record({
    actor: requestId ? { kind: 'resident', id: erasure.userId } : { kind: 'system', id: 'privacy.sweep' },
    action: 'user.delete',
    target: { kind: 'user', id: erasure.userId },
    after: done,
    outcome: 'ok',
    requestId,
    at: now,
  });
}

/** Deletions started before `before` and not finished: what the sweep picks up. */
export async function unfinishedErasures(before: Date, limit = 100): Promise<ResidentErasure[]> {
  const users = await UserModel.find(
    { erasure: { $exists: true }, deletedAt: { $lt: before }, erasedAt: { $exists: false } },
    { erasure: 1, deletedAt: 1 },
  )
    .limit(limit)
    .lean<User[]>();
  return users.map((u) => ({
    userId: u._id.toString(),
    openids: u.erasure?.openids ?? [],
    deletedAt: u.deletedAt!,
  }));
}
