/**
 * createPayment / getPayment / listMyPayments. The server sums the chosen bills itself; the order
 * goes to WeChat only after the bills are held by this payment, and a failed prepay closes the
 * payment and releases them, so nothing is left locked. A repeat (double click, retry) for the same
 * bills by the same payer lands on the same pending payment through `activeKey`'s unique index.
 */
import { createHash } from 'node:crypto';
import type {
  CreatePaymentBody,
  CreatePaymentResult,
  ListStaffPaymentsQuery,
  Payment,
  PaymentChannel,
  RequestPaymentParams,
  StaffPayment,
  StaffPaymentList,
} from '@portal/types';
import type { AppDeps } from '../../deps';
import type { Auth, ResidentAuth, StaffAuth } from '../../platform/auth/auth';
import { areaFilter } from '../../platform/auth/areaScope';
import { findPage } from '../../platform/db/page';
import { AppError, errors } from '../../platform/http/errors';
import { WechatPayError } from '../../platform/wechat';
import { enqueue } from '../../platform/outbox/outbox';
import { findAccessibleAccount, residentContact, type Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';
import { findAccessiblePayment } from './paymentAccess';
import { toPayment, toStaffPayment } from './paymentView';
import { accountFromQrToken } from './qr.service';
import { reconcileOne } from './reconciliation';
import { closePayment } from './settlement';
import { newOutTradeNo } from './outTradeNo';

import { CLOSE_ORDER_JOB } from './closeOrder';

export { CLOSE_ORDER_JOB };
const UTILITY_NAMES = { gas: '燃气费', water: '水费', heating: '热费' } as const;

type Payer = { userId: string; openid: string; appid: string; app: 'mp' | 'oa' };

async function payerOf(deps: AppDeps, auth: ResidentAuth): Promise<Payer> {
  const app = auth.app ?? 'mp';
  let openid = auth.openid;
  if (!openid) {
    const user = await residentContact(auth.userId);
    openid = (app === 'oa' ? user?.openidOa : user?.openidMp) ?? undefined;
  }
  const appid = app === 'oa' ? deps.config.WECHAT_OA_APPID : deps.config.WECHAT_MP_APPID;
  if (!openid || !appid) throw errors.wechatLoginRequired();
  return { userId: auth.userId, openid, appid, app };
}

const PAYABLE = ['unpaid', 'overdue'];

export async function createPayment(
  deps: AppDeps,
  auth: ResidentAuth,
  body: CreatePaymentBody,
): Promise<CreatePaymentResult> {
  const account: Account = body.qrToken
    ? await accountFromQrToken(deps, body.qrToken)
    : await findAccessibleAccount(auth, body.accountNo!);
  const payer = await payerOf(deps, auth);
  const channel: PaymentChannel = body.qrToken ? 'qr' : payer.app === 'oa' ? 'h5' : 'mp';
  const billIds = [...new Set(body.billIds)].sort();
  const activeKey = createHash('sha256')
    .update([account.accountNo, billIds.join(','), payer.appid, payer.openid].join('|'))
    .digest('base64url');

  for (let attempt = 0; ; attempt++) {
    const bills = await BillModel.find({ _id: { $in: billIds }, accountNo: account.accountNo }).lean<
      BillDoc[]
    >();
    if (bills.length !== billIds.length) throw errors.billNotFound();
    if (bills.some((b) => b.status === 'cancelled')) throw errors.billCancelled();

    // All payable: no pending payment holds them, so go straight to the insert; a repeat that raced
    // this one is caught there by activeKey's unique index (one round trip fewer on every payment).
    if (bills.every((b) => PAYABLE.includes(b.status))) {
      const started = await startPayment(deps, { account, payer, channel, bills, activeKey });
      if (started) return started;
      if (attempt < 2) continue; // the repeat it raced was closed meanwhile: start over
      throw errors.billBeingPaid();
    }
    const existing = await PaymentModel.findOne({ activeKey }).lean<PaymentDoc>();
    if (existing) {
      const same = await sameOrder(deps, existing);
      if (same) return same;
      continue; // it was closed meanwhile: start over
    }
    if (bills.some((b) => b.status === 'paid')) throw errors.billAlreadyPaid();
    const heldBy = bills.find((b) => b.status === 'paying')?.payingOutTradeNo;
    if (heldBy) {
      // The payer changed their selection (or an old order expired): settle or close the old order first.
      if (attempt < 2 && (await supersede(deps, heldBy, payer.userId, channel !== 'qr'))) continue;
      throw errors.billBeingPaid();
    }
    const started = await startPayment(deps, { account, payer, channel, bills, activeKey });
    if (started) return started;
    throw errors.billBeingPaid();
  }
}

/** The pending payment a repeat lands on, once its prepay is done; undefined when it is no longer usable. */
async function sameOrder(deps: AppDeps, p: PaymentDoc): Promise<CreatePaymentResult | undefined> {
  const deadline = Date.now() + 8_000;
  let current: PaymentDoc | null = p;
  while (
    current &&
    current.status === 'pending' &&
    !current.requestPayment?.paySign &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 50));
    current = await PaymentModel.findOne({ outTradeNo: p.outTradeNo }).lean<PaymentDoc>();
  }
  if (!current || current.status !== 'pending') return undefined;
  if (!current.requestPayment?.paySign) throw errors.paymentUnavailable();
  if (current.expiresAt && current.expiresAt.getTime() - deps.clock.now().getTime() < 60_000) {
    await reconcileOne(deps, current, { closeIfUnpaid: true });
    return undefined;
  }
  return { payment: toPayment(current), requestPayment: current.requestPayment as RequestPaymentParams };
}

