/** WeChat Pay v3 signatures and AEAD_AES_256_GCM, from the platform's side. */
import { createCipheriv, createSign, createVerify, X509Certificate } from 'node:crypto';
import { randomId } from './http';
import type { SandboxState } from './state';

export type AuthCheck = { ok: true } | { ok: false; message: string };

/**
 * Verifies `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=..,nonce_str=..,signature=..,timestamp=..,serial_no=..`
 * over `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n` with the merchant certificate.
 */
export function verifyMerchantRequest(
  state: SandboxState,
  req: { method: string; url: string; body: string; authorization?: string },
): AuthCheck {
  const keys = state.options.keys;
  const header = req.authorization ?? '';
  const prefix = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header.startsWith(prefix)) return { ok: false, message: '错误的签名类型' };
  const fields: Record<string, string> = {};
  for (const m of header.slice(prefix.length).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  const { mchid, nonce_str: nonce, signature, timestamp, serial_no: serial } = fields;
  if (!mchid || !nonce || !signature || !timestamp || !serial) return { ok: false, message: 'Authorization 缺少字段' };
  if (mchid !== keys.mchid) return { ok: false, message: '商户号不存在' };
  if (serial.toUpperCase() !== keys.merchant.serial.toUpperCase()) return { ok: false, message: '商户证书序列号有误' };
  const skew = Math.abs(state.options.now().getTime() / 1000 - Number(timestamp));
  if (!(skew <= 300)) return { ok: false, message: '请求时间戳已过期' };
  const message = `${req.method}\n${req.url}\n${timestamp}\n${nonce}\n${req.body}\n`;
  const publicKey = new X509Certificate(keys.merchant.certPem).publicKey;
  const valid = createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
  return valid ? { ok: true } : { ok: false, message: '签名错误' };
}

export type SigningKey = { serial: string; privateKeyPem: string };

/** The key the platform signs with in the given mode (switch mode: either, at random). */
export function platformSigningKey(state: SandboxState): SigningKey {
  const { keys, verification } = state.options;
  const usePublicKey = verification === 'publicKey' || (verification === 'switch' && Math.random() < 0.5);
  return usePublicKey
    ? { serial: keys.publicKey.id, privateKeyPem: keys.publicKey.privateKeyPem }
    : { serial: keys.platform.serial, privateKeyPem: keys.platform.privateKeyPem };
}

/** Wechatpay-* headers over `timestamp\nnonce\nbody\n`, as on responses and notifications. */
export function signedHeaders(key: SigningKey, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = String(nowSeconds);
  const nonce = randomId(32).toUpperCase();
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(key.privateKeyPem, 'base64');
  return {
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Serial': key.serial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** AEAD_AES_256_GCM with the APIv3 key: base64(ciphertext ‖ 16-byte tag). */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string) {
  const nonce = randomId(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: associatedData, nonce };
}
