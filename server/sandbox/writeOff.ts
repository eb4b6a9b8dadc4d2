/**
 * A sandbox double of a utility's billing system of record (营收系统), the receiver of the portal's 销账
 * webhook (server/src/modules/billing/writeOff.ts). The demo runs it beside the WeChat sandbox; tests start
 * their own. It verifies the signature and the timestamp window, writes off once per Idempotency-Key (a
 * repeated key is answered with the write-off already made), and can misbehave on purpose: answer 503, or
 * answer only after a delay (the write-off is made all the same, as a slow system would).
 *
 *   const ledger = await startWriteOffSandbox({ secret });
 *   // portal config: WRITEOFF_WEBHOOK_URL = `${ledger.url}/write-offs`, WRITEOFF_WEBHOOK_SECRET = secret
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureParts, verifyHmac } from '../src/platform/hmacSignature';

export type SandboxWriteOff = {
  writeOffNo: string;
  idempotencyKey: string;
  event: string;
  outTradeNo: string;
  outRefundNo?: string;
  accountNo: string;
  amountFen: number;
  at: string;
};
export type WriteOffRequestLog = { idempotencyKey?: string; signatureOk: boolean; status: number };

export type WriteOffSandbox = {
  url: string;
  /** Write-offs made, one per idempotency key. */
  writeOffs: Map<string, SandboxWriteOff>;
  requests: WriteOffRequestLog[];
  /** The next n requests answer 503 without writing off. */
  failNext(n: number): void;
  /** The next n requests are written off but answered only after `ms`. */
  stallNext(n: number, ms: number): void;
  stop(): Promise<void>;
};

export async function startWriteOffSandbox(opts: {
  secret: string;
  port?: number;
  host?: string;
}): Promise<WriteOffSandbox> {
  const writeOffs = new Map<string, SandboxWriteOff>();
  const requests: WriteOffRequestLog[] = [];
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
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : undefined;
      const send = (status: number, payload: unknown, delayMs = 0) => {
        requests.push({ idempotencyKey, signatureOk, status });
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
      if (req.method !== 'POST' || req.url !== '/write-offs') return send(404, { message: 'not found' });
      if (!signatureOk) return send(401, { message: '签名无效' });
      let body: Partial<SandboxWriteOff> = {};
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        /* answered below */
      }
      if (
        !idempotencyKey ||
        !body.event ||
        !body.outTradeNo ||
        !body.accountNo ||
        typeof body.amountFen !== 'number'
      )
        return send(400, { message: '请求缺少必填字段' });
      if (failures > 0) {
        failures--;
        return send(503, { message: '营收系统维护中' });
      }
      let made = writeOffs.get(idempotencyKey);
      if (!made) {
        seq++;
        made = {
          writeOffNo: `XZ${String(Date.now()).slice(-8)}${String(seq).padStart(5, '0')}`,
          idempotencyKey,
          event: body.event,
          outTradeNo: body.outTradeNo,
          ...(body.outRefundNo ? { outRefundNo: body.outRefundNo } : {}),
          accountNo: body.accountNo,
          amountFen: body.amountFen,
          at: new Date().toISOString(),
        };
        writeOffs.set(idempotencyKey, made);
      }
      let delay = 0;
      if (stalls > 0) {
        stalls--;
        delay = stallMs;
      }
      send(200, { writeOffNo: made.writeOffNo }, delay);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    writeOffs,
    requests,
    failNext: (n) => void (failures = n),
    stallNext: (n, ms) => {
      stalls = n;
      stallMs = ms;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