/**
 * Frees bills held by another pending payment (query WeChat; settle or close it): one of the same payer's,
 * an expired one, or, for a bound resident, one a QR payer started, so a stranger holding the household's
 * sticker can never keep its own residents from paying.
 */
async function supersede(
  deps: AppDeps,
  outTradeNo: string,
  userId: string,
  bound: boolean,
): Promise<boolean> {
  const other = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
  if (!other) return false;
  if (other.status !== 'pending') return true; // already settled/closed: bills follow (re-run below)
  const mine = other.userId.toString() === userId;
  const expired = other.expiresAt && other.expiresAt <= deps.clock.now();
  if (!mine && !expired && !(bound && other.channel === 'qr')) return false;
  const outcome = await reconcileOne(deps, other, { closeIfUnpaid: true });
  return outcome === 'settled' || outcome === 'closed';
}

/**
 * A QR payer (anyone holding the household's sticker) may start only so many orders for one household a
 * day: each holds its bills in "paying" until paid or expired. Counted by the orders whose hold ran within
 * the last 24 hours (expiresAt is on the portal's clock).
 */
async function refuseTooManyQrHolds(deps: AppDeps, accountNo: string, userId: string): Promise<void> {
  const now = deps.clock.now().getTime();
  const dayAgo = new Date(now - 24 * 3_600_000);
  const holds = await PaymentModel.find(
    { userId, accountNo, channel: 'qr', expiresAt: { $gt: dayAgo } },
    { expiresAt: 1 },
  )
    .sort({ expiresAt: 1 })
    .lean<{ expiresAt: Date }[]>();
  const limit = deps.config.QR_PAY_HOLDS_PER_DAY;
  if (holds.length < limit) return;
  // Free again once the oldest counted hold is a day old.
  const freeAt = holds[holds.length - limit]!.expiresAt.getTime() + 24 * 3_600_000;
  throw errors.qrPayHoldsExhausted((freeAt - now) / 1000);
}

async function startPayment(
  deps: AppDeps,
  o: { account: Account; payer: Payer; channel: PaymentChannel; bills: BillDoc[]; activeKey: string },
): Promise<CreatePaymentResult | undefined> {
  const now = deps.clock.now();
  const amountFen = o.bills.reduce((n, b) => n + b.amountDue, 0);
  if (amountFen <= 0) throw errors.nothingToPay();
  if (o.channel === 'qr') await refuseTooManyQrHolds(deps, o.account.accountNo, o.payer.userId);
  const outTradeNo = newOutTradeNo(now);
  const holdMinutes =
    o.channel === 'qr'
      ? Math.min(deps.config.QR_PAY_HOLD_MINUTES, deps.config.PAYMENT_EXPIRE_MINUTES)
      : deps.config.PAYMENT_EXPIRE_MINUTES;
  const expiresAt = new Date(now.getTime() + holdMinutes * 60_000);
  try {
    await PaymentModel.create({
      outTradeNo,
      accountNo: o.account.accountNo,
      areaCode: o.account.areaCode,
      billIds: o.bills.map((b) => b._id),
      amountFen,
      status: 'pending',
      channel: o.channel,
      userId: o.payer.userId,
      openid: o.payer.openid,
      appid: o.payer.appid,
      mchid: deps.config.WECHAT_PAY_MCHID ?? '',
      activeKey: o.activeKey,
      expiresAt,
      timeline: [{ at: now, event: 'created' }],
    });
  } catch (e) {
    if ((e as { code?: number }).code !== 11000) throw e;
    // A repeat for the same bills by the same payer is pending: land on it (undefined: it was closed meanwhile).
    const existing = await PaymentModel.findOne({ activeKey: o.activeKey }).lean<PaymentDoc>();
    return (existing && (await sameOrder(deps, existing))) || undefined;
  }

  // Hold the bills for this payment in one update; any taken by someone else meanwhile undoes the whole
  // attempt (closing the payment releases the ones this update did take).
  const held = await BillModel.updateMany(
    { _id: { $in: o.bills.map((b) => b._id) }, status: { $in: PAYABLE } },
    { $set: { status: 'paying', payingOutTradeNo: outTradeNo } },
  );
  if (held.modifiedCount !== o.bills.length) {
    await closePayment(deps, outTradeNo, 'bills_unavailable');
    const now2 = await BillModel.find({ _id: { $in: o.bills.map((b) => b._id) } }, { status: 1 }).lean();
    if (now2.some((b) => b.status === 'paid')) throw errors.billAlreadyPaid();
    throw errors.billBeingPaid();
  }

  let params: RequestPaymentParams;
  try {
    const names = [...new Set(o.bills.map((b) => b.period))].join('、');
    params = await deps.wechat.pay().createJsapiOrder({
      outTradeNo,
      description:
        `${UTILITY_NAMES[o.account.utility as keyof typeof UTILITY_NAMES] ?? '缴费'}-${o.account.accountNo}-${names}`.slice(
          0,
          127,
        ),
      amountFen,
      openid: o.payer.openid,
      appid: o.payer.appid,
      attach: o.account.accountNo,
      timeExpire: expiresAt,
    });
  } catch (e) {
    deps.logger.warn({ outTradeNo, err: e }, 'prepay failed; payment closed and bills released');
    await closePayment(deps, outTradeNo, 'prepay_failed');
    // If the order did reach WeChat (timeout after it was created), close it there too.
    await enqueue({ kind: CLOSE_ORDER_JOB, dedupeKey: `close:${outTradeNo}`, payload: { outTradeNo } });
    if (e instanceof WechatPayError && e.status !== 503) throw e;
    if (e instanceof AppError && !(e instanceof WechatPayError)) throw e;
    throw errors.paymentUnavailable();
  }
  const prepayId = params.package.replace(/^prepay_id=/, '');
  const saved = await PaymentModel.findOneAndUpdate(
    { outTradeNo, status: 'pending' },
    {
      $set: { prepayId, prepayAt: deps.clock.now(), requestPayment: params },
      $push: { timeline: { at: deps.clock.now(), event: 'prepaid' } },
    },
    { new: true },
  ).lean<PaymentDoc>();
  if (!saved) {
    // Closed meanwhile (superseded): make sure WeChat will not take money for it either.
    await enqueue({ kind: CLOSE_ORDER_JOB, dedupeKey: `close:${outTradeNo}`, payload: { outTradeNo } });
    throw errors.paymentChanged();
  }
  return { payment: toPayment(saved), requestPayment: params };
}

