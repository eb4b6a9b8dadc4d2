/**
 * The HTTP layer under wechatpay-node-v3 (the library only builds the Authorization header and the
 * paySign). What the library's own layer (superagent) lacks and the official SDKs (wechatpay-go,
 * wechatpay-java) do:
 * - every answer's `Wechatpay-Signature` is verified over `timestamp\nnonce\nbody\n` with the key its
 *   `Wechatpay-Serial` names (platform certificate or WeChat Pay public key), and its timestamp must
 *   be within 5 minutes; an answer that does not verify is marked, and the client refuses it;
 * - every request sends `Wechatpay-Serial` naming the key the portal verifies with, which during a
 *   certificate → public key switch-over tells WeChat which key to sign its answer with;
 * - every call has a timeout, so a hung WeChat never holds a resident's request or an outbox worker.
 * The body is sent exactly as the library signed it (JSON.stringify of the params).
 */
import { createVerify } from 'node:crypto';
import { httpCall, isOk, type HttpAnswer } from '../httpClient';
import { publicKeyOf } from './rsaKeys';

const WECHAT_PAY_ORIGIN = 'https://api.mch.weixin.qq.com';
/** Answers older or newer than this are refused (the official SDKs' window). */
const RESPONSE_WINDOW_SECONDS = 300;

/** What the library expects back from its HTTP service, plus what verification found. */
export type PayHttpResult = {
  status?: number;
  data?: unknown;
  /** The raw answer of a non-2xx status (the library's convention). */
  error?: string;
  /** Why the answer is not trusted; undefined when its signature verified. */
  unverified?: string;
  /** The raw body and the Wechatpay-* headers, for callers that verify themselves (/v3/certificates). */
  raw?: string;
  headers?: Record<string, string>;
  timedOut?: boolean;
};

export type PayTransportOptions = {
  apiBase: string;
  timeoutMs: number;
  now: () => Date;
  /** The serial (PUB_KEY_ID_… or certificate serial) to send as Wechatpay-Serial, if any. */
  requestSerial: () => string | undefined;
  /** Public key PEM for a Wechatpay-Serial, or undefined when the portal has no such key. */
  keyFor: (serial: string) => Promise<string | undefined>;
  /** Paths whose answers the caller verifies itself (the certificate download bootstraps its own keys). */
  selfVerified?: (path: string) => boolean;
};

/** Verifies one WeChat Pay answer (or notification) signature; returns why it fails, or undefined. */
export function checkWechatpaySignature(
  headers: Record<string, string>,
  body: string,
  key: string | undefined,
  nowSeconds: number,
  windowSeconds = RESPONSE_WINDOW_SECONDS,
): string | undefined {
  const {
    'wechatpay-serial': serial,
    'wechatpay-signature': signature,
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
  } = headers;
  if (!serial || !signature || !timestamp || !nonce) return 'missing Wechatpay-* headers';
  if (!key) return `no key for Wechatpay-Serial ${serial}`;
  if (
    !createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .verify(publicKeyOf(key), signature, 'base64')
  )
    return 'signature does not verify';
  const skew = Math.abs(nowSeconds - Number(timestamp));
  if (!(skew <= windowSeconds)) return `timestamp ${timestamp} outside the ${windowSeconds}s window`;
  return undefined;
}

export class PayTransport {
  constructor(private o: PayTransportOptions) {}

  post(
    url: string,
    params: Record<string, unknown>,
    headers: Record<string, string>,
  ): Promise<PayHttpResult> {
    return this.request('POST', url, JSON.stringify(params), headers);
  }

  get(url: string, headers: Record<string, string>): Promise<PayHttpResult> {
    return this.request('GET', url, undefined, headers);
  }

  private async request(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    libHeaders: Record<string, string>,
  ): Promise<PayHttpResult> {
    const target = url.startsWith(WECHAT_PAY_ORIGIN)
      ? this.o.apiBase.replace(/\/$/, '') + url.slice(WECHAT_PAY_ORIGIN.length)
      : url;
    const { 'Accept-Encoding': _gzip, ...headers } = libHeaders;
    const serial = this.o.requestSerial();
    let res: HttpAnswer;
    try {
      res = await httpCall(target, {
        method,
        headers: { ...headers, ...(serial ? { 'Wechatpay-Serial': serial } : {}) },
        body,
        timeoutMs: this.o.timeoutMs,
      });
    } catch (e) {
      const timedOut = (e as Error).name === 'TimeoutError';
      return { error: timedOut ? `no answer within ${this.o.timeoutMs} ms` : (e as Error).message, timedOut };
    }
    const raw = res.body.toString('utf8');
    const wechatpay: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (k.startsWith('wechatpay-') || k === 'request-id') wechatpay[k] = v;
    const result: PayHttpResult = { status: res.status, raw, headers: wechatpay };
    const path = new URL(target).pathname;
    if (!this.o.selfVerified?.(path)) {
      const key = wechatpay['wechatpay-serial']
        ? await this.o.keyFor(wechatpay['wechatpay-serial'])
        : undefined;
      result.unverified = checkWechatpaySignature(
        wechatpay,
        raw,
        key,
        Math.floor(this.o.now().getTime() / 1000),
      );
    }
    if (isOk(res)) {
      const json = (res.headers['content-type'] ?? '').includes('json');
      try {
        result.data = json && raw ? JSON.parse(raw) : raw;
      } catch {
        result.unverified ??= 'body is not JSON';
      }
    } else {
      result.error = raw;
    }
    return result;
  }
}
