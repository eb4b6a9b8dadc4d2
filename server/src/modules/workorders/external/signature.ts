/**
 * The wire signature both directions use (documented in contract.ts):
 *   X-WO-Timestamp: unix seconds, X-WO-Nonce: random, X-WO-Signature: hex HMAC-SHA256(secret,
 *   `${timestamp}\n${nonce}\n${rawBody}`). Receivers reject a timestamp more than 5 minutes off.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 300;

export function signBody(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(12).toString('hex');
  const signature = createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest('hex');
  return { 'x-wo-timestamp': timestamp, 'x-wo-nonce': nonce, 'x-wo-signature': signature };
}

export function verifySignature(
  secret: string,
  headers: { timestamp?: string; nonce?: string; signature?: string },
  body: string,
  now = Date.now(),
): boolean {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
