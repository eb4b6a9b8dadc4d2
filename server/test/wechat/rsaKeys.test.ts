/**
 * WeChat Pay keys are parsed once (server/src/platform/wechat/rsaKeys.ts): what is signed with a parsed key
 * verifies against the PEM it came from, and a certificate's PEM gives the certificate's own key.
 */
import { createSign, createVerify, X509Certificate } from 'node:crypto';
import { privateKeyOf, publicKeyOf } from '../../src/platform/wechat/rsaKeys';
import { generateSandboxKeys } from '../../sandbox/keys';

const keys = generateSandboxKeys();
const sign = (key: Parameters<ReturnType<typeof createSign>['sign']>[0], text: string) =>
  createSign('RSA-SHA256').update(text).sign(key, 'base64');

it('signs with the parsed merchant key what the PEM verifies, and the other way round', () => {
  const certKey = new X509Certificate(keys.merchant.certPem).publicKey;
  const signed = sign(privateKeyOf(keys.merchant.privateKeyPem), 'POST\n/v3/pay/transactions/jsapi\n');
  expect(
    createVerify('RSA-SHA256').update('POST\n/v3/pay/transactions/jsapi\n').verify(certKey, signed, 'base64'),
  ).toBe(true);
  const byPem = sign(keys.platform.privateKeyPem, 'answer');
  expect(
    createVerify('RSA-SHA256').update('answer').verify(publicKeyOf(keys.platform.certPem), byPem, 'base64'),
  ).toBe(true);
  expect(
    createVerify('RSA-SHA256').update('answer').verify(publicKeyOf(keys.merchant.certPem), byPem, 'base64'),
  ).toBe(false);
  expect(
    createVerify('RSA-SHA256')
      .update('notice')
      .verify(
        publicKeyOf(keys.publicKey.publicKeyPem),
        sign(keys.publicKey.privateKeyPem, 'notice'),
        'base64',
      ),
  ).toBe(true);
});

it('parses each PEM once', () => {
  expect(privateKeyOf(keys.merchant.privateKeyPem)).toBe(privateKeyOf(`${keys.merchant.privateKeyPem}`));
  expect(publicKeyOf(keys.platform.certPem)).toBe(publicKeyOf(keys.platform.certPem));
  expect(publicKeyOf(keys.platform.certPem)).not.toBe(publicKeyOf(keys.merchant.certPem));
  expect(
    publicKeyOf(keys.platform.certPem).equals(new X509Certificate(keys.platform.certPem).publicKey),
  ).toBe(true);
});

it('refuses a PEM that is not a key', () => {
  expect(() => privateKeyOf('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----')).toThrow();
  expect(() => publicKeyOf('-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----')).toThrow();
});
