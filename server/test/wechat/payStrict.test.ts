/**
 * WeChat Pay as strict as WeChat: each rule the sandbox enforces, met through the portal's real pay
 * client with real signatures (every answer verified, notifications signed and encrypted). The sandbox
 * and the client share one movable clock, so "two hours later" needs no waiting.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createWechatClients, WechatPayError, type WechatClients } from '../../src/platform/wechat';
import type { WechatPay } from '../../src/platform/wechat/wechatPay';
import { startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { notifyProbe } from './notifyProbe';

const clock = testClock();
let sandbox: RunningSandbox;
let portal: TestServer;
/** The portal configured with both the platform certificates and the public key (a switch-over). */
let wechat: WechatClients;
const probe = notifyProbe('/api/test/pay-strict-notify', () => wechat);
let seq = 0;
const orderNo = () => `STRICT${Date.now()}${++seq}`;

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'pay-strict-')),
    notifyRetryScale: 0.00002,
    verification: 'switch',
    now: () => clock.now(),
    // The test portal listens on http://localhost (no TLS certificate); WeChat would want https.
    leniency: ['httpNotifyUrl'],
  });
  portal = await startTestServer({ features: [probe.feature] });
  const notifyUrl = `${portal.url.replace('127.0.0.1', 'localhost')}/api/test/pay-strict-notify`;
  wechat = createWechatClients(testConfig(sandbox.portalEnv({ notifyUrl, publicKeyMode: true })), clock);
});
afterAll(async () => {
  await sandbox?.stop();
  await portal?.close();
});
afterEach(() => sandbox.client.clearFaults());

async function paidOrder(pay: WechatPay, amountFen: number): Promise<string> {
  const no = orderNo();
  await pay.createJsapiOrder({ outTradeNo: no, description: '燃气费', amountFen, openid: 'o-payer' });
  await sandbox.client.payOrder(no);
  await sandbox.client.settleNotifications();
  return no;
}

/** A request signed by the merchant (the library's signing), sent as it is, answered as WeChat answers. */
async function merchantGet(pathAndQuery: string, headers: Record<string, string> = {}) {
  const lib = wechat.pay().lib as unknown as { buildAuthorization(m: string, u: string): string };
  const auth = lib.buildAuthorization('GET', `https://api.mch.weixin.qq.com${pathAndQuery}`);
  const res = await fetch(`${sandbox.url}${pathAndQuery}`, {
    headers: { Authorization: auth, Accept: 'application/json', ...headers },
  });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers) };
}

