/**
 * The link to the utility's invoicing system (开票系统), run by the outbox: one HMAC-signed POST per
 * request attempt, with an Idempotency-Key that repeats on every retry of that attempt. A timeout or a
 * 5xx is retried with backoff; the invoicing system answers a repeated key with the invoice it already
 * issued, so a request that timed out after the invoice was made is never issued twice. A 4xx (a tax
 * number the tax bureau does not know) is final: the request shows as failed with the reason.
 *
 * Wire contract (the demo's double implements the other side: server/sandbox/invoicing.ts):
 *   POST {INVOICING_BASE_URL}/invoices, headers Idempotency-Key and X-Portal-Timestamp / -Nonce /
 *   -Signature (platform/hmacSignature.ts), body InvoicingRequest; 200 {invoiceNo, issuedAt}.
 */
import type { AppDeps } from '../../../deps';
import { signHmac } from '../../../platform/hmacSignature';
import { PermanentError, type JobContext } from '../../../platform/outbox/worker';
import { BillModel, type BillDoc } from '../bill.model';
import { InvoiceRequestModel, type InvoiceRequestDoc } from './invoiceRequest.model';

export const INVOICING_SIGNATURE_PREFIX = 'x-portal';

export type InvoicingRequest = {
  requestNo: string;
  buyer: { type: 'personal' | 'company'; title: string; taxNumber: string | null };
  email: string;
  amountFen: number;
  accountNo: string;
  period: string;
  paidAt: string | null;
  items: {
    name: string;
    quantity: number | null;
    unit: string | null;
    unitPriceFen: number | null;
    amountFen: number;
  }[];
};

export function invoicingRequest(r: InvoiceRequestDoc, bill: BillDoc): InvoicingRequest {
  return {
    requestNo: `${r._id.toString()}-${r.attempt ?? 1}`,
    buyer: { type: r.titleType as 'personal' | 'company', title: r.title, taxNumber: r.taxNumber ?? null },
    email: r.email,
    amountFen: r.amountFen,
    accountNo: r.accountNo,
    period: bill.period,
    paidAt: bill.paidAt?.toISOString() ?? null,
    items: bill.items.map((i) => ({
      name: i.name,
      quantity: i.quantity ?? null,
      unit: i.unit ?? null,
      unitPriceFen: i.unitPriceFen ?? null,
      amountFen: i.amountFen,
    })),
  };
}

async function markFailed(requestId: string, attempt: number, reason: string): Promise<void> {
  await InvoiceRequestModel.updateOne(
    { _id: requestId, attempt, status: 'requested' },
    { $set: { status: 'failed', failureReason: reason.slice(0, 200) } },
  );
  await forgetEmailIfAsked(requestId);
}

/** A request answered after its requester's 注销 loses the address it no longer needs (billing/erasure.ts). */
async function forgetEmailIfAsked(requestId: string): Promise<void> {
  await InvoiceRequestModel.updateOne(
    { _id: requestId, forgetEmail: true, status: { $ne: 'requested' } },
    { $set: { email: '' }, $unset: { forgetEmail: 1 } },
  );
}

export const issueInvoice =
  (deps: AppDeps) => async (payload: Record<string, unknown>, ctx: Pick<JobContext, 'entry'>) => {
    const base = deps.config.INVOICING_BASE_URL;
    const secret = deps.config.INVOICING_SECRET;
    if (!base || !secret) throw new PermanentError('invoicing system is not configured');
    const requestId = String(payload.requestId);
    const attempt = Number(payload.attempt ?? 1);
    const r = await InvoiceRequestModel.findById(requestId).lean<InvoiceRequestDoc>();
    if (!r) throw new PermanentError('invoice request vanished');
    // Already issued, or superseded by a newer attempt: nothing to send.
    if (r.status !== 'requested' || (r.attempt ?? 1) !== attempt) return { skipped: r.status };
    const bill = await BillModel.findById(r.billId).lean<BillDoc>();
    if (!bill) throw new PermanentError('bill vanished');

    const body = JSON.stringify(invoicingRequest(r, bill));
    const res = await fetch(`${base.replace(/\/$/, '')}/invoices`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': ctx.entry.dedupeKey,
        ...signHmac(INVOICING_SIGNATURE_PREFIX, secret, body),
      },
      body,
      signal: AbortSignal.timeout(deps.config.INVOICING_TIMEOUT_MS),
    });
    const text = await res.text();
    const answer = (() => {
      try {
        return JSON.parse(text || '{}') as { invoiceNo?: string; issuedAt?: string; message?: string };
      } catch {
        return {};
      }
    })();
    if (res.status >= 400 && res.status < 500 && res.status !== 429) {
      await markFailed(requestId, attempt, answer.message ?? `开票系统拒绝(${res.status})`);
      throw new PermanentError(`invoicing system refused: ${res.status} ${text.slice(0, 200)}`, res.status);
    }
    if (!res.ok || !answer.invoiceNo) throw new Error(`invoicing system ${res.status}`);
    await InvoiceRequestModel.updateOne(
      { _id: requestId, attempt, status: 'requested' },
      {
        $set: {
          status: 'issued',
          invoiceNo: answer.invoiceNo,
          issuedAt: answer.issuedAt ? new Date(answer.issuedAt) : deps.clock.now(),
        },
      },
    );
    await forgetEmailIfAsked(requestId);
    return { invoiceNo: answer.invoiceNo };
  };
