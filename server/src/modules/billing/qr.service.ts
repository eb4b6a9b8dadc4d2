/**
 * 一户一码: the token printed on a bill or door sticker names one account. Anyone holding it sees the
 * masked holder and address and the unpaid bills, and (logged in, for the openid) can pay them.
 */
import { h5PageUrl, type AccountQr, type AccountQrRow, type QrBill, type QrListQuery } from '@portal/types';
import type { AppDeps } from '../../deps';
import { actorOf, audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { maskAddress, maskName } from '../../platform/mask';
import type { StaffAuth } from '../../platform/auth/auth';
import { inArea } from '../../platform/auth/areaScope';
import {
  accountsOfCommunity,
  bumpQrRevision,
  findAccessibleAccount,
  findAccount,
  recordQrScan,
  type Account,
} from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { PaymentModel } from './payment.model';
import { closeEverywhere } from './closeOrder';
import { readQrToken, signQrToken } from './qrToken';

const notFound = () => errors.qrNotFound();

/** The account a QR token names, when the token is genuine, current and the account active; else 404. */
export async function accountFromQrToken(deps: AppDeps, token: string): Promise<Account> {
  const claims = readQrToken(deps.secrets.qr, token);
  if (!claims || claims.keyVersion !== deps.config.QR_KEY_VERSION) throw notFound();
  const account = await findAccount(claims.accountNo);
  if (!account || account.status === 'closed') throw notFound();
  const current = account.qrRevision ?? 1;
  // An older revision of a genuine code: revoked by staff (reprint, 过户). A newer one cannot be genuine.
  if (claims.revision < current) throw errors.qrRevoked();
  if (claims.revision !== current) throw notFound();
  return account;
}

export function qrTokenFor(deps: AppDeps, account: Pick<Account, 'accountNo' | 'qrRevision'>): string {
  return signQrToken(deps.secrets.qr, {
    accountNo: account.accountNo,
    keyVersion: deps.config.QR_KEY_VERSION,
    revision: account.qrRevision ?? 1,
  });
}

/**
 * The H5 QR pay page a plain (non-WeChat) QR code opens, with the token as `t`. Codes printed before
 * the page contract (`/h5/#/pages/qr/index?scene=…`) still land there: the H5 app rewrites them.
 */
export function qrUrl(deps: AppDeps, token: string): string {
  return h5PageUrl(deps.config.PUBLIC_BASE_URL ?? `http://localhost:${deps.config.PORT}`, 'qrPay', {
    t: token,
  });
}

export const maskAccountNo = (no: string): string =>
  no.length <= 6 ? no : `${no.slice(0, 3)}${'*'.repeat(no.length - 7)}${no.slice(-4)}`;

export async function getQrBill(deps: AppDeps, token: string): Promise<QrBill> {
  const account = await accountFromQrToken(deps, token);
  await recordQrScan(account.accountNo, deps.clock.now());
  const bills = await BillModel.find(
    { accountNo: account.accountNo, status: { $in: ['unpaid', 'overdue', 'paying'] } },
    { period: 1, amountDue: 1, dueDate: 1, status: 1 },
  )
    .sort({ period: 1 })
    .limit(24)
    .lean<BillDoc[]>();
  return {
    accountNoMasked: maskAccountNo(account.accountNo),
    holderMasked: maskName(account.holder?.name ?? ''),
    addressMasked: maskAddress(account.address!),
    utility: account.utility as QrBill['utility'],
    unpaidFen: bills.reduce((n, b) => n + b.amountDue, 0),
    bills: bills.map((b) => ({
      id: b._id.toString(),
      period: b.period,
      amountDue: b.amountDue,
      dueDate: b.dueDate.toISOString(),
      status: b.status as QrBill['bills'][number]['status'],
    })),
  };
}

/** 过户 or a lost sticker: every token issued before stops working. */
export async function revokeQr(accountNo: string): Promise<number> {
  const revision = await bumpQrRevision(accountNo);
  if (revision === null) throw errors.accountNotFound();
  return revision;
}

/**
 * 作废一户一码 (staff, audited): the old code stops at once. Its page and new payments answer 二维码已失效, and
 * the orders started through a code that are still unpaid are closed, at WeChat too (through the outbox), so
 * nobody pays with a prepay already in hand. A payer who pays in that very moment is still recorded (money
 * after close is settled and flagged, never dropped). Returns the new code to print.
 */
export async function revokeAccountQr(
  deps: AppDeps,
  auth: StaffAuth,
  accountNo: string,
  requestId?: string,
): Promise<AccountQr> {
  await findAccessibleAccount(auth, accountNo, 'qr');
  const revision = await revokeQr(accountNo);
  const open = await PaymentModel.find(
    { accountNo, channel: 'qr', status: 'pending' },
    { outTradeNo: 1 },
  ).lean();
  for (const { outTradeNo } of open) await closeEverywhere(deps, outTradeNo, 'qr_revoked');
  await audit.record({
    actor: actorOf(auth),
    action: 'account.qrRevoke',
    target: { kind: 'account', id: accountNo },
    after: { qrRevision: revision, closedPayments: open.map((p) => p.outTradeNo) },
    requestId,
  });
  const token = qrTokenFor(deps, { accountNo, qrRevision: revision });
  return { accountNo, token, url: qrUrl(deps, token), revision };
}

/** 一户一码 management: a community's (or building's) codes in door order, within the caller's areas, with each one's last scan. */
export async function listAccountQrs(auth: StaffAuth, q: QrListQuery): Promise<AccountQrRow[]> {
  // The caller's areas are applied to the estate's rows (as the printed sheet does: qrSheet.ts).
  const accounts = (await accountsOfCommunity(q, 2000)).filter((a) => inArea(auth, 'qr', a.areaCode));
  return accounts.map((a) => ({
    accountNo: a.accountNo,
    addressMasked: maskAddress(a.address!),
    building: a.address?.building ?? '',
    revision: a.qrRevision ?? 1,
    lastScannedAt: a.qrLastScannedAt?.toISOString(),
  }));
}
