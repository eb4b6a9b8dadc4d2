/**
 * 一户一码 token: `<accountNo>.<keyVersion><revision base36>.<mac>`, at most 32 characters so it fits
 * a mini-program code scene. The MAC (HMAC-SHA256 with the QR secret, base64url, as long as the
 * 32-char budget allows) covers the key version, account and revision: bump the account's
 * qrRevision (过户) or QR_KEY_VERSION (key rotation) and every older token stops working.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const QR_TOKEN_MAX = 32;
const MAC_MAX = 22;
const MAC_MIN = 7;

export type QrClaims = { accountNo: string; keyVersion: number; revision: number };

function mac(secret: string, c: QrClaims, length: number): string {
  return createHmac('sha256', secret)
    .update(`qr|v${c.keyVersion}|${c.accountNo}|${c.revision}`)
    .digest('base64url')
    .slice(0, length);
}

export function signQrToken(secret: string, c: QrClaims): string {
  const head = `${c.accountNo}.${c.keyVersion}${c.revision.toString(36)}.`;
  const length = Math.min(MAC_MAX, QR_TOKEN_MAX - head.length);
  if (length < MAC_MIN) throw new Error(`accountNo too long for a QR token: ${c.accountNo}`);
  return head + mac(secret, c, length);
}

/** The claims of a well-formed, correctly signed token; undefined otherwise. */
export function readQrToken(secret: string, token: string): QrClaims | undefined {
  const m = /^([0-9A-Za-z]{6,20})\.(\d)([0-9a-z]{1,4})\.([\w-]{7,22})$/.exec(token);
  if (!m || token.length > QR_TOKEN_MAX) return undefined;
  const claims: QrClaims = { accountNo: m[1], keyVersion: Number(m[2]), revision: parseInt(m[3], 36) };
  const expected = Buffer.from(
    mac(secret, claims, Math.min(MAC_MAX, QR_TOKEN_MAX - (token.length - m[4].length))),
  );
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return claims;
}
