/**
 * Asking for an e-invoice of a paid bill. The request is recorded, then the outbox sends it to the
 * utility's invoicing system (invoicingGateway.ts). "Record once, enqueue every time": a repeat of the
 * same request (a double tap, a retry after a crash between the two writes) finds the record and
 * enqueues again under the same dedupe key, which writes nothing new.
 */
import type { InvoiceRequest, RequestInvoiceBody } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { Auth, ResidentAuth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { enqueue } from '../../../platform/outbox/outbox';
import { findAccessibleBill } from '../bills.service';
import { InvoiceRequestModel, type InvoiceRequestDoc } from './invoiceRequest.model';

export const INVOICE_JOB = 'billing.invoice.issue';

/** The address shown to staff, masked; none once the requester deleted their account (billing/erasure.ts). */
const maskEmail = (email: string) => {
  const at = email.indexOf('@');
  return at < 0 ? '' : `${email.slice(0, 1)}***${email.slice(at)}`;
};

export function toInvoiceRequest(r: InvoiceRequestDoc): InvoiceRequest {
  return {
    id: r._id.toString(),
    billId: r.billId.toString(),
    accountNo: r.accountNo,
    amountFen: r.amountFen,
    titleType: r.titleType as InvoiceRequest['titleType'],
    title: r.title,
    taxNumber: r.taxNumber ?? undefined,
    email: maskEmail(r.email),
    status: r.status as InvoiceRequest['status'],
    invoiceNo: r.invoiceNo ?? undefined,
    issuedAt: r.issuedAt?.toISOString(),
    failureReason: r.failureReason ?? undefined,
    requestedAt: r.requestedAt.toISOString(),
  };
}

export const invoiceDedupeKey = (r: Pick<InvoiceRequestDoc, '_id' | 'attempt'>) =>
  `invoice:${r._id.toString()}:${r.attempt ?? 1}`;

const enqueueIssue = (r: InvoiceRequestDoc) =>
  enqueue({
    kind: INVOICE_JOB,
    dedupeKey: invoiceDedupeKey(r),
    payload: { requestId: r._id.toString(), attempt: r.attempt ?? 1 },
  });

const sameRequest = (r: InvoiceRequestDoc, b: RequestInvoiceBody) =>
  r.titleType === b.titleType &&
  r.title === b.title &&
  (r.taxNumber ?? undefined) === b.taxNumber &&
  r.email === b.email;

export async function requestInvoice(
  deps: AppDeps,
  auth: ResidentAuth,
  billId: string,
  body: RequestInvoiceBody,
): Promise<InvoiceRequest> {
  // Whose bill first: someone else's is "not found" whether or not invoicing is set up.
  const { bill } = await findAccessibleBill(auth, billId);
  if (!deps.config.INVOICING_BASE_URL || !deps.config.INVOICING_SECRET) throw errors.invoicingUnavailable();
  if (bill.status !== 'paid') throw errors.billNotPaid('申请电子发票');
  const fields = {
    titleType: body.titleType,
    title: body.title,
    ...(body.titleType === 'company' ? { taxNumber: body.taxNumber } : {}),
    email: body.email,
  };
  const content = { ...body, taxNumber: fields.taxNumber };

  const created = await InvoiceRequestModel.create({
    billId: bill._id,
    accountNo: bill.accountNo,
    areaCode: bill.areaCode,
    userId: auth.userId,
    amountFen: bill.amountDue,
    ...fields,
    status: 'requested',
    attempt: 1,
    requestedAt: deps.clock.now(),
  }).then(
    (doc) => doc.toObject() as InvoiceRequestDoc,
    (e: { code?: number }) => {
      if (e.code !== 11000) throw e;
      return null;
    },
  );
  if (created) {
    await enqueueIssue(created);
    return toInvoiceRequest(created);
  }

  const existing = await InvoiceRequestModel.findOne({ billId: bill._id }).lean<InvoiceRequestDoc>();
  if (!existing) throw errors.invoiceAlreadyRequested();
  if (existing.status === 'failed') {
    // Refused before (a wrong tax number, say): asked again with corrected details, as a new attempt.
    const retried = await InvoiceRequestModel.findOneAndUpdate(
      { _id: existing._id, status: 'failed', attempt: existing.attempt },
      {
        $set: {
          ...fields,
          taxNumber: fields.taxNumber ?? null,
          status: 'requested',
          userId: auth.userId,
          requestedAt: deps.clock.now(),
        },
        $unset: { failureReason: 1 },
        $inc: { attempt: 1 },
      },
      { new: true },
    ).lean<InvoiceRequestDoc>();
    if (!retried) throw errors.invoiceAlreadyRequested();
    await enqueueIssue(retried);
    return toInvoiceRequest(retried);
  }
  if (!sameRequest(existing, content)) throw errors.invoiceAlreadyRequested();
  if (existing.status === 'requested') await enqueueIssue(existing);
  return toInvoiceRequest(existing);
}

/** The e-invoice request of a bill, if any (the bill's access was checked by the caller). */
export async function invoiceOfBill(billId: string): Promise<InvoiceRequest | null> {
  const r = await InvoiceRequestModel.findOne({ billId }).lean<InvoiceRequestDoc>();
  return r ? toInvoiceRequest(r) : null;
}

export async function getBillInvoice(auth: Auth, billId: string): Promise<InvoiceRequest> {
  await findAccessibleBill(auth, billId);
  const r = await invoiceOfBill(billId);
  if (!r) throw errors.invoiceNotFound();
  return r;
}
