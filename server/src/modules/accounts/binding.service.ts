/**
 * Binding 户号 to a resident: proof by holder name or the registered phone's last 4 digits, with a
 * lockout after repeated failures per (user, account). Every attempt lands in the audit log.
 * An unknown account and a wrong proof answer the same, so guessing reveals nothing.
 */
import type { BindAccountBody, MyAccount, MyAccountDetail } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth } from '../../platform/auth/auth';
import { audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { fullAddress, maskAddress, maskName } from '../../platform/mask';
import { findAccessibleAccount } from './access';
import { applianceViews, meterViews } from './accountViews';
import { AccountModel, type Account } from './account.model';
import { BindingAttemptModel } from './bindingAttempt.model';
import { BindingModel, type Binding } from './binding.model';

export const BIND_MAX_FAILURES = 5;
export const BIND_WINDOW_MS = 3600_000;
export const MAX_BINDINGS_PER_USER = 10;

const normaliseName = (s: string) => s.normalize('NFKC').replace(/[\s·•.]/g, '').toLowerCase();

function proofMatches(account: Account, body: BindAccountBody): 'holderName' | 'phoneTail' | undefined {
  if (body.holderName !== undefined) {
    return normaliseName(account.holder!.name) === normaliseName(body.holderName) ? 'holderName' : undefined;
  }
  const phone = (account.holder!.phone ?? '').replace(/\D/g, '');
  return phone.length >= 4 && phone.slice(-4) === body.phoneTail ? 'phoneTail' : undefined;
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
    if (account) return toMyAccount(account, existing);
  }
  const now = deps.clock.now();
  const log = (outcome: string, extra: Record<string, unknown> = {}) =>
    audit.record({
      actor: { kind: 'resident', id: userId },
      action: 'binding.attempt',
      target: { kind: 'account', id: accountNo },
      after: { proof: body.holderName !== undefined ? 'holderName' : 'phoneTail', relation: body.relation ?? 'self', ...extra },
      outcome,
      requestId,
      at: now,
    });

  // Written before checking, and only earlier attempts count: of N parallel guesses exactly the first
  // BIND_MAX_FAILURES are checked, the rest are refused.
  const attempt = await BindingAttemptModel.create({ userId, accountNo, at: now, outcome: 'pending' });
  const since = new Date(now.getTime() - BIND_WINDOW_MS);
  const recent = await BindingAttemptModel.find(
    { userId, accountNo, at: { $gt: since }, outcome: { $in: ['failed', 'pending'] }, _id: { $lt: attempt._id } },
    { at: 1 },
  )
    .sort({ at: -1 })
    .limit(BIND_MAX_FAILURES)
    .lean();
  if (recent.length >= BIND_MAX_FAILURES) {
    await BindingAttemptModel.deleteOne({ _id: attempt._id });
    const oldest = recent[recent.length - 1]!.at.getTime();
    const retryAfter = Math.max(1, Math.ceil((oldest + BIND_WINDOW_MS - now.getTime()) / 1000));
    await log('locked', { retryAfterSeconds: retryAfter });
    throw errors.bindingLocked(retryAfter);
  }

  const account = await AccountModel.findOne({ accountNo }).lean<Account>();
  const proof = account ? proofMatches(account, body) : undefined;
  if (!account || !proof) {
    await BindingAttemptModel.updateOne({ _id: attempt._id }, { $set: { outcome: 'failed' } });
    await log('proof_mismatch');
    const left = Math.max(0, BIND_MAX_FAILURES - recent.length - 1);
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
  // Upsert: two taps on "绑定" end with one binding.
  const upsert = () => BindingModel.findOneAndUpdate(
    { userId, accountNo },
    {
      $setOnInsert: {
        userId,
        accountNo,
        accountId: account._id,
        relation: body.relation ?? 'self',
        proof,
        isDefault: count === 0,
      },
    },
    { upsert: true, new: true },
  ).lean<Binding>();
  // Two taps at the same instant: the other request's upsert can win the unique key (a duplicate-key or
  // write-conflict error here); the binding it made is the one, else the upsert is tried once more.
  const binding = await upsert().catch(
    async () => (await BindingModel.findOne({ userId, accountNo }).lean<Binding>()) ?? upsert(),
  );
  await log('ok');
  return toMyAccount(account, binding!);
}

export async function listMyAccounts(userId: string): Promise<MyAccount[]> {
  const bindings = await BindingModel.find({ userId }).sort({ isDefault: -1, createdAt: 1 }).lean<Binding[]>();
  const accounts = await AccountModel.find({ accountNo: { $in: bindings.map((b) => b.accountNo) } }).lean<Account[]>();
  const byNo = new Map(accounts.map((a) => [a.accountNo, a]));
  return bindings.flatMap((b) => {
    const a = byNo.get(b.accountNo);
    return a ? [toMyAccount(a, b)] : [];
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

export async function unbindAccount({ auth, requestId }: Omit<Ctx, 'deps'>, accountNo: string): Promise<void> {
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
  await BindingModel.updateMany({ userId: auth.userId, accountNo: { $ne: accountNo } }, { $set: { isDefault: false } });
  const binding = await BindingModel.findOneAndUpdate(
    { userId: auth.userId, accountNo },
    { $set: { isDefault: true } },
    { new: true },
  ).lean<Binding>();
  return toMyAccount(account, binding!);
}
