/**
 * Links that work without a session for a short while: HMAC(session secret, purpose:id:exp), with
 * exp rounded up to a step so repeated requests give the same URL (caches and a resident tapping
 * twice). For files a platform cannot fetch with an Authorization header: an H5 download link,
 * Taro.downloadFile.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../deps';

type Signer = Pick<AppDeps, 'secrets' | 'clock'>;

const mac = (secret: string, purpose: string, id: string, exp: number) =>
  createHmac('sha256', secret).update(`${purpose}:${id}:${exp}`).digest('base64url');

export function signLink(
  deps: Signer,
  purpose: string,
  id: string,
  ttlSeconds: number,
  stepSeconds = 60,
): { exp: number; sig: string } {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const exp = Math.ceil((now + ttlSeconds) / stepSeconds) * stepSeconds;
  return { exp, sig: mac(deps.secrets.session, purpose, id, exp) };
}

/** True when `sig` was made by signLink for this purpose and id and `exp` has not passed (nor lies too far ahead). */
export function verifyLink(
  deps: Signer,
  purpose: string,
  id: string,
  exp: number,
  sig: string,
  maxTtlSeconds: number,
): boolean {
  const now = deps.clock.now().getTime() / 1000;
  if (exp <= now || exp - now > maxTtlSeconds) return false;
  const want = Buffer.from(mac(deps.secrets.session, purpose, id, exp));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}
