/**
 * A reference fake of a utility's field-service system, implementing the external side of
 * contract.ts: it verifies the portal's signed create/update requests, keeps the orders, can fail on
 * purpose, and sends signed status events back to the portal (in any order, or twice).
 *
 *   const fake = await startFakeExternalSystem({ secret, portalUrl });
 *   // portal config: EXTERNAL_WO_BASE_URL = fake.url
 *   await fake.emit({ eventId: 'e1', orderNo, status: 'taken', occurredAt, technician: {...} });
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { signBody, verifySignature } from '../../src/modules/workorders/external/signature';

export type FakeRequest = {
  method: string;
  path: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
  signatureOk: boolean;
};

export type FakeExternalSystem = {
  url: string;
  orders: Map<string, Record<string, unknown>>;
  requests: FakeRequest[];
  /** The next n requests answer 503. */
  failNext(n: number): void;
  /** Sends a signed event to the portal; returns the portal's answer. */
  emit(
    event: Record<string, unknown>,
    opts?: { secret?: string; rawBody?: string },
  ): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
};

export async function startFakeExternalSystem(opts: {
  secret: string;
  portalUrl: string;
}): Promise<FakeExternalSystem> {
  const orders = new Map<string, Record<string, unknown>>();
  const requests: FakeRequest[] = [];
  const seenKeys = new Map<string, string>();
  let failures = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const h = (k: string) => (typeof req.headers[k] === 'string' ? (req.headers[k] as string) : undefined);
      const signatureOk = verifySignature(
        opts.secret,
        { timestamp: h('x-wo-timestamp'), nonce: h('x-wo-nonce'), signature: h('x-wo-signature') },
        raw,
      );
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        /* answered below */
      }
      const idempotencyKey = h('idempotency-key');
      requests.push({ method: req.method ?? '', path: req.url ?? '', idempotencyKey, body, signatureOk });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (!signatureOk) return send(401, { error: 'bad signature' });
      if (failures > 0) {
        failures--;
        return send(503, { error: 'maintenance' });
      }
      const orderNo = String(body.orderNo ?? '');
      if (req.method === 'POST' && req.url === '/orders') {
        const ref = (idempotencyKey && seenKeys.get(idempotencyKey)) ?? `EXT-${randomUUID().slice(0, 8)}`;
        if (idempotencyKey) seenKeys.set(idempotencyKey, ref);
        if (!orders.has(orderNo)) orders.set(orderNo, { ...body, externalRef: ref });
        return send(200, { externalRef: orders.get(orderNo)!.externalRef });
      }
      const m = /^\/orders\/(WO\d+)$/.exec(req.url ?? '');
      if (req.method === 'PUT' && m) {
        const cur = orders.get(m[1]);
        if (!cur) return send(404, { error: 'unknown order' });
        if (Number(body.version) > Number(cur.version ?? 0)) orders.set(m[1], { ...cur, ...body });
        return send(200, { externalRef: cur.externalRef });
      }
      return send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    orders,
    requests,
    failNext: (n) => void (failures = n),
    async emit(event, o = {}) {
      const raw = o.rawBody ?? JSON.stringify(event);
      const res = await fetch(`${opts.portalUrl}/api/external/work-orders/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signBody(o.secret ?? opts.secret, raw) },
        body: raw,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
