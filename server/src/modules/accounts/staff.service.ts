/**
 * Staff accounts: console login with lockout after repeated failures, and admin management of staff
 * (create, change roles/areas, deactivate, reset password). Every change is audited.
 */
import type { CreateStaffBody, StaffMember, StaffSession, UpdateStaffBody } from '@portal/types';
import type { AppDeps } from '../../deps';
import { audit, type AuditActor } from '../../platform/audit';
import { escapeRegex } from '../../platform/db/regex';
import { errors } from '../../platform/http/errors';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { limiter, type Limiter } from '../../platform/rateLimit';
import { issueStaffSession, revokeSessions, toStaffProfile } from './session.service';
import { forgetSession } from './sessionCheck';
import { StaffModel, type Staff } from './staff.model';

export const STAFF_MAX_FAILURES = 5;
export const STAFF_LOCK_MS = 15 * 60_000;

export function toStaffMember(s: Staff): StaffMember {
  return {
    ...toStaffProfile(s),
    phone: s.phone ?? undefined,
    team: s.team ?? undefined,
    wecomUserId: s.wecomUserId || undefined,
    active: s.active,
    lockedUntil: s.lockedUntil ? s.lockedUntil.toISOString() : undefined,
  };
}

const failuresPerIp = new WeakMap<AppDeps, Limiter>();
const ipLimiter = (deps: AppDeps) => {
  let l = failuresPerIp.get(deps);
  if (!l)
    failuresPerIp.set(
      deps,
      (l = limiter({
        keyPrefix: 'staff-login-ip',
        points: deps.config.STAFF_LOGIN_FAILURES_PER_IP,
        durationSeconds: 15 * 60,
      })),
    );
  return l;
};

/**
 * Console login. Each attempt takes one of the account's failure slots in the same update that checks
 * the lock (an atomic increment-and-check) before the password is verified, so parallel guesses cannot
 * slip past the lockout; a right password gives the slot back. One client address may fail
 * STAFF_LOGIN_FAILURES_PER_IP times in 15 minutes, across all usernames.
 */
export async function staffLogin(
  deps: AppDeps,
  body: { username: string; password: string },
  requestId?: string,
  ip = 'unknown',
): Promise<StaffSession> {
  const now = deps.clock.now();
  const perIp = ipLimiter(deps);
  if ((await perIp.used(ip)) >= deps.config.STAFF_LOGIN_FAILURES_PER_IP) {
    await audit.record({
      actor: { kind: 'staff', id: `unknown:${body.username}`, name: body.username },
      action: 'staff.login',
      target: { kind: 'ip', id: ip },
      outcome: 'ip_throttled',
      requestId,
      at: now,
    });
    throw errors.loginThrottled(15 * 60);
  }
  const failed = async () => {
    await perIp.consume(ip);
    return errors.wrongPassword();
  };
  // Documents written before the counter existed (imports, old data) have no failedLogins: a free slot.
  const slotFree = {
    $or: [{ failedLogins: { $exists: false } }, { failedLogins: { $lt: STAFF_MAX_FAILURES } }],
  };
  const notLocked = {
    $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: null }, { lockedUntil: { $lte: now } }],
  };
  const staff = await StaffModel.findOneAndUpdate(
    { username: body.username, $and: [slotFree, notLocked] },
    { $inc: { failedLogins: 1 } },
    { new: true },
  ).lean<Staff>();
  const known =
    staff ??
    (await StaffModel.findOne(
      { username: body.username },
      { lockedUntil: 1, failedLogins: 1 },
    ).lean<Staff>());
  const log = (outcome: string) =>
    audit.record({
      actor: { kind: 'staff', id: known?._id.toString() ?? `unknown:${body.username}`, name: body.username },
      action: 'staff.login',
      target: { kind: 'staff', id: known?._id.toString() ?? body.username },
      outcome,
      requestId,
      at: now,
    });
  if (!known) {
    await verifyPassword(await decoyHash(), body.password);
    await log('unknown_user');
    throw await failed();
  }
  if (!staff) {
    // Locked, or every failure slot is taken by attempts being checked right now.
    const until =
      known.lockedUntil && known.lockedUntil > now
        ? known.lockedUntil
        : new Date(now.getTime() + STAFF_LOCK_MS);
    await log('locked');
    throw errors.staffLocked((until.getTime() - now.getTime()) / 1000);
  }
  const ok = await verifyPassword(staff.passwordHash, body.password);
  if (!ok || !staff.active) {
    if (staff.failedLogins >= STAFF_MAX_FAILURES) {
      await StaffModel.updateOne(
        { _id: staff._id },
        { $set: { lockedUntil: new Date(now.getTime() + STAFF_LOCK_MS), failedLogins: 0 } },
      );
      await log('locked_now');
    } else await log(ok ? 'inactive' : 'bad_password');
    throw await failed();
  }
  await StaffModel.updateOne({ _id: staff._id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: 1 } });
  await log('ok');
  return issueStaffSession(deps, staff);
}

