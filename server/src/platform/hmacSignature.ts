/**
 * The request signature the portal and the systems it talks to (external work orders, invoicing) use
 * in both directions:
 *   <prefix>-timestamp: unix seconds, <prefix>-nonce: random,
 *   <prefix>-signature: hex HMAC-SHA256(secret, `${timestamp}\n${nonce}\n${rawBody}`).
 * Receivers reject a timestamp more than 5 minutes off.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 300;

export type SignatureParts = { timestamp?: string; nonce?: string; signature?: string };

export function signHmac(
  prefix: string,
  secret: string,
  body: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(12).toString('hex');
  const signature = createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
  return {
    [`${prefix}-timestamp`]: timestamp,
    [`${prefix}-nonce`]: nonce,
    [`${prefix}-signature`]: signature,
  };
}

export function verifyHmac(secret: string, parts: SignatureParts, body: string, now = Date.now()): boolean {
  const { timestamp, nonce, signature } = parts;
  if (
    !timestamp ||
    !nonce ||
    !signature ||
    !/^\d{1,12}$/.test(timestamp) ||
    !/^[0-9a-f]{64}$/.test(signature)
  )
    return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The signature parts of a request's headers (Node lower-cases header names). */
export function signatureParts(
  prefix: string,
  headers: Record<string, string | string[] | undefined>,
): SignatureParts {
  const h = (k: string) => (typeof headers[k] === 'string' ? (headers[k] as string) : undefined);
  return {
    timestamp: h(`${prefix}-timestamp`),
    nonce: h(`${prefix}-nonce`),
    signature: h(`${prefix}-signature`),
  };
}
