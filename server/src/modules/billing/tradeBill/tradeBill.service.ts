/**
 * 对账单: WeChat Pay's trade bill of one day, downloaded (SHA1-checked) and compared line by line with the
 * portal's payments and refunds of that day. What differs becomes the day's discrepancy list; a payment
 * WeChat has as paid that the portal still holds pending or closed (a lost notification, money after the
 * order was closed) is queried at WeChat and recorded at once, and the list says so.
 *
 * Runs from the daily job (yesterday's bill once it exists, skipped when already done) and from the
 * payments desk for a chosen day; a rerun replaces the day's result.
 */
import type { TradeBillDiscrepancy, TradeBillReconciliation } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { actorOf, audit } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { inArea } from '../../../platform/auth/areaScope';
import { AppError, errors } from '../../../platform/http/errors';
import { addDays, atShanghai, dayOf, dayStart, DAY_MS } from '../../../platform/time';
import { WechatPayError } from '../../../platform/wechat';
import { PaymentModel, type PaymentDoc } from '../payment.model';
import { reconcileOne } from '../reconciliation';
import { parseTradeBill, type TradeBillFile } from './tradeBillFile';
import { TradeBillRunModel, type TradeBillRunDoc } from './tradeBillRun.model';

type Discrepancy = TradeBillDiscrepancy & { areaCode?: string };

/** Portal refund status → the word WeChat's bill uses. */
const REFUND_STATE: Record<string, string> = {
  success: 'SUCCESS',
  processing: 'PROCESSING',
  failed: 'CLOSED',
  abnormal: 'ABNORMAL',
};
const FINAL_REFUND_STATES = ['SUCCESS', 'CLOSED', 'ABNORMAL'];

/** Compares the bill with the portal's payments of the day. Pure: the caller loads both sides. */
export function compareTradeBill(
  file: TradeBillFile,
  payments: PaymentDoc[],
  day: { from: Date; to: Date },
): { matched: number; discrepancies: Discrepancy[] } {
  const within = (d?: Date | null) => !!d && d >= day.from && d < day.to;
  const byNo = new Map(payments.map((p) => [p.outTradeNo, p]));
  const out: Discrepancy[] = [];
  let matched = 0;
  const about = (p: PaymentDoc | undefined) =>
    p ? { accountNo: p.accountNo, areaCode: p.areaCode ?? undefined } : {};

  const billed = new Set<string>();
  for (const line of file.payments) {
    billed.add(line.outTradeNo);
    const p = byNo.get(line.outTradeNo);
    const base = {
      outTradeNo: line.outTradeNo,
      transactionId: line.transactionId,
      wechatFen: line.amountFen,
    };
    if (!p) out.push({ kind: 'missing_in_portal', ...base, wechatStatus: 'SUCCESS' });
    else if (p.amountFen !== line.amountFen)
      out.push({ kind: 'amount_mismatch', ...base, ...about(p), portalFen: p.amountFen });
    else if (p.status === 'pending' || p.status === 'closed')
      out.push({
        kind: 'status_mismatch',
        ...base,
        ...about(p),
        portalFen: p.amountFen,
        wechatStatus: 'SUCCESS',
        portalStatus: p.status,
      });
    else matched++;
  }
  for (const p of payments) {
    if (within(p.paidAt) && !billed.has(p.outTradeNo))
      out.push({
        kind: 'missing_at_wechat',
        outTradeNo: p.outTradeNo,
        transactionId: p.transactionId ?? undefined,
        ...about(p),
        portalFen: p.amountFen,
        portalStatus: p.status,
      });
  }

  const refundsByNo = new Map(
    payments.flatMap((p) => (p.refunds ?? []).map((r) => [r.outRefundNo, { p, r }] as const)),
  );
  const billedRefunds = new Set<string>();
  for (const line of file.refunds) {
    billedRefunds.add(line.outRefundNo);
    const found = refundsByNo.get(line.outRefundNo);
    const base = {
      outTradeNo: line.outTradeNo,
      outRefundNo: line.outRefundNo,
      transactionId: line.transactionId,
      wechatFen: line.amountFen,
      wechatStatus: line.status,
    };
    if (!found) {
      out.push({ kind: 'refund_missing_in_portal', ...base, ...about(byNo.get(line.outTradeNo)) });
      continue;
    }
    const portalStatus = REFUND_STATE[found.r.status] ?? found.r.status;
    const more = { ...about(found.p), portalFen: found.r.amountFen, portalStatus };
    if (found.r.amountFen !== line.amountFen) out.push({ kind: 'refund_amount_mismatch', ...base, ...more });
    // The bill is a snapshot: a refund PROCESSING when it was made may have ended since.
    else if (FINAL_REFUND_STATES.includes(line.status) && line.status !== portalStatus)
      out.push({ kind: 'refund_status_mismatch', ...base, ...more });
    else matched++;
  }
  for (const p of payments)
    for (const r of p.refunds ?? []) {
      // A refund WeChat refused outright never reached its bill.
      const reachedWechat = r.status !== 'failed' || !!r.refundId;
      if (within(r.createdAt) && reachedWechat && !billedRefunds.has(r.outRefundNo))
        out.push({
          kind: 'refund_missing_at_wechat',
          outTradeNo: p.outTradeNo,
          outRefundNo: r.outRefundNo,
          ...about(p),
          portalFen: r.amountFen,
          portalStatus: REFUND_STATE[r.status] ?? r.status,
        });
    }
  return { matched, discrepancies: out };
}