export async function createStaff(
  actor: AuditActor,
  body: CreateStaffBody,
  requestId?: string,
): Promise<StaffMember> {
  if (await StaffModel.exists({ username: body.username })) throw errors.usernameTaken();
  const { password, ...rest } = body;
  const doc = (
    await StaffModel.create({ ...rest, passwordHash: await hashPassword(password) })
  ).toObject() as Staff;
  const member = toStaffMember(doc);
  await audit.record({
    actor,
    action: 'staff.create',
    target: { kind: 'staff', id: member.id },
    before: null,
    after: { ...member },
    outcome: 'ok',
    requestId,
  });
  return member;
}

/** Admin changes to a staff member; new roles, areas, status or password end their sessions everywhere. */
export async function updateStaff(
  deps: AppDeps,
  actor: AuditActor,
  staffId: string,
  body: UpdateStaffBody,
  requestId?: string,
): Promise<StaffMember> {
  const before = await StaffModel.findById(staffId).lean<Staff>();
  if (!before) throw errors.staffNotFound();
  if (
    actor.id === staffId &&
    (body.active === false || (body.roles && !body.roles.includes('admin') && before.roles.includes('admin')))
  ) {
    throw errors.cannotDemoteSelf();
  }
  const { password, team, ...set } = body;
  const update: Record<string, unknown> = { ...set, ...(team ? { team } : {}) };
  if (password) Object.assign(update, { passwordHash: await hashPassword(password), failedLogins: 0 });
  // A new password unlocks; an emptied team ('') takes them out of it.
  const unset = { ...(password ? { lockedUntil: 1 } : {}), ...(team === '' ? { team: 1 } : {}) };
  const endsSessions = Boolean(password || body.active !== undefined || body.roles || body.areas);
  const after = await StaffModel.findByIdAndUpdate(
    staffId,
    {
      $set: update,
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
      ...(endsSessions ? { $inc: { tokenVersion: 1 } } : {}),
    },
    { new: true },
  ).lean<Staff>();
  if (endsSessions) {
    await revokeSessions('staff', staffId);
    forgetSession(deps, 'staff', staffId);
  }
  await audit.record({
    actor,
    action: password ? 'staff.update+password' : 'staff.update',
    target: { kind: 'staff', id: staffId },
    before: toStaffMember(before),
    after: toStaffMember(after!),
    outcome: 'ok',
    requestId,
  });
  return toStaffMember(after!);
}

export async function listStaff(q: { page: number; pageSize: number; role?: string; q?: string }) {
  const filter: Record<string, unknown> = {};
  if (q.role) filter.roles = q.role;
  if (q.q) {
    const rx = { $regex: `^${escapeRegex(q.q)}`, $options: 'i' }; // a string, as in areaMatch
    filter.$or = [{ username: rx }, { name: rx }];
  }
  const [items, total] = await Promise.all([
    StaffModel.find(filter)
      .sort({ username: 1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<Staff[]>(),
    StaffModel.countDocuments(filter),
  ]);
  return { items: items.map(toStaffMember), total, page: q.page, pageSize: q.pageSize };
}

export async function getStaffMe(staffId: string): Promise<StaffMember> {
  const s = await StaffModel.findById(staffId).lean<Staff>();
  if (!s) throw errors.staffNotFound();
  return toStaffMember(s);
}

/** CLI: create (or promote) an admin. */
export async function ensureAdmin(
  username: string,
  password: string,
  name = '系统管理员',
): Promise<{ created: boolean }> {
  const passwordHash = await hashPassword(password);
  const existing = await StaffModel.findOne({ username });
  if (existing) {
    await StaffModel.updateOne(
      { _id: existing._id },
      {
        $set: { passwordHash, active: true, failedLogins: 0 },
        $addToSet: { roles: 'admin' },
        $unset: { lockedUntil: 1 },
      },
    );
    await audit.record({
      actor: { kind: 'system', id: 'cli' },
      action: 'staff.promoteAdmin',
      target: { kind: 'staff', id: existing._id.toString() },
      outcome: 'ok',
    });
    return { created: false };
  }
  const doc = await StaffModel.create({ username, name, passwordHash, roles: ['admin'], areas: [] });
  await audit.record({
    actor: { kind: 'system', id: 'cli' },
    action: 'staff.create',
    target: { kind: 'staff', id: doc._id.toString() },
    after: { username, roles: ['admin'] },
    outcome: 'ok',
  });
  return { created: true };
}

/** CLI: set a new password, unlock, and end the person's sessions. */
export async function resetPassword(username: string, password: string): Promise<void> {
  const staff = await StaffModel.findOne({ username }).lean<Staff>();
  if (!staff) throw errors.staffNotFound();
  await StaffModel.updateOne(
    { _id: staff._id },
    {
      $set: { passwordHash: await hashPassword(password), failedLogins: 0 },
      $unset: { lockedUntil: 1 },
      $inc: { tokenVersion: 1 },
    },
  );
  await revokeSessions('staff', staff._id.toString());
  await audit.record({
    actor: { kind: 'system', id: 'cli' },
    action: 'staff.resetPassword',
    target: { kind: 'staff', id: staff._id.toString() },
    outcome: 'ok',
  });
}
