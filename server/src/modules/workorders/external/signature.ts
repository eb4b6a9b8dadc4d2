/**
 * The wire signature both directions use (documented in contract.ts):
 *   X-WO-Timestamp: unix seconds, X-WO-Nonce: random, X-WO-Signature: hex HMAC-SHA256(secret,
 *   `${timestamp}\n${nonce}\n${rawBody}`). Receivers reject a timestamp more than 5 minutes off.
 * The scheme is the platform's (platform/hmacSignature.ts) with the X-WO- prefix.
 */
import { signHmac, verifyHmac, type SignatureParts } from '../../../platform/hmacSignature';

export { SIGNATURE_WINDOW_SECONDS } from '../../../platform/hmacSignature';

export const signBody = (secret: string, body: string, now = Date.now()): Record<string, string> =>
  signHmac('x-wo', secret, body, now);

export const verifySignature = (
  secret: string,
  headers: SignatureParts,
  body: string,
  now = Date.now(),
): boolean => verifyHmac(secret, headers, body, now);
