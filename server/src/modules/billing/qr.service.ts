/**
 * 一户一码: the token printed on a bill or door sticker names one account. Anyone holding it sees the
 * masked holder and address and the unpaid bills, and (logged in, for the openid) can pay them.
 */
import { h5PageUrl, type QrBill } from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import { maskAddress, maskName } from '../../platform/mask';
import { bumpQrRevision, findAccount, type Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { readQrToken, signQrToken } from './qrToken';

const notFound = () => errors.qrNotFound();

/** The account a QR token names, when the token is genuine, current and the account active; else 404. */
export async function accountFromQrToken(deps: AppDeps, token: string): Promise<Account> {
  const claims = readQrToken(deps.secrets.qr, token);
  if (!claims || claims.keyVersion !== deps.config.QR_KEY_VERSION) throw notFound();
  const account = await findAccount(claims.accountNo);
  if (!account || (account.qrRevision ?? 1) !== claims.revision || account.status === 'closed') throw notFound();
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
  return h5PageUrl(deps.config.PUBLIC_BASE_URL ?? `http://localhost:${deps.config.PORT}`, 'qrPay', { t: token });
}

export const maskAccountNo = (no: string): string => (no.length <= 6 ? no : `${no.slice(0, 3)}${'*'.repeat(no.length - 7)}${no.slice(-4)}`);

export async function getQrBill(deps: AppDeps, token: string): Promise<QrBill> {
  const account = await accountFromQrToken(deps, token);
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
