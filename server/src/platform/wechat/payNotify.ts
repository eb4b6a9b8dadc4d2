/**
 * Verifying a WeChat Pay notification: RSA-SHA256 over `timestamp\nnonce\nbody\n` with the platform
 * certificate named by Wechatpay-Serial or the WeChat Pay public key (PUB_KEY_ID_…), timestamp within
 * the window, then AEAD_AES_256_GCM decryption of the resource with the APIv3 key. Done here rather
 * than in wechatpay-node-v3, which knows only platform certificates.
 */
import { createDecipheriv, createVerify } from 'node:crypto';
import { publicKeyOf } from './rsaKeys';
import { WechatPayNotifyError } from './errors';

export type PayVerifierOptions = {
  apiV3Key: string;
  windowSeconds: number;
  now: () => Date;
  publicKey?: { id: string; pem: string };
  /** Public key PEM of a platform certificate by serial (fetched from /v3/certificates), if any. */
  platformKey: (serial: string) => Promise<string | undefined>;
};

export type PayNotification<R> = {
  id: string;
  createTime: string;
  eventType: string;
  summary?: string;
  /** The decrypted resource (a transaction for TRANSACTION.SUCCESS, a refund for REFUND.*). */
  resource: R;
  /** Which key vouched for it: a certificate serial or PUB_KEY_ID_…. */
  serial: string;
};

const header = (h: Record<string, string | string[] | undefined>, name: string): string => {
  const v = h[name] ?? h[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

export async function verifyPayNotification<R>(
  raw: string,
  headers: Record<string, string | string[] | undefined>,
  o: PayVerifierOptions,
): Promise<PayNotification<R>> {
  const serial = header(headers, 'wechatpay-serial');
  const signature = header(headers, 'wechatpay-signature');
  const timestamp = header(headers, 'wechatpay-timestamp');
  const nonce = header(headers, 'wechatpay-nonce');
  if (!serial || !signature || !timestamp || !nonce)
    throw new WechatPayNotifyError('MALFORMED', 'missing Wechatpay-* headers');

  const key = serial.startsWith('PUB_KEY_ID_')
    ? o.publicKey?.id === serial
      ? o.publicKey.pem
      : undefined
    : await o.platformKey(serial);
  if (!key) throw new WechatPayNotifyError('UNKNOWN_SERIAL', `no key for serial ${serial}`);

  const valid = createVerify('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${raw}\n`)
    .verify(publicKeyOf(key), signature, 'base64');
  if (!valid) throw new WechatPayNotifyError('SIGNATURE_INVALID', 'signature does not verify');

  const skew = Math.abs(o.now().getTime() / 1000 - Number(timestamp));
  if (!(skew <= o.windowSeconds))
    throw new WechatPayNotifyError('TIMESTAMP_OUT_OF_WINDOW', `timestamp skew ${skew}s`);

  let body: {
    id: string;
    create_time: string;
    event_type: string;
    summary?: string;
    resource: { algorithm: string; ciphertext: string; associated_data?: string; nonce: string };
  };
  try {
    body = JSON.parse(raw);
  } catch {
    throw new WechatPayNotifyError('MALFORMED', 'body is not JSON');
  }
  const r = body.resource;
  if (r?.algorithm !== 'AEAD_AES_256_GCM')
    throw new WechatPayNotifyError('MALFORMED', 'unsupported algorithm');
  let plaintext: string;
  try {
    const data = Buffer.from(r.ciphertext, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(o.apiV3Key, 'utf8'),
      Buffer.from(r.nonce, 'utf8'),
    );
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    plaintext = Buffer.concat([
      decipher.update(data.subarray(0, data.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new WechatPayNotifyError('DECRYPT_FAILED', 'resource does not decrypt with the APIv3 key');
  }
  return {
    id: body.id,
    createTime: body.create_time,
    eventType: body.event_type,
    summary: body.summary,
    resource: JSON.parse(plaintext) as R,
    serial,
  };
}
