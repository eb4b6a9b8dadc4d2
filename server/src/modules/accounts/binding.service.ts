/**
 * Binding 户号 to a resident. Account numbers are not secret (they are printed on bills and in QR
 * tokens), so the proof is the holder's name (with the registered phone's last 4 digits when given),
 * or a 6-digit code sent by SMS to the registered phone. Failures are counted three ways (per user and
 * account, per account across users, per user across accounts); each has a lockout, and the two spray
 * patterns alert staff. An account locked against name guessing still takes an SMS code, so its
 * holder is never locked out by a stranger. Every attempt lands in the audit log; an unknown account
 * and a wrong proof answer the same, so guessing reveals nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BindAccountBody, BindingCodeSent, MyAccount, MyAccountDetail } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth } from '../../platform/auth/auth';
import { audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { fullAddress, maskAddress, maskName } from '../../platform/mask';
import { enqueue } from '../../platform/outbox/outbox';
import { limiter } from '../../platform/rateLimit';
import { sendTemplatedSms } from '../messaging';
import { bindingIsCurrent, findAccessibleAccount } from './access';
import { applianceViews, meterViews } from './accountViews';
import { AccountModel, type Account } from './account.model';
import { BindingAttemptModel } from './bindingAttempt.model';
import { BindingChallengeModel, type BindingChallenge } from './bindingChallenge.model';
import { BindingModel, type Binding } from './binding.model';
import { raiseSecurityAlert } from './securityAlert.service';

const HOUR = 3600_000;
/** Failed proofs allowed before a lockout, and the window they are counted in. */
export const BIND_LIMITS = {
  /** One resident on one account. */
  pair: { max: 5, windowMs: HOUR },
  /** Everyone on one account (spraying a printed 户号); name and phone-tail proofs only. */
  account: { max: 10, windowMs: 24 * HOUR },
  /** One resident across accounts (walking through 户号 numbers). */
  user: { max: 10, windowMs: 24 * HOUR },
} as const;
export const BIND_MAX_FAILURES = BIND_LIMITS.pair.max;
export const MAX_BINDINGS_PER_USER = 10;
export const BIND_CODE_TTL_SECONDS = 300;
const BIND_CODE_MAX_TRIES = 5;
export const BIND_CODE_SMS_JOB = 'accounts.bindingCode.sms';

const normaliseName = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s·•.]/g, '')
    .toLowerCase();

type Proof = 'holderName' | 'holderNameAndPhoneTail' | 'smsCode';
const proofOf = (body: BindAccountBody): Proof =>
  body.smsCode !== undefined
    ? 'smsCode'
    : body.phoneTail !== undefined
      ? 'holderNameAndPhoneTail'
      : 'holderName';

function nameAndTailMatch(account: Account, body: BindAccountBody): boolean {
  if (body.holderName === undefined || normaliseName(account.holder!.name) !== normaliseName(body.holderName))
    return false;
  if (body.phoneTail === undefined) return true;
  const phone = (account.holder!.phone ?? '').replace(/\D/g, '');
  return phone.length >= 4 && phone.slice(-4) === body.phoneTail;
}

