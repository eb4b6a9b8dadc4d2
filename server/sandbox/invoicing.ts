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
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureParts, verifyHmac } from '../src/platform/hmacSignature';

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

export type InvoicingRequestLog = {
  idempotencyKey?: string;
  requestNo?: string;
  signatureOk: boolean;
  status: number;
};

export type InvoicingSandbox = {
  url: string;
  /** Issued invoices, one per idempotency key. */
  invoices: Map<string, SandboxInvoice>;
  requests: InvoicingRequestLog[];
  /** The next n requests answer 503 without issuing. */
  failNext(n: number): void;
  /** The next n requests issue the invoice but answer only after `ms`. */
  stallNext(n: number, ms: number): void;
  /** Requests with this tax number are refused (400), as the tax bureau refuses an unknown one. */
  refuseTaxNumber(taxNumber: string): void;
  stop(): Promise<void>;
};

export async function startInvoicingSandbox(opts: {
  secret: string;
  port?: number;
  host?: string;
}): Promise<InvoicingSandbox> {
  const invoices = new Map<string, SandboxInvoice>();
  const requests: InvoicingRequestLog[] = [];
  const refused = new Set<string>();
  let failures = 0;
  let stalls = 0;
  let stallMs = 0;
  let seq = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signatureOk = verifyHmac(opts.secret, signatureParts('x-portal', req.headers), raw);
      const idempotencyKey =
        typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      let body: {
        requestNo?: string;
        buyer?: { title?: string; taxNumber?: string | null };
        email?: string;
        amountFen?: number;
      } = {};
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        /* answered below */
      }
      const send = (status: number, payload: unknown, delayMs = 0) => {
        requests.push({ idempotencyKey, requestNo: body.requestNo, signatureOk, status });
        const write = () => {
          if (res.writableEnded || res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (!delayMs) return write();
        const t = setTimeout(() => {
          timers.delete(t);
          write();
        }, delayMs);
        timers.add(t);
      };
      if (req.method !== 'POST' || req.url !== '/invoices') return send(404, { message: 'not found' });
      if (!signatureOk) return send(401, { message: '签名无效' });
      if (
        !idempotencyKey ||
        !body.requestNo ||
        !body.buyer?.title ||
        !body.email ||
        typeof body.amountFen !== 'number'
      ) {
        return send(400, { message: '请求缺少必填字段' });
      }
      if (failures > 0) {
        failures--;
        return send(503, { message: '开票服务维护中' });
      }
      if (body.buyer.taxNumber && refused.has(body.buyer.taxNumber))
        return send(400, { message: '纳税人识别号在税务系统中不存在' });
      let invoice = invoices.get(idempotencyKey);
      if (!invoice) {
        seq++;
        invoice = {
          invoiceNo: `2611${String(Date.now()).slice(-10)}${String(seq).padStart(6, '0')}`,
          idempotencyKey,
          requestNo: body.requestNo,
          title: body.buyer.title,
          taxNumber: body.buyer.taxNumber ?? null,
          email: body.email,
          amountFen: body.amountFen,
          issuedAt: new Date().toISOString(),
        };
        invoices.set(idempotencyKey, invoice);
      }
      let delay = 0;
      if (stalls > 0) {
        stalls--;
        delay = stallMs;
      }
      send(200, { invoiceNo: invoice.invoiceNo, issuedAt: invoice.issuedAt }, delay);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    invoices,
    requests,
    failNext: (n) => void (failures = n),
    stallNext: (n, ms) => {
      stalls = n;
      stallMs = ms;
    },
    refuseTaxNumber: (t) => void refused.add(t),
    stop: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