/** The portal's payments the day's bill could speak of: paid or refunded that day, or named in the bill. */
async function portalSideOf(file: TradeBillFile, from: Date, to: Date): Promise<PaymentDoc[]> {
  const range = { $gte: from, $lt: to };
  const named = [...new Set([...file.payments, ...file.refunds].map((l) => l.outTradeNo))];
  return PaymentModel.find({
    $or: [{ paidAt: range }, { 'refunds.createdAt': range }, { outTradeNo: { $in: named } }],
  }).lean<PaymentDoc[]>();
}

/** How far back WeChat Pay serves daily trade bills. */
const BILL_KEPT_DAYS = 90;

async function fetchBill(deps: AppDeps, billDate: string): Promise<{ text: string; hash: string }> {
  const pay = deps.wechat.pay();
  try {
    const ticket = await pay.applyTradeBill(billDate, 'ALL');
    return { text: await pay.downloadTradeBill(ticket), hash: ticket.hash_value };
  } catch (e) {
    if (e instanceof WechatPayError && e.payCode === 'NO_STATEMENT_EXIST')
      throw errors.tradeBillNotReady(billDate);
    if (e instanceof WechatPayError && e.payCode === 'BILL_HASH_MISMATCH')
      throw errors.tradeBillHashMismatch();
    throw e;
  }
}

/**
 * Downloads, checks and compares one day's bill, settles what WeChat confirms, and stores the day's result
 * (replacing an earlier run). A failure is stored too, with its reason, and thrown.
 */
