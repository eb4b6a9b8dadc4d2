/**
 * The production WeChat Pay client (wechatpay-node-v3 signing, our transport) against the sandbox with
 * real keys: it verifies the certificate download itself, names the key it verifies with, gives up on
 * a hung call, and reports platform certificates about to expire.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createWechatClients, isOrderPaid, WechatPayError } from '../../src/platform/wechat';
import { testConfig } from '../harness';

let sandbox: RunningSandbox;
const realClock = { now: () => new Date() };
let seq = 0;
const orderNo = () => `CLIENT${Date.now()}${++seq}`;

/** A client with only platform certificates (no public key configured), or with the public key. */
const client = (o: { publicKey: boolean; env?: Record<string, string> }, logger?: pino.Logger) =>
  createWechatClients(
    testConfig({
      ...sandbox.portalEnv({
        notifyUrl: 'https://portal.example.cn/api/wechatpay/notify',
        publicKeyMode: o.publicKey,
      }),
      ...o.env,
    }),
    realClock,
    logger,
  ).pay();

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'pay-client-')),
    verification: 'switch',
  });
});
afterAll(() => sandbox?.stop());
afterEach(() => sandbox.client.clearFaults());

it('downloads platform certificates, verifies that answer too, and refuses a forged download', async () => {
  const pay = client({ publicKey: false });
  const [cert] = await pay.refreshCertificates();
  expect(cert).toMatchObject({ serial: sandbox.keys.platform.serial.toUpperCase() });

  await sandbox.client.injectFault({ kind: 'forgedResponse', api: 'pay.certificates' });
  await expect(client({ publicKey: false }).refreshCertificates()).rejects.toMatchObject({
    payCode: 'RESPONSE_UNVERIFIED',
  });
  // A forged answer to a call that trusts the downloaded certificate is refused as well.
  await sandbox.client.injectFault({ kind: 'forgedResponse', api: 'pay.jsapi' });
  await expect(
    pay.createJsapiOrder({ outTradeNo: orderNo(), description: '燃气费', amountFen: 100, openid: 'o-payer' }),
  ).rejects.toMatchObject({
    payCode: 'RESPONSE_UNVERIFIED',
  });
});

it('names the public key in Wechatpay-Serial, so it needs no certificate download to verify answers', async () => {
  await sandbox.client.injectFault({ kind: 'serverError', api: 'pay.certificates', times: 'always' });
  const withPublicKey = client({ publicKey: true });
  const no = orderNo();
  await expect(
    withPublicKey.createJsapiOrder({
      outTradeNo: no,
      description: '燃气费',
      amountFen: 100,
      openid: 'o-payer',
    }),
  ).resolves.toHaveProperty('paySign');
  expect((await withPublicKey.queryByOutTradeNo(no)).trade_state).toBe('NOTPAY');
  // Without the public key the answers come signed by the certificate, which cannot be had now.
  await expect(client({ publicKey: false }).queryByOutTradeNo(no)).rejects.toMatchObject({
    payCode: 'RESPONSE_UNVERIFIED',
  });
});

it('gives up on a hung call after its timeout instead of waiting for WeChat', async () => {
  const pay = client({ publicKey: true, env: { WECHAT_HTTP_TIMEOUT_MS: '300' } });
  await sandbox.client.injectFault({ kind: 'delay', api: 'pay.query', ms: 3000 });
  const started = Date.now();
  const err = await pay.queryByOutTradeNo('HUNG00000001').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WechatPayError);
  expect(err).toMatchObject({ payCode: 'TIMEOUT', status: 503 });
  expect(Date.now() - started).toBeLessThan(2_800); // gave up: WeChat Pay answers only after 3 s
});

it('reports a platform certificate that expires within the warning period', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  await client({ publicKey: false }, logger).refreshCertificates();
  expect(lines).toEqual([]);

  await sandbox.client.reissuePlatformCertificate(new Date(Date.now() + 10.5 * 86_400_000));
  const [cert] = await client({ publicKey: false }, logger).refreshCertificates();
  expect(cert.expiresAt.getTime()).toBeLessThan(Date.now() + 11 * 86_400_000);
  expect(lines).toEqual([
    expect.objectContaining({
      event: 'wechatpay.certificate.expiring',
      serial: sandbox.keys.platform.serial.toUpperCase(),
      daysLeft: 10,
    }),
  ]);
});

it('takes both spellings of "the order is paid" from a close as a paid order', () => {
  expect(isOrderPaid(new WechatPayError(400, 'ORDER_PAID', '订单已支付', 'close'))).toBe(true);
  expect(isOrderPaid(new WechatPayError(400, 'ORDERPAID', '该订单已支付', 'close'))).toBe(true);
  expect(isOrderPaid(new WechatPayError(400, 'ORDER_CLOSED', '订单已关闭', 'close'))).toBe(false);
});
