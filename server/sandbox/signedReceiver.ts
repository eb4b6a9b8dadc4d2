/**
 * The HTTP side shared by the doubles of a utility's own systems (invoicing.ts, writeOff.ts): one POST path,
 * the portal's HMAC signature checked (platform/hmacSignature.ts, prefix x-portal), every request logged,
 * and misbehaviour on demand: the next n requests answer 503 before the handler runs, or the next n
 * successful answers come only after a delay (the handler has acted all the same, as a slow system would).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureParts, verifyHmac } from '../src/platform/hmacSignature';

export type ReceivedRequest = {
  idempotencyKey?: string;
  json: Record<string, unknown>;
  signatureOk: boolean;
};
export type ReceiverAnswer = { status: number; payload: unknown };
export type ReceiverLog = {
  idempotencyKey?: string;
  signatureOk: boolean;
  status: number;
  json: Record<string, unknown>;
};

export type SignedReceiver = {
  url: string;
  requests: ReceiverLog[];
  failNext(n: number): void;
  stallNext(n: number, ms: number): void;
  stop(): Promise<void>;
};

export async function startSignedReceiver(opts: {
  secret: string;
  path: string;
  port?: number;
  host?: string;
  /** Refuses a request that lacks what the system needs (400) before any injected 503. */
  invalid: (req: ReceivedRequest) => string | undefined;
  /** Only for a valid, signed request the system is up for. */
  handle: (req: ReceivedRequest) => ReceiverAnswer;
  downMessage: string;
}): Promise<SignedReceiver> {
  const requests: ReceiverLog[] = [];
  let failures = 0;
  let stalls = 0;
  let stallMs = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signatureOk = verifyHmac(opts.secret, signatureParts('x-portal', req.headers), raw);
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : undefined;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(raw || '{}');
      } catch {
        /* refused as invalid below */
      }
      const send = ({ status, payload }: ReceiverAnswer, delayMs = 0) => {
        requests.push({ idempotencyKey, signatureOk, status, json });
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
      if (req.method !== 'POST' || req.url !== opts.path)
        return send({ status: 404, payload: { message: 'not found' } });
      if (!signatureOk) return send({ status: 401, payload: { message: '签名无效' } });
      const request = { idempotencyKey, json, signatureOk };
      const invalid = idempotencyKey ? opts.invalid(request) : '请求缺少 Idempotency-Key';
      if (invalid) return send({ status: 400, payload: { message: invalid } });
      if (failures > 0) {
        failures--;
        return send({ status: 503, payload: { message: opts.downMessage } });
      }
      const answer = opts.handle(request);
      let delay = 0;
      if (answer.status < 300 && stalls > 0) {
        stalls--;
        delay = stallMs;
      }
      send(answer, delay);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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
