/**
 * What production refuses besides missing settings: the demo's seed data (it creates admin/admin123), the
 * placeholder values `.env.example` ships with (a copied file left unfilled), and plain-http URLs for what
 * residents, WeChat and the SMS provider reach (tokens, payment notifications and secrets would travel in
 * clear). EXTERNAL_WO_BASE_URL, INVOICING_BASE_URL, WRITEOFF_WEBHOOK_URL and S3_ENDPOINT may stay on an internal
 * network: every request to the first three is HMAC-signed, and the storage endpoint is chosen by the operator.
 */
import type { Env } from './index';

/** Secrets and tokens: a value containing one of these words is a placeholder, never a real secret. */
const SECRET_KEYS = [
  'SESSION_SECRET',
  'QR_SECRET',
  'WECHAT_MP_SECRET',
  'WECHAT_OA_SECRET',
  'WECHAT_OA_TOKEN',
  'WECHAT_PAY_APIV3_KEY',
  'EXTERNAL_WO_SECRET',
  'INVOICING_SECRET',
  'WRITEOFF_WEBHOOK_SECRET',
  'S3_SECRET_ACCESS_KEY',
  'TENCENT_SMS_SECRET_KEY',
] as const;
const PLACEHOLDER_WORDS = /change-?me|placeholder|example|your[-_]?secret|^x+$|^0+$/i;

/** Identifiers `.env.example` fills with zeros. */
const PLACEHOLDER_IDS = [
  ['WECHAT_MP_APPID', /^wx0+$/],
  ['WECHAT_OA_APPID', /^wx0+$/],
  ['WECHAT_PAY_MCHID', /^0+$/],
  ['WECHAT_PAY_PUBLIC_KEY_ID', /^PUB_KEY_ID_0+$/],
] as const;

/** URLs that must be https in production. */
const HTTPS_KEYS = [
  'PUBLIC_BASE_URL',
  'WECHAT_PAY_NOTIFY_URL',
  'WECHAT_API_BASE',
  'WECHAT_PAY_API_BASE',
  'TENCENT_SMS_ENDPOINT',
] as const;
/** Documentation domains (RFC 2606 and the one `.env.example` uses): a URL there was never filled in. */
const EXAMPLE_HOST = /(^|\.)(example(-gas)?\.(com|cn|org|net)|example)$/i;

export function productionProblems(e: Env): string[] {
  const problems: string[] = [];
  if (e.DEMO_SEED)
    problems.push(
      'DEMO_SEED: must not be true in production (it creates demo accounts such as admin/admin123)',
    );
  for (const k of SECRET_KEYS) {
    const v = e[k];
    if (typeof v === 'string' && PLACEHOLDER_WORDS.test(v))
      problems.push(`${k}: still the placeholder from .env.example; set a real secret`);
  }
  for (const [k, placeholder] of PLACEHOLDER_IDS) {
    const v = e[k];
    if (typeof v === 'string' && placeholder.test(v))
      problems.push(`${k}: still the placeholder from .env.example`);
  }
  for (const k of HTTPS_KEYS) {
    const v = e[k];
    if (typeof v !== 'string') continue;
    const url = new URL(v);
    if (url.protocol !== 'https:') problems.push(`${k}: must be an https URL in production`);
    else if (EXAMPLE_HOST.test(url.hostname))
      problems.push(`${k}: still the example domain from .env.example`);
  }
  return problems;
}
