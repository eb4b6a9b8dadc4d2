/**
 * A sandbox double of a utility's invoicing system (开票系统), the other side of
 * server/src/modules/billing/invoices/invoicingGateway.ts. The demo runs it beside the WeChat sandbox;
 * tests start their own. It verifies the portal's signature, issues one invoice per Idempotency-Key
 * (a repeated key gets the invoice already issued), refuses tax numbers it is told are unknown, and can
 * misbehave on purpose: answer 503, or answer only after a delay (the invoice is issued all the same,
 * as a real system that is slow rather than down would).
 *
 *   const inv = await startInvoicingSandbox({ secret });
 *   // portal config: INVOICING_BASE_URL = inv.url, INVOICING_SECRET = secret
 *   inv.stallNext(1, 2_000); // the next request is answered after 2 s
 */
import { startSignedReceiver, type ReceiverLog, type SignedReceiver } from './signedReceiver';

export type SandboxInvoice = {
  invoiceNo: string;
  idempotencyKey: string;
  requestNo: string;
  title: string;
  taxNumber: string | null;
  email: string;
  amountFen: number;
  issuedAt: string;
};

/** Each request: its key, whether its signature verified, the answer's status, and the body (requestNo…). */
export type InvoicingRequestLog = ReceiverLog;

export type InvoicingSandbox = SignedReceiver & {
  /** Issued invoices, one per idempotency key. */
  invoices: Map<string, SandboxInvoice>;
  /** Requests with this tax number are refused (400), as the tax bureau refuses an unknown one. */
  refuseTaxNumber(taxNumber: string): void;
};

type InvoicingBody = {
  requestNo?: string;
  buyer?: { title?: string; taxNumber?: string | null };
  email?: string;
  amountFen?: number;
};

export async function startInvoicingSandbox(opts: {
  secret: string;
  port?: number;
  host?: string;
}): Promise<InvoicingSandbox> {
  const invoices = new Map<string, SandboxInvoice>();
  const refused = new Set<string>();
  let seq = 0;
  const receiver = await startSignedReceiver({
    ...opts,
    path: '/invoices',
    downMessage: '开票服务维护中',
    invalid: ({ json }) => {
      const body = json as InvoicingBody;
      return !body.requestNo || !body.buyer?.title || !body.email || typeof body.amountFen !== 'number'
        ? '请求缺少必填字段'
        : undefined;
    },
    handle: ({ idempotencyKey, json }) => {
      const body = json as Required<InvoicingBody> & { buyer: { title: string; taxNumber?: string | null } };
      if (body.buyer.taxNumber && refused.has(body.buyer.taxNumber))
        return { status: 400, payload: { message: '纳税人识别号在税务系统中不存在' } };
      let invoice = invoices.get(idempotencyKey!);
      if (!invoice) {
        seq++;
        invoice = {
          invoiceNo: `2611${String(Date.now()).slice(-10)}${String(seq).padStart(6, '0')}`,
          idempotencyKey: idempotencyKey!,
          requestNo: body.requestNo,
          title: body.buyer.title,
          taxNumber: body.buyer.taxNumber ?? null,
          email: body.email,
          amountFen: body.amountFen,
          issuedAt: new Date().toISOString(),
        };
        invoices.set(idempotencyKey!, invoice);
      }
      return { status: 200, payload: { invoiceNo: invoice.invoiceNo, issuedAt: invoice.issuedAt } };
    },
  });
  return Object.assign(receiver, { invoices, refuseTaxNumber: (t: string) => void refused.add(t) });
}
