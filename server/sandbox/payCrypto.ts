/** WeChat Pay v3 signatures and AEAD_AES_256_GCM, from the platform's side. */
import { createCipheriv, createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { privateKeyOf, publicKeyOf } from '../src/platform/wechat/rsaKeys';
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
  if (!mchid || !nonce || !signature || !timestamp || !serial)
    return { ok: false, message: 'Authorization 缺少字段' };
  if (mchid !== keys.mchid) return { ok: false, message: '商户号不存在' };
  if (serial.toUpperCase() !== keys.merchant.serial.toUpperCase())
    return { ok: false, message: '商户证书序列号有误' };
  // Against the real clock, not the simulated one: the merchant's library stamps its requests with the
  // real time (a test that moves the sandbox's clock moves WeChat's business time, not the network's).
  const skew = Math.abs(Date.now() / 1000 - Number(timestamp));
  if (!(skew <= 300)) return { ok: false, message: '请求时间戳已过期' };
  const message = `${req.method}\n${req.url}\n${timestamp}\n${nonce}\n${req.body}\n`;
  return signedByMerchant(state, message, signature) ? { ok: true } : { ok: false, message: '签名错误' };
}

/** Whether `signature` (base64) is the merchant's SHA256-RSA signature of `message`, by its API certificate. */
export function signedByMerchant(state: SandboxState, message: string, signature: string): boolean {
  return createVerify('RSA-SHA256')
    .update(message)
    .verify(publicKeyOf(state.options.keys.merchant.certPem), signature, 'base64');
}

export type SigningKey = { serial: string; privateKeyPem: string };

/**
 * The key a notification is signed with: in a switch-over WeChat Pay decides, a growing share of
 * notifications by the public key (here: either, at random).
 */
export function notificationSigningKey(state: SandboxState): SigningKey {
  const { verification } = state.options;
  return verification === 'publicKey' || (verification === 'switch' && Math.random() < 0.5)
    ? publicKeySigner(state)
    : certificateSigner(state);
}

/**
 * The key an API answer is signed with. During a switch-over the merchant decides: the request's
 * `Wechatpay-Serial` naming the public key (PUB_KEY_ID_…) gets an answer signed by it; naming the
 * platform certificate, or no header, gets the certificate. A merchant with only the public key always
 * gets the public key. `undefined`: the header names a key this merchant does not have.
 */
export function responseSigningKey(
  state: SandboxState,
  requestSerial: string | undefined,
): SigningKey | undefined {
  const { keys, verification } = state.options;
  const serial = requestSerial?.trim();
  if (serial && serial !== keys.publicKey.id && serial.toUpperCase() !== keys.platform.serial.toUpperCase())
    return undefined;
  if (verification === 'publicKey')
    return serial && serial !== keys.publicKey.id ? undefined : publicKeySigner(state);
  if (verification === 'certificate')
    return serial === keys.publicKey.id ? undefined : certificateSigner(state);
  return serial === keys.publicKey.id ? publicKeySigner(state) : certificateSigner(state);
}

const publicKeySigner = (state: SandboxState): SigningKey => ({
  serial: state.options.keys.publicKey.id,
  privateKeyPem: state.options.keys.publicKey.privateKeyPem,
});
const certificateSigner = (state: SandboxState): SigningKey => ({
  serial: state.options.keys.platform.serial,
  privateKeyPem: state.options.keys.platform.privateKeyPem,
});

let strangerKey: string | undefined;
/** A key WeChat never had, under a serial it does have: what a forger would sign with. */
export function forgedKey(serial: string): SigningKey {
  strangerKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return { serial, privateKeyPem: strangerKey };
}

/** Wechatpay-* headers over `timestamp\nnonce\nbody\n`, as on responses and notifications. */
export function signedHeaders(key: SigningKey, body: string, nowSeconds: number): Record<string, string> {
  const timestamp = String(nowSeconds);
  const nonce = randomId(32).toUpperCase();
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(privateKeyOf(key.privateKeyPem), 'base64');
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
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}