export async function reconcileTradeBill(
  deps: AppDeps,
  billDate: string,
  ranBy: string,
): Promise<TradeBillRunDoc> {
  const now = deps.clock.now();
  if (billDate >= dayOf(now)) throw errors.tradeBillNotReady(billDate);
  // WeChat Pay keeps daily bills for three months and refuses older dates (INVALID_REQUEST).
  if (billDate < addDays(dayOf(now), -BILL_KEPT_DAYS))
    throw errors.validation([
      { path: 'params.billDate', message: `账单日期只能选近 ${BILL_KEPT_DAYS} 天内(微信支付账单保留三个月)` },
    ]);
  const from = dayStart(billDate);
  const to = new Date(from.getTime() + DAY_MS);
  const stamp = { ranBy, ranAt: now };
  try {
    const { text, hash } = await fetchBill(deps, billDate);
    const file = parseTradeBill(text);
    const payments = await portalSideOf(file, from, to);
    const { matched, discrepancies } = compareTradeBill(file, payments, { from, to });
    const byNo = new Map(payments.map((p) => [p.outTradeNo, p]));
    for (const d of discrepancies) {
      const p = byNo.get(d.outTradeNo);
      if (d.kind !== 'status_mismatch' || !p) continue;
      const outcome = await reconcileOne(deps, p, { closeIfUnpaid: false }).catch((e) => {
        deps.logger.warn(
          { err: e, outTradeNo: p.outTradeNo },
          'trade bill: settling a payment WeChat has as paid failed',
        );
        return 'error' as const;
      });
      if (outcome === 'settled') d.resolution = 'settled';
    }
    return (await TradeBillRunModel.findOneAndUpdate(
      { billDate },
      {
        $set: {
          ...stamp,
          status: 'done',
          hashValue: hash,
          summary: file.summary,
          paymentLines: file.payments.length,
          refundLines: file.refunds.length,
          matched,
          discrepancies,
        },
        $unset: { error: 1 },
        $inc: { runs: 1 },
      },
      { upsert: true, new: true },
    ).lean<TradeBillRunDoc>())!;
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'TRADE_BILL_NOT_READY')) {
      const error = e instanceof WechatPayError ? `${e.payCode}: ${e.payMessage}` : (e as Error).message;
      await TradeBillRunModel.updateOne(
        { billDate, status: { $ne: 'done' } },
        { $set: { ...stamp, status: 'failed', error: error.slice(0, 300) }, $inc: { runs: 1 } },
        { upsert: true },
      ).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * The daily job: yesterday's bill once WeChat has made it (10:00 Shanghai), unless that day is already
 * reconciled. Runs hourly, so a day WeChat was late with is picked up at the next run.
 */
export async function reconcileYesterdaysTradeBill(deps: AppDeps): Promise<string> {
  const now = deps.clock.now();
  const billDate = addDays(dayOf(now), -1);
  if (now < atShanghai(dayOf(now), '10:00')) return `${billDate}: not before 10:00`;
  if (await TradeBillRunModel.exists({ billDate, status: 'done' })) return `${billDate}: already done`;
  const run = await reconcileTradeBill(deps, billDate, 'schedule');
  return `${billDate}: ${run.matched} matched, ${run.discrepancies.length} discrepancies`;
}

function toView(auth: StaffAuth, run: TradeBillRunDoc): TradeBillReconciliation {
  return {
    billDate: run.billDate,
    status: run.status as TradeBillReconciliation['status'],
    ranBy: run.ranBy,
    ranAt: run.ranAt.toISOString(),
    runs: run.runs ?? 1,
    hashValue: run.hashValue ?? undefined,
    summary:
      run.summary?.count === undefined || run.summary.count === null
        ? undefined
        : (run.summary as TradeBillReconciliation['summary']),
    paymentLines: run.paymentLines ?? 0,
    refundLines: run.refundLines ?? 0,
    matched: run.matched ?? 0,
    // Money WeChat holds for no known order has no area: city-wide staff see it.
    discrepancies: (run.discrepancies ?? [])
      .filter((d) => inArea(auth, 'payments', d.areaCode))
      .map(({ areaCode: _a, ...d }) => {
        const clean = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null && v !== undefined));
        return clean as TradeBillDiscrepancy;
      }),
    error: run.error ?? undefined,
  };
}

export async function runTradeBillReconciliation(
  deps: AppDeps,
  auth: StaffAuth,
  billDate: string,
  requestId?: string,
): Promise<TradeBillReconciliation> {
  const run = await reconcileTradeBill(deps, billDate, auth.username ?? auth.staffId);
  await audit.record({
    actor: actorOf(auth),
    action: 'payment.tradeBillReconcile',
    target: { kind: 'tradeBill', id: billDate },
    after: { matched: run.matched, discrepancies: run.discrepancies.length, hashValue: run.hashValue },
    requestId,
  });
  return toView(auth, run);
}

export async function getTradeBillReconciliation(
  auth: StaffAuth,
  billDate: string,
): Promise<TradeBillReconciliation> {
  const run = await TradeBillRunModel.findOne({ billDate }).lean<TradeBillRunDoc>();
  if (!run) throw errors.tradeBillNotRun();
  return toView(auth, run);
}