/** The resident's result page polls this; a pending payment is queried at WeChat now and then, so a late notification does not keep them waiting. */
export async function getPayment(deps: AppDeps, auth: Auth, outTradeNo: string): Promise<Payment> {
  let p = await findAccessiblePayment(auth, outTradeNo);
  const now = deps.clock.now();
  if (p.status === 'pending' && p.prepayAt && now.getTime() - p.prepayAt.getTime() > 3_000) {
    // One query per payment per few seconds, however many tabs poll.
    const claimed = await PaymentModel.updateOne(
      {
        outTradeNo,
        status: 'pending',
        $or: [
          { lastQueriedAt: { $exists: false } },
          { lastQueriedAt: { $lt: new Date(now.getTime() - 5_000) } },
        ],
      },
      { $set: { lastQueriedAt: now } },
    );
    if (claimed.modifiedCount === 1) {
      await reconcileOne(deps, p, { closeIfUnpaid: false }).catch((e) =>
        deps.logger.warn({ err: e, outTradeNo }, 'payment query failed'),
      );
      p = (await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>()) ?? p;
    }
  }
  return toPayment(p);
}

export async function listMyPayments(
  auth: ResidentAuth,
  q: { page: number; pageSize: number; accountNo?: string },
) {
  const filter: Record<string, unknown> = { userId: auth.userId, status: { $ne: 'closed' } };
  if (q.accountNo) filter.accountNo = q.accountNo;
  const [rows, total] = await Promise.all([
    PaymentModel.find(filter)
      .sort({ createdAt: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<PaymentDoc[]>(),
    PaymentModel.countDocuments(filter),
  ]);
  return { items: rows.map(toPayment), total, page: q.page, pageSize: q.pageSize };
}

/** Did this resident start this payment? (The demo's stand-in for WeChat's pay sheet checks it.) */
export async function isPaymentOf(userId: string, outTradeNo: string): Promise<boolean> {
  return !!(await PaymentModel.exists({ outTradeNo, userId }));
}

/** Staff: one payment with its refunds. */
export async function getStaffPayment(auth: StaffAuth, outTradeNo: string): Promise<StaffPayment> {
  return toStaffPayment(await findAccessiblePayment(auth, outTradeNo));
}

/** The payments a staff search for `q` finds: by 户号, order number or WeChat transaction id, in the caller's areas. */
export const staffPaymentSearch = (auth: StaffAuth, q: string) => ({
  $and: [areaFilter(auth, 'payments'), { $or: [{ accountNo: q }, { outTradeNo: q }, { transactionId: q }] }],
});

/**
 * Staff: payments found by 户号, order number or WeChat transaction id, newest first, within the
 * caller's areas (payments policy). One aggregate gives the page and its total.
 */
export async function listStaffPayments(
  auth: StaffAuth,
  q: ListStaffPaymentsQuery,
): Promise<StaffPaymentList> {
  const { items, total } = await findPage<PaymentDoc>(PaymentModel, staffPaymentSearch(auth, q.q), {
    sort: { createdAt: -1, _id: -1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { items: items.map(toStaffPayment), total, page: q.page, pageSize: q.pageSize };
}