function signedBy(answer: { body: string; headers: Record<string, string> }, publicKeyPem: string): boolean {
  const h = answer.headers;
  return createVerify('RSA-SHA256')
    .update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${answer.body}\n`)
    .verify(publicKeyPem, h['wechatpay-signature'] ?? '', 'base64');
}

describe('answers signed as WeChat signs them', () => {
  it('signs each answer with the key the request names in Wechatpay-Serial while switching from certificate to public key', async () => {
    const no = await paidOrder(wechat.pay(), 100);
    const query = `/v3/pay/transactions/out-trade-no/${no}?mchid=${sandbox.keys.mchid}`;
    const certificateKey = new X509Certificate(sandbox.keys.platform.certPem).publicKey
      .export({ type: 'spki', format: 'pem' })
      .toString();

    const byPublicKey = await merchantGet(query, { 'Wechatpay-Serial': sandbox.keys.publicKey.id });
    expect(byPublicKey.headers['wechatpay-serial']).toBe(sandbox.keys.publicKey.id);
    expect(signedBy(byPublicKey, sandbox.keys.publicKey.publicKeyPem)).toBe(true);

    // Naming the certificate, or nothing, keeps the certificate during a switch-over.
    for (const asked of [{ 'Wechatpay-Serial': sandbox.keys.platform.serial }, {}] as Array<
      Record<string, string>
    >) {
      const byCertificate = await merchantGet(query, asked);
      expect(byCertificate.headers['wechatpay-serial']).toBe(sandbox.keys.platform.serial);
      expect(signedBy(byCertificate, certificateKey)).toBe(true);
    }

    const unknown = await merchantGet(query, { 'Wechatpay-Serial': 'PUB_KEY_ID_0000NOSUCHKEY' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ code: 'PARAM_ERROR' });
    expect(signedBy(unknown, certificateKey)).toBe(true);
  });

  it('signs errors, rate limits and injected faults, and an answer signed by anyone else is refused', async () => {
    const pay = wechat.pay();
    await sandbox.client.injectFault({ kind: 'serverError', api: 'pay.query', status: 500 });
    await expect(pay.queryByOutTradeNo('NOSUCHORDER01')).rejects.toMatchObject({
      payCode: 'SYSTEM_ERROR',
      httpStatus: 500,
    });
    await expect(pay.queryByOutTradeNo('NOSUCHORDER01')).rejects.toMatchObject({
      payCode: 'ORDER_NOT_EXIST',
      httpStatus: 404,
    });

    await sandbox.client.setRateLimit('pay.query', 1);
    const burst = await Promise.allSettled([1, 2, 3].map(() => pay.queryByOutTradeNo('NOSUCHORDER01')));
    await sandbox.client.setRateLimit('pay.query', null);
    expect(burst.map((r) => (r as PromiseRejectedResult).reason.payCode)).toContain('FREQUENCY_LIMITED');

    const unsigned = await fetch(`${sandbox.url}/v3/pay/transactions/out-trade-no/X?mchid=1`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('wechatpay-signature')).toBeTruthy();

    const no = await paidOrder(pay, 100);
    await sandbox.client.injectFault({ kind: 'forgedResponse', api: 'pay.query' });
    await expect(pay.queryByOutTradeNo(no)).rejects.toMatchObject({ payCode: 'RESPONSE_UNVERIFIED' });
    await sandbox.client.injectFault({ kind: 'forgedResponse', api: 'pay.close' });
    // A forged error code is not acted on either: it could claim ORDER_PAID or RESOURCE_NOT_EXISTS.
    await expect(pay.closeOrder(no)).rejects.toMatchObject({ payCode: 'RESPONSE_UNVERIFIED' });
    expect((await pay.queryByOutTradeNo(no)).trade_state).toBe('SUCCESS');
  });
});

describe('orders', () => {
  it('answers ORDER_PAID when a paid order is closed', async () => {
    const no = await paidOrder(wechat.pay(), 300);
    const err = await wechat
      .pay()
      .closeOrder(no)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ payCode: 'ORDER_PAID', httpStatus: 400 });
  });

  it('lets a prepay_id be paid for two hours only, and a new order call gives a fresh one', async () => {
    const pay = wechat.pay();
    const no = orderNo();
    const first = await pay.createJsapiOrder({
      outTradeNo: no,
      description: '水费',
      amountFen: 500,
      openid: 'o-payer',
    });
    clock.advance(2 * 3600_000 + 1000);
    await expect(sandbox.client.payOrder(no)).rejects.toThrow(/PREPAY_EXPIRED/);
    expect((await pay.queryByOutTradeNo(no)).trade_state).toBe('NOTPAY');
    const again = await pay.createJsapiOrder({
      outTradeNo: no,
      description: '水费',
      amountFen: 500,
      openid: 'o-payer',
    });
    expect(again.package).not.toBe(first.package);
    await sandbox.client.payOrder(no);
    expect((await pay.queryByOutTradeNo(no)).trade_state).toBe('SUCCESS');
  });

  it('refuses payment after time_expire; the order stays NOTPAY until the merchant closes it', async () => {
    const pay = wechat.pay();
    const no = orderNo();
    await pay.createJsapiOrder({
      outTradeNo: no,
      description: '热费',
      amountFen: 700,
      openid: 'o-payer',
      timeExpire: new Date(clock.now().getTime() + 30 * 60_000),
    });
    clock.advance(31 * 60_000);
    await expect(sandbox.client.payOrder(no)).rejects.toThrow(/ORDER_EXPIRED/);
    expect((await pay.queryByOutTradeNo(no)).trade_state).toBe('NOTPAY');
    await pay.closeOrder(no);
    expect((await pay.queryByOutTradeNo(no)).trade_state).toBe('CLOSED');
  });

  it('refuses an http notify_url unless the sandbox was asked for the httpNotifyUrl leniency', async () => {
    const strict = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'pay-strict-https-')) });
    try {
      const env = strict.portalEnv({ notifyUrl: 'http://localhost:3000/api/wechatpay/notify' });
      const pay = createWechatClients(testConfig(env), { now: () => new Date() }).pay();
      await expect(
        pay.createJsapiOrder({
          outTradeNo: orderNo(),
          description: '燃气费',
          amountFen: 100,
          openid: 'o-payer',
        }),
      ).rejects.toMatchObject({
        payCode: 'PARAM_ERROR',
      });
    } finally {
      await strict.stop();
    }
  });
});

describe('refunds', () => {
  it('refuses a refund beyond what the order can still refund with 400 INVALID_REQUEST', async () => {
    const pay = wechat.pay();
    const no = await paidOrder(pay, 1000);
    await pay.refund({ outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 600, totalFen: 1000 });
    await expect(
      pay.refund({ outTradeNo: no, outRefundNo: `${no}R2`, refundFen: 401, totalFen: 1000 }),
    ).rejects.toMatchObject({
      payCode: 'INVALID_REQUEST',
      httpStatus: 400,
    });
    await expect(
      pay.refund({ outTradeNo: no, outRefundNo: `${no}R3`, refundFen: 400, totalFen: 1000 }),
    ).resolves.toMatchObject({ status: 'PROCESSING' });
  });

  it('answers NOT_ENOUGH only when the merchant balance is short, and the same refund goes through once money came in', async () => {
    const pay = wechat.pay();
    const no = await paidOrder(pay, 1000);
    await sandbox.client.setMerchantBalance(300);
    const refund = { outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 500, totalFen: 1000 };
    try {
      await expect(pay.refund(refund)).rejects.toMatchObject({ payCode: 'NOT_ENOUGH', httpStatus: 403 });
      await sandbox.client.setMerchantBalance(10_000);
      await expect(pay.refund(refund)).resolves.toMatchObject({ out_refund_no: `${no}R1` });
    } finally {
      await sandbox.client.setMerchantBalance(null);
    }
  });

  it('keeps a refund PROCESSING until it ends SUCCESS, CLOSED or ABNORMAL, each told by its own signed notification', async () => {
    const pay = wechat.pay();
    await sandbox.client.setRefundPlan({ hold: true });
    try {
      const no = await paidOrder(pay, 3000);
      const notifyUrl = pay.opts.notifyUrl;
      for (const [i, outcome] of (['SUCCESS', 'CLOSED', 'ABNORMAL'] as const).entries()) {
        const outRefundNo = `${no}R${i}`;
        await pay.refund({ outTradeNo: no, outRefundNo, refundFen: 1000, totalFen: 3000, notifyUrl });
        expect((await pay.queryRefund(outRefundNo)).status).toBe('PROCESSING');
        await sandbox.client.settleRefund(outRefundNo, outcome);
        await sandbox.client.settleNotifications();
        expect((await pay.queryRefund(outRefundNo)).status).toBe(outcome);
      }
      expect(
        probe.received
          .filter((r) => r.outTradeNo === no && r.eventType !== 'TRANSACTION.SUCCESS')
          .map((r) => [r.eventType, r.status]),
      ).toEqual([
        ['REFUND.SUCCESS', 'SUCCESS'],
        ['REFUND.CLOSED', 'CLOSED'],
        ['REFUND.ABNORMAL', 'ABNORMAL'],
      ]);
      // A closed refund gave its amount back: 1000 of 3000 is still refundable.
      await expect(
        pay.refund({ outTradeNo: no, outRefundNo: `${no}R9`, refundFen: 1000, totalFen: 3000 }),
      ).resolves.toMatchObject({ status: 'PROCESSING' });
    } finally {
      await sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 0 });
    }
  });

  it('ends a refund later when told to take a while', async () => {
    const pay = wechat.pay();
    // Long enough that the query right after the refund comes before it, on a busy machine too.
    await sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 1_500 });
    try {
      const no = await paidOrder(pay, 800);
      await pay.refund({ outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 800, totalFen: 800 });
      expect((await pay.queryRefund(`${no}R1`)).status).toBe('PROCESSING');
      let status = 'PROCESSING';
      for (const until = Date.now() + 15_000; status === 'PROCESSING' && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await pay.queryRefund(`${no}R1`)).status;
      }
      expect(status).toBe('SUCCESS');
    } finally {
      await sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 0 });
    }
  });
});
