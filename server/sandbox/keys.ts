/**
 * Key material of a simulated merchant and of the simulated WeChat Pay platform: the merchant's API
 * key + certificate (what the portal signs requests with), the platform certificate key (signs
 * notifications in certificate mode), the WeChat Pay public key (PUB_KEY_ID_… mode) and the APIv3 key.
 * The demo keeps one set in `.data/sandbox/` (never committed); tests generate their own.
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export type SandboxKeys = {
  appid: string;
  appSecret: string;
  oaAppid: string;
  oaAppSecret: string;
  mchid: string;
  apiV3Key: string;
  merchant: { privateKeyPem: string; certPem: string; serial: string };
  platform: { privateKeyPem: string; certPem: string; serial: string };
  publicKey: { id: string; privateKeyPem: string; publicKeyPem: string };
};

/** File names inside the key directory: the portal is configured with these paths. */
export const KEY_FILES = {
  merchantKey: 'apiclient_key.pem',
  merchantCert: 'apiclient_cert.pem',
  platformKey: 'platform_key.pem',
  platformCert: 'platform_cert.pem',
  publicKey: 'pub_key.pem',
  publicKeyPrivate: 'pub_key_private.pem',
  meta: 'sandbox.json',
} as const;

const alnum = (n: number) => randomBytes(n).toString('hex').slice(0, n);

function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

const PLATFORM_CN = 'Tenpay.com platform (sandbox)';

/** A self-issued X.509 certificate in WeChat's style: 40 hex digit serial, 5 years validity unless `notAfter`. */
function certificate(
  commonName: string,
  pair: { privateKeyPem: string; publicKeyPem: string },
  serial: string,
  notAfter?: Date,
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = notAfter ?? new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Tenpay.com (sandbox)' },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer([{ name: 'commonName', value: 'Tenpay.com Root CA (sandbox)' }, ...attrs.slice(1)]);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Upper-case hex serial with a leading digit below 8 so the DER integer stays positive. */
const serialNumber = () =>
  `${Math.floor(Math.random() * 7) + 1}${randomBytes(20).toString('hex').slice(1)}`.toUpperCase();

export function generateSandboxKeys(
  overrides: Partial<Pick<SandboxKeys, 'appid' | 'mchid' | 'oaAppid'>> = {},
): SandboxKeys {
  const mchid = overrides.mchid ?? `19${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const merchantPair = rsaKeyPair();
  const platformPair = rsaKeyPair();
  const pubPair = rsaKeyPair();
  const merchantSerial = serialNumber();
  const platformSerial = serialNumber();
  return {
    appid: overrides.appid ?? `wx${alnum(16)}`,
    appSecret: alnum(32),
    oaAppid: overrides.oaAppid ?? `wx${alnum(16)}`,
    oaAppSecret: alnum(32),
    mchid,
    apiV3Key: randomBytes(24).toString('base64url').slice(0, 32),
    merchant: {
      privateKeyPem: merchantPair.privateKeyPem,
      certPem: certificate(`${mchid}`, merchantPair, merchantSerial),
      serial: merchantSerial,
    },
    platform: {
      privateKeyPem: platformPair.privateKeyPem,
      certPem: certificate(PLATFORM_CN, platformPair, platformSerial),
      serial: platformSerial,
    },
    publicKey: {
      id: `PUB_KEY_ID_01${mchid}${new Date().getFullYear()}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      privateKeyPem: pubPair.privateKeyPem,
      publicKeyPem: pubPair.publicKeyPem,
    },
  };
}

/**
 * The platform certificate issued again, same key and serial, valid until `notAfter`: a certificate
 * about to expire, as merchants see one every five years.
 */
export function reissuePlatformCertificate(keys: SandboxKeys, notAfter: Date): void {
  const publicKeyPem = new X509Certificate(keys.platform.certPem).publicKey
    .export({ type: 'spki', format: 'pem' })
    .toString();
  keys.platform.certPem = certificate(
    PLATFORM_CN,
    { privateKeyPem: keys.platform.privateKeyPem, publicKeyPem },
    keys.platform.serial,
    notAfter,
  );
}

export function writeSandboxKeys(dir: string, keys: SandboxKeys): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 });
  write(KEY_FILES.merchantKey, keys.merchant.privateKeyPem);
  write(KEY_FILES.merchantCert, keys.merchant.certPem);
  write(KEY_FILES.platformKey, keys.platform.privateKeyPem);
  write(KEY_FILES.platformCert, keys.platform.certPem);
  write(KEY_FILES.publicKey, keys.publicKey.publicKeyPem);
  write(KEY_FILES.publicKeyPrivate, keys.publicKey.privateKeyPem);
  const { merchant, platform, publicKey, ...meta } = keys;
  write(
    KEY_FILES.meta,
    JSON.stringify(
      {
        ...meta,
        merchantSerial: merchant.serial,
        platformSerial: platform.serial,
        publicKeyId: publicKey.id,
      },
      null,
      2,
    ),
  );
}

export function readSandboxKeys(dir: string): SandboxKeys {
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const meta = JSON.parse(read(KEY_FILES.meta)) as Omit<
    SandboxKeys,
    'merchant' | 'platform' | 'publicKey'
  > & {
    merchantSerial: string;
    platformSerial: string;
    publicKeyId: string;
  };
  return {
    appid: meta.appid,
    appSecret: meta.appSecret,
    oaAppid: meta.oaAppid,
    oaAppSecret: meta.oaAppSecret,
    mchid: meta.mchid,
    apiV3Key: meta.apiV3Key,
    merchant: {
      privateKeyPem: read(KEY_FILES.merchantKey),
      certPem: read(KEY_FILES.merchantCert),
      serial: meta.merchantSerial,
    },
    platform: {
      privateKeyPem: read(KEY_FILES.platformKey),
      certPem: read(KEY_FILES.platformCert),
      serial: meta.platformSerial,
    },
    publicKey: {
      id: meta.publicKeyId,
      privateKeyPem: read(KEY_FILES.publicKeyPrivate),
      publicKeyPem: read(KEY_FILES.publicKey),
    },
  };
}

/** The demo's keys: generated on first start into `dir`, read back afterwards. */
export function loadOrCreateSandboxKeys(dir: string): SandboxKeys {
  if (fs.existsSync(path.join(dir, KEY_FILES.meta))) return readSandboxKeys(dir);
  const keys = generateSandboxKeys();
  writeSandboxKeys(dir, keys);
  return keys;
}
