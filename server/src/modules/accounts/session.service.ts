/** Issuing and refreshing sessions: a short-lived signed token plus a rotating opaque refresh token. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AnySession, Me, ResidentSession, StaffProfile, StaffSession } from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { maskPhone } from '../../platform/mask';
import { BindingModel } from './binding.model';
import { RefreshTokenModel } from './refreshToken.model';
import { StaffModel, type Staff } from './staff.model';
import { UserModel, type User } from './user.model';

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

/** The absolute end of a session started at `from` (default now): refreshing never carries it past this. */
function sessionEnd(deps: AppDeps, kind: 'resident' | 'staff', from = deps.clock.now()): Date {
  const ms =
    kind === 'staff'
      ? deps.config.STAFF_SESSION_MAX_HOURS * 3600_000
      : deps.config.RESIDENT_SESSION_MAX_DAYS * 86_400_000;
  return new Date(from.getTime() + ms);
}

async function newRefreshToken(
  deps: AppDeps,
  o: {
    kind: 'resident' | 'staff';
    subjectId: string;
    familyId?: string;
    app?: 'mp' | 'oa';
    sessionExpiresAt: Date;
  },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const sliding = deps.clock.now().getTime() + deps.config.REFRESH_TTL_SECONDS * 1000;
  await RefreshTokenModel.create({
    tokenHash: hashToken(token),
    kind: o.kind,
    subjectId: o.subjectId,
    familyId: o.familyId ?? randomUUID(),
    app: o.app,
    expiresAt: new Date(Math.min(sliding, o.sessionExpiresAt.getTime())),
    sessionExpiresAt: o.sessionExpiresAt,
  });
  return token;
}

/** An access token never outlives its session. */
const accessTtl = (deps: AppDeps, sessionExpiresAt: Date) =>
  Math.max(
    1,
    Math.min(
      deps.tokens.ttlSeconds,
      Math.floor((sessionExpiresAt.getTime() - deps.clock.now().getTime()) / 1000),
    ),
  );

export async function toMe(
  user: Pick<User, '_id' | 'nickname' | 'phone' | 'openidMp' | 'openidOa' | 'preferences'>,
): Promise<Me> {
  return {
    id: user._id.toString(),
    nickname: user.nickname ?? undefined,
    phoneMasked: user.phone ? maskPhone(user.phone) : undefined,
    hasMiniProgram: Boolean(user.openidMp),
    hasOfficialAccount: Boolean(user.openidOa),
    boundAccounts: await BindingModel.countDocuments({ userId: user._id }),
    elderMode: Boolean(user.preferences?.elderMode),
  };
}

export function toStaffProfile(
  s: Pick<Staff, '_id' | 'username' | 'name' | 'roles' | 'areas' | 'skills'>,
): StaffProfile {
  return {
    id: s._id.toString(),
    username: s.username,
    name: s.name,
    roles: s.roles as StaffProfile['roles'],
    areas: s.areas,
    skills: s.skills,
  };
}

export async function issueResidentSession(
  deps: AppDeps,
  user: User,
  app: 'mp' | 'oa',
  rotated?: { familyId: string; sessionExpiresAt: Date },
): Promise<ResidentSession> {
  const userId = user._id.toString();
  const openid = (app === 'mp' ? user.openidMp : user.openidOa) ?? undefined;
  const sessionExpiresAt = rotated?.sessionExpiresAt ?? sessionEnd(deps, 'resident');
  const ttl = accessTtl(deps, sessionExpiresAt);
  const token = await deps.tokens.sign(
    { kind: 'resident', userId, openid, app, tv: user.tokenVersion ?? 0 },
    ttl,
  );
  const refreshToken = await newRefreshToken(deps, {
    kind: 'resident',
    subjectId: userId,
    familyId: rotated?.familyId,
    app,
    sessionExpiresAt,
  });
  return { token, refreshToken, expiresIn: ttl, user: await toMe(user) };
}

export async function issueStaffSession(
  deps: AppDeps,
  staff: Staff,
  rotated?: { familyId: string; sessionExpiresAt: Date },
): Promise<StaffSession> {
  const profile = toStaffProfile(staff);
  const sessionExpiresAt = rotated?.sessionExpiresAt ?? sessionEnd(deps, 'staff');
  const ttl = accessTtl(deps, sessionExpiresAt);
  const token = await deps.tokens.sign(
    {
      kind: 'staff',
      staffId: profile.id,
      username: profile.username,
      roles: profile.roles,
      areas: profile.areas,
      tv: staff.tokenVersion ?? 0,
    },
    ttl,
  );
  const refreshToken = await newRefreshToken(deps, {
    kind: 'staff',
    subjectId: profile.id,
    familyId: rotated?.familyId,
    sessionExpiresAt,
  });
  return { token, refreshToken, expiresIn: ttl, staff: profile };
}

const invalid = () => errors.sessionExpired();

/** Exchanges a refresh token for a new session; each refresh token works once. */
export async function refreshSession(deps: AppDeps, refreshToken: string): Promise<AnySession> {
  const now = deps.clock.now();
  const tokenHash = hashToken(refreshToken);
  const claimed = await RefreshTokenModel.findOneAndUpdate(
    { tokenHash, usedAt: { $exists: false }, revokedAt: { $exists: false }, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
    { new: true },
  ).lean();
  if (!claimed) {
    // A token presented twice was probably stolen: end every session rotated from the same login.
    const seen = await RefreshTokenModel.findOne({ tokenHash }, { familyId: 1, usedAt: 1 }).lean();
    if (seen?.usedAt)
      await RefreshTokenModel.updateMany({ familyId: seen.familyId }, { $set: { revokedAt: now } });
    throw invalid();
  }
  // Sessions from before absolute lifetimes existed end a lifetime after their token was made.
  const kind = claimed.kind as 'staff' | 'resident';
  const rotated = {
    familyId: claimed.familyId,
    sessionExpiresAt: claimed.sessionExpiresAt ?? sessionEnd(deps, kind, claimed.createdAt ?? now),
  };
  if (rotated.sessionExpiresAt <= now) throw invalid();
  if (claimed.kind === 'staff') {
    const staff = await StaffModel.findById(claimed.subjectId).lean<Staff>();
    if (!staff || !staff.active) throw invalid();
    return issueStaffSession(deps, staff, rotated);
  }
  const user = await UserModel.findById(claimed.subjectId).lean<User>();
  // A user joined into another (login.service.ts joinToUnionUser) has no sessions of its own any more.
  if (!user || user.deletedAt || user.mergedInto) throw invalid();
  return issueResidentSession(deps, user, (claimed.app as 'mp' | 'oa' | undefined) ?? 'mp', rotated);
}

/** Ends every session of a subject (password reset, staff deactivated). */
export async function revokeSessions(
  kind: 'resident' | 'staff',
  subjectId: string,
  now = new Date(),
): Promise<void> {
  await RefreshTokenModel.updateMany(
    { kind, subjectId, revokedAt: { $exists: false } },
    { $set: { revokedAt: now } },
  );
}