/** The code of a challenge: derived, never stored (a database reader learns nothing). */
export function bindingCodeOf(deps: Pick<AppDeps, 'secrets'>, challengeId: string): string {
  const mac = createHmac('sha256', deps.secrets.session).update(`bind-code:${challengeId}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** The resident's latest live challenge for the account matches the code (each wrong try is counted). */
async function smsCodeMatches(
  deps: AppDeps,
  userId: string,
  accountNo: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const c = await BindingChallengeModel.findOne({
    userId,
    accountNo,
    expiresAt: { $gt: now },
    usedAt: { $exists: false },
    attempts: { $lt: BIND_CODE_MAX_TRIES },
  })
    .sort({ createdAt: -1 })
    .lean<BindingChallenge>();
  if (!c) return false;
  const want = Buffer.from(bindingCodeOf(deps, c._id.toString()));
  const ok = want.length === code.length && timingSafeEqual(want, Buffer.from(code));
  const spent = await BindingChallengeModel.updateOne(
    { _id: c._id, usedAt: { $exists: false } },
    ok ? { $set: { usedAt: now } } : { $inc: { attempts: 1 } },
  );
  return ok && spent.modifiedCount === 1;
}

export function toMyAccount(account: Account, binding: Binding): MyAccount {
  return {
    accountNo: account.accountNo,
    holderNameMasked: maskName(account.holder!.name),
    addressMasked: maskAddress(account.address!),
    utility: account.utility,
    status: account.status,
    relation: binding.relation,
    isDefault: binding.isDefault,
    boundAt: (binding.createdAt ?? new Date()).toISOString(),
  };
}

type Ctx = { deps: AppDeps; auth: ResidentAuth; requestId?: string };

export async function bindAccount({ deps, auth, requestId }: Ctx, body: BindAccountBody): Promise<MyAccount> {
  const { userId } = auth;
  const { accountNo } = body;
  const existing = await BindingModel.findOne({ userId, accountNo }).lean<Binding>();
  if (existing) {
    const account = await AccountModel.findOne({ accountNo }).lean<Account>();
    if (account && bindingIsCurrent(existing, account)) return toMyAccount(account, existing);
  }
  const now = deps.clock.now();
  const proofKind = proofOf(body);
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    audit.record({
      actor: { kind: 'resident', id: userId },
      action: 'binding.attempt',
      target: { kind: 'account', id: accountNo },
      after: { proof: proofKind, relation: body.relation ?? 'self', ...extra },
      outcome,
      requestId,
      at: now,
    });

  // Written before checking, and only earlier attempts count: of N parallel guesses exactly the first
  // `max` are checked, the rest are refused.
  const attempt = await BindingAttemptModel.create({
    userId,
    accountNo,
    at: now,
    outcome: 'pending',
    proof: proofKind,
  });
  const earlier = { outcome: { $in: ['failed', 'pending'] }, _id: { $lt: attempt._id } };
  const since = (w: number) => ({ $gt: new Date(now.getTime() - w) });
  const [pair, byUser, byAccount] = await Promise.all([
    BindingAttemptModel.find(
      { userId, accountNo, at: since(BIND_LIMITS.pair.windowMs), ...earlier },
      { at: 1 },
    )
      .sort({ at: -1 })
      .limit(BIND_LIMITS.pair.max)
      .lean(),
    BindingAttemptModel.find({ userId, at: since(BIND_LIMITS.user.windowMs), ...earlier }, { at: 1 })
      .sort({ at: -1 })
      .limit(BIND_LIMITS.user.max)
      .lean(),
    BindingAttemptModel.find({ accountNo, at: since(BIND_LIMITS.account.windowMs), ...earlier }, { at: 1 })
      .sort({ at: -1 })
      .limit(BIND_LIMITS.account.max)
      .lean(),
  ]);
  const locked = (
    [
      ['pair', pair],
      ['user', byUser],
      ['account', proofKind === 'smsCode' ? [] : byAccount],
    ] as const
  ).find(([k, rows]) => rows.length >= BIND_LIMITS[k].max);
  if (locked) {
    const [which, rows] = locked;
    await BindingAttemptModel.deleteOne({ _id: attempt._id });
    const oldest = rows[rows.length - 1]!.at.getTime();
    const retryAfter = Math.max(1, Math.ceil((oldest + BIND_LIMITS[which].windowMs - now.getTime()) / 1000));
    await log('locked', { lock: which, retryAfterSeconds: retryAfter });
    throw errors.bindingLocked(retryAfter, which);
  }

  const account = await AccountModel.findOne({ accountNo }).lean<Account>();
  const proved = account
    ? proofKind === 'smsCode'
      ? await smsCodeMatches(deps, userId, accountNo, body.smsCode!, now)
      : nameAndTailMatch(account, body)
    : false;
  if (!account || !proved) {
    await BindingAttemptModel.updateOne({ _id: attempt._id }, { $set: { outcome: 'failed' } });
    await log('proof_mismatch');
    if (byUser.length + 1 === BIND_LIMITS.user.max) {
      await raiseSecurityAlert(deps, {
        kind: 'bindingSprayUser',
        key: userId,
        message: `居民 ${userId} 24小时内绑定验证失败 ${BIND_LIMITS.user.max} 次(涉及多个户号),已暂停其绑定`,
      });
    }
    if (proofKind !== 'smsCode' && byAccount.length + 1 === BIND_LIMITS.account.max) {
      await raiseSecurityAlert(deps, {
        kind: 'bindingSprayAccount',
        key: accountNo,
        message: `户号 ${accountNo} 24小时内被 ${BIND_LIMITS.account.max} 次错误验证,已暂停姓名验证(短信验证码仍可用)`,
        areaCode: account?.areaCode,
      });
    }
    const left = Math.max(0, BIND_LIMITS.pair.max - pair.length - 1);
    throw errors.bindingProofMismatch(left);
  }
  await BindingAttemptModel.updateOne({ _id: attempt._id }, { $set: { outcome: 'ok' } });
  if (account.status === 'closed') {
    await log('account_closed');
    throw errors.accountClosed();
  }
  const count = await BindingModel.countDocuments({ userId });
  if (count >= MAX_BINDINGS_PER_USER) {
    await log('too_many_bindings');
    throw errors.tooManyBindings(MAX_BINDINGS_PER_USER);
  }
  // A binding from an earlier holder's time is replaced, not revived.
  if (existing) await BindingModel.deleteOne({ _id: existing._id, holderRevision: existing.holderRevision });
  // Upsert: two taps on "绑定" end with one binding.
  const upsert = () =>
    BindingModel.findOneAndUpdate(
      { userId, accountNo },
      {
        $setOnInsert: {
          userId,
          accountNo,
          accountId: account._id,
          relation: body.relation ?? 'self',
          proof: proofKind,
          holderRevision: account.holderRevision ?? 0,
          isDefault: count === 0,
          // The binding begins now by the portal's clock: records before it are not this resident's.
          createdAt: now,
          updatedAt: now,
        },
      },
      { upsert: true, new: true, timestamps: false },
    ).lean<Binding>();
  // Two taps at the same instant: the other request's upsert can win the unique key (a duplicate-key or
  // write-conflict error here, or on the stand-in no document at all); the binding it made is the one,
  // else the upsert is tried once more.
  const binding =
    (await upsert().catch(() => null)) ??
    (await BindingModel.findOne({ userId, accountNo }).lean<Binding>()) ??
    (await upsert());
  await log('ok');
  return toMyAccount(account, binding!);
}

const codePerUser = limiter({ keyPrefix: 'bind-code-user', points: 5, durationSeconds: 3600 });
const codePerAccount = limiter({ keyPrefix: 'bind-code-account', points: 3, durationSeconds: 3600 });

/**
 * Sends a binding code to the account's registered phone (through the outbox and the SMS provider).
 * Answers the same whatever the account, so it reveals neither the account nor the phone.
 */
export async function requestBindingCode(
  { deps, auth, requestId }: Ctx,
  accountNo: string,
): Promise<BindingCodeSent> {
  await codePerUser.take(auth.userId, errors.bindingCodeLimited);
  await codePerAccount.take(accountNo, errors.bindingCodeLimitedForAccount);
  const now = deps.clock.now();
  const account = await AccountModel.findOne({ accountNo }, { holder: 1, status: 1 }).lean<Account>();
  const phone = account?.holder?.phone;
  if (account && phone && account.status !== 'closed') {
    const c = await BindingChallengeModel.create({
      userId: auth.userId,
      accountNo,
      createdAt: now,
      expiresAt: new Date(now.getTime() + BIND_CODE_TTL_SECONDS * 1000),
    });
    await enqueue({
      kind: BIND_CODE_SMS_JOB,
      dedupeKey: `bind-code:${c._id.toString()}`,
      payload: { challengeId: c._id.toString() },
    });
  }
  await audit.record({
    actor: { kind: 'resident', id: auth.userId },
    action: 'binding.codeRequested',
    target: { kind: 'account', id: accountNo },
    outcome: account && phone ? 'sent' : 'no_phone',
    requestId,
    at: now,
  });
  return { expiresInSeconds: BIND_CODE_TTL_SECONDS, resendAfterSeconds: 60 };
}

/** The outbox job: the code to the phone registered on the account (never to a number the requester gave). */
export const bindingCodeSmsJob = (deps: AppDeps) => async (payload: Record<string, unknown>) => {
  const c = await BindingChallengeModel.findById(String(payload.challengeId)).lean<BindingChallenge>();
  if (!c || c.expiresAt <= deps.clock.now()) return { sent: false };
  const account = await AccountModel.findOne({ accountNo: c.accountNo }, { holder: 1 }).lean<Account>();
  const phone = account?.holder?.phone;
  if (!phone) return { sent: false };
  return sendTemplatedSms(deps.config, {
    template: 'bindingCode',
    phone,
    data: {
      accountNo: c.accountNo,
      code: bindingCodeOf(deps, c._id.toString()),
      minutes: BIND_CODE_TTL_SECONDS / 60,
    },
    idempotencyKey: `bind-code:${c._id.toString()}`,
  });
};

export async function listMyAccounts(userId: string): Promise<MyAccount[]> {
  const bindings = await BindingModel.find({ userId })
    .sort({ isDefault: -1, createdAt: 1 })
    .lean<Binding[]>();
  const accounts = await AccountModel.find({ accountNo: { $in: bindings.map((b) => b.accountNo) } }).lean<
    Account[]
  >();
  const byNo = new Map(accounts.map((a) => [a.accountNo, a]));
  return bindings.flatMap((b) => {
    const a = byNo.get(b.accountNo);
    return a && bindingIsCurrent(b, a) ? [toMyAccount(a, b)] : [];
  });
}

export async function getMyAccount(auth: ResidentAuth, accountNo: string): Promise<MyAccountDetail> {
  const account = await findAccessibleAccount(auth, accountNo);
  const binding = await BindingModel.findOne({ userId: auth.userId, accountNo }).lean<Binding>();
  return {
    ...toMyAccount(account, binding!),
    address: fullAddress(account.address!),
    areaCode: account.areaCode,
    customerType: account.customerType,
    tariff: account.contract?.tariff ?? undefined,
    meters: meterViews(account),
    appliances: applianceViews(account),
  };
}

export async function unbindAccount(
  { auth, requestId }: Omit<Ctx, 'deps'>,
  accountNo: string,
): Promise<void> {
  await findAccessibleAccount(auth, accountNo);
  const removed = await BindingModel.findOneAndDelete({ userId: auth.userId, accountNo }).lean<Binding>();
  if (removed?.isDefault) {
    const next = await BindingModel.findOne({ userId: auth.userId }).sort({ createdAt: 1 });
    if (next) await BindingModel.updateOne({ _id: next._id }, { $set: { isDefault: true } });
  }
  await audit.record({
    actor: { kind: 'resident', id: auth.userId },
    action: 'binding.remove',
    target: { kind: 'account', id: accountNo },
    before: { relation: removed?.relation, proof: removed?.proof },
    outcome: 'ok',
    requestId,
  });
}

export async function setDefaultAccount(auth: ResidentAuth, accountNo: string): Promise<MyAccount> {
  const account = await findAccessibleAccount(auth, accountNo);
  await BindingModel.updateMany(
    { userId: auth.userId, accountNo: { $ne: accountNo } },
    { $set: { isDefault: false } },
  );
  const binding = await BindingModel.findOneAndUpdate(
    { userId: auth.userId, accountNo },
    { $set: { isDefault: true } },
    { new: true },
  ).lean<Binding>();
  return toMyAccount(account, binding!);
}
