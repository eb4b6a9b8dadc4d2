/**
 * 销账: the utility's billing system of record (营收系统) is told of every payment the portal takes and
 * every refund WeChat confirms, so it writes the bills off (or back on) in its own books.
 *
 * One outbox entry per event, keyed `writeoff:<outTradeNo>` / `writeoff:<outRefundNo>` and enqueued on every
 * path that applies the change (settlement, refund success), so a crash between the change and the entry
 * loses nothing and a repeat adds nothing. The key is also the request's Idempotency-Key and repeats on every
 * retry: a request that timed out after the system of record booked it is answered with that booking, never
 * booked twice. A 4xx is final (shown on the payment's timeline); a timeout, a 429 or a 5xx is retried.
 *
 * Wire contract (the demo's double implements the other side: server/sandbox/writeOff.ts):
 *   POST {WRITEOFF_WEBHOOK_URL}, content-type application/json, headers Idempotency-Key and
 *   X-Portal-Timestamp / X-Portal-Nonce / X-Portal-Signature = hex HMAC-SHA256(secret,
 *   `${timestamp}\n${nonce}\n${body}`) (platform/hmacSignature.ts; refuse a timestamp 5 minutes off);
 *   body WriteOffEvent; any 2xx means booked.
 */
import type { AppDeps } from '../../deps';
import { signHmac } from '../../platform/hmacSignature';
import { enqueue } from '../../platform/outbox/outbox';
import { PermanentError, type JobContext } from '../../platform/outbox/worker';
import { BillModel } from './bill.model';
import { PaymentModel, type PaymentDoc } from './payment.model';

export const WRITE_OFF_JOB = 'billing.writeOff';
export const WRITE_OFF_SIGNATURE_PREFIX = 'x-portal';

export type WriteOffEvent = {
  event: 'payment.paid' | 'payment.refunded';
  outTradeNo: string;
  outRefundNo?: string;
  transactionId: string | null;
  accountNo: string;
  /** The payment's amount, or the refund's. */
  amountFen: number;
  at: string;
  bills: { billId: string; period: string; amountFen: number }[];
  /** 'double_payment': the bills were already paid by another payment (the money will be refunded). */
  anomaly: string | null;
};

const configured = (deps: AppDeps) =>
  !!deps.config.WRITEOFF_WEBHOOK_URL && !!deps.config.WRITEOFF_WEBHOOK_SECRET;

/** After a payment's bills were settled (every time: the key makes it once). */
export async function queuePaymentWriteOff(deps: AppDeps, outTradeNo: string): Promise<void> {
  if (!configured(deps)) return;
  await enqueue({ kind: WRITE_OFF_JOB, dedupeKey: `writeoff:${outTradeNo}`, payload: { outTradeNo } });
}

/** After WeChat confirmed a refund (every time: the key makes it once). */
export async function queueRefundWriteOff(
  deps: AppDeps,
  outTradeNo: string,
  outRefundNo: string,
): Promise<void> {
  if (!configured(deps)) return;
  await enqueue({
    kind: WRITE_OFF_JOB,
    dedupeKey: `writeoff:${outRefundNo}`,
    payload: { outTradeNo, outRefundNo },
  });
}

async function eventOf(p: PaymentDoc, outRefundNo?: string): Promise<WriteOffEvent> {
  const bills = await BillModel.find({ _id: { $in: p.billIds } }, { period: 1, amountDue: 1 }).lean();
  const base = {
    outTradeNo: p.outTradeNo,
    transactionId: p.transactionId ?? null,
    accountNo: p.accountNo,
    bills: bills.map((b) => ({ billId: String(b._id), period: b.period, amountFen: b.amountDue })),
    anomaly: p.anomaly ?? null,
  };
  if (!outRefundNo)
    return {
      event: 'payment.paid',
      ...base,
      amountFen: p.amountFen,
      at: (p.paidAt ?? new Date()).toISOString(),
    };
  const r = p.refunds.find((x) => x.outRefundNo === outRefundNo);
  if (!r) throw new PermanentError(`refund ${outRefundNo} vanished`);
  return {
    event: 'payment.refunded',
    ...base,
    outRefundNo,
    amountFen: r.amountFen,
    at: (r.succeededAt ?? r.createdAt).toISOString(),
  };
}

export const sendWriteOff =
  (deps: AppDeps) => async (payload: Record<string, unknown>, ctx: Pick<JobContext, 'entry'>) => {
    const url = deps.config.WRITEOFF_WEBHOOK_URL;
    const secret = deps.config.WRITEOFF_WEBHOOK_SECRET;
    if (!url || !secret) throw new PermanentError('billing system of record is not configured');
    const outTradeNo = String(payload.outTradeNo);
    const outRefundNo = payload.outRefundNo ? String(payload.outRefundNo) : undefined;
    const p = await PaymentModel.findOne({ outTradeNo }).lean<PaymentDoc>();
    if (!p) throw new PermanentError(`payment ${outTradeNo} vanished`);
    const key = ctx.entry.dedupeKey;
    const body = JSON.stringify(await eventOf(p, outRefundNo));
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        ...signHmac(WRITE_OFF_SIGNATURE_PREFIX, secret, body, deps.clock.now().getTime()),
      },
      body,
      signal: AbortSignal.timeout(deps.config.WRITEOFF_TIMEOUT_MS),
    });
    const text = await res.text();
    const answer = (() => {
      try {
        return JSON.parse(text || '{}') as { writeOffNo?: string; message?: string };
      } catch {
        return {};
      }
    })();
    const final = res.status >= 400 && res.status < 500 && res.status !== 429;
    if (!res.ok && !final) throw new Error(`billing system of record ${res.status}`);
    const what = outRefundNo ? `退款 ${outRefundNo}` : '缴费';
    const note = res.ok
      ? `${what}${answer.writeOffNo ? `,销账单号 ${answer.writeOffNo}` : ''}`
      : `${what}:${answer.message ?? res.status}`;
    // Once on the timeline, whichever retry gets here.
    await PaymentModel.updateOne(
      { outTradeNo, writeOffsDone: { $ne: key } },
      {
        $push: {
          writeOffsDone: key,
          timeline: { at: deps.clock.now(), event: res.ok ? 'writtenOff' : 'writeOffRefused', note },
        },
      },
    );
    if (final)
      throw new PermanentError(
        `billing system of record refused: ${res.status} ${text.slice(0, 200)}`,
        res.status,
      );
    return { writeOffNo: answer.writeOffNo };
  };
