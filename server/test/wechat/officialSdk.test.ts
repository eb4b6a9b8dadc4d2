/**
 * The sandbox's WeChat Pay judged by WeChat Pay's official Go SDK (wechatpay-go v0.2.20, driven by
 * officialSdk/main.go): a merchant built on it places, pays, queries, closes and refunds orders and reads
 * payment notifications, verifying WeChat Pay by its public key and by its platform certificate. The portal
 * pays through an unofficial library; a lenient or subtly wrong sandbox could agree with it on a mistake,
 * the official SDK would not. The negative cases show that each check can fail.
 *
 * Needs Go (go.mod's version or later): without it the tests are skipped with a warning, and fail in CI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KEY_FILES } from '../../sandbox/keys';
import type { RequestPayment as SheetParams } from '../../sandbox/paySheet';
import { realClockEnv } from '../../src/platform/db/embeddedMongo';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';

const SDK_DIR = path.join(__dirname, 'officialSdk');
// Go on PATH, or where Go's own installer puts it (a shell that never sourced /etc/profile lacks it on PATH).
const GO = ['go', '/usr/local/go/bin/go'].find((bin) => spawnSync(bin, ['version']).status === 0) ?? 'go';
const go = spawnSync(GO, ['version'], { encoding: 'utf8' });
const hasGo = go.status === 0;
const maybe = hasGo ? it : it.skip;
if (!hasGo) {
  const why =
    `Go is not on PATH (${go.error?.message ?? go.stderr}), so the merchant on WeChat Pay's official SDK ` +
    `(server/test/wechat/officialSdk) cannot be built; put Go's bin folder (/usr/local/go/bin) on PATH`;
  if (process.env.CI)
    it('builds the merchant on the official WeChat Pay SDK', () => {
      throw new Error(why);
    });
  else console.warn(`officialSdk.test.ts is skipped: ${why}`);
}

type Mode = 'publicKey' | 'certificate' | 'switch';
/** What officialsdk answers: the SDK's model of WeChat's answer, WeChat's refusal, or the SDK's. */
type SdkAnswer<T> = {
  result?: T;
  apiError?: { StatusCode: number; Code: string; Message: string };
  error?: string;
};
/** PrepayWithRequestPayment's answer: the prepay_id, and the parameters for the pay sheet. */
type RequestPayment = SheetParams & { prepay_id: string };
type Transaction = {
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  amount: { total: number };
};
type Refund = { out_refund_no: string; status: string; amount: { refund: number; total: number } };
type ParsedNotification = {
  eventType: string;
  transaction?: Transaction;
  refund?: Record<string, unknown>;
};
type Delivered = { body: string; headers: Record<string, string> };

let binary: string;
let sandbox: SandboxProcess;
/** The merchant's notify_url: every notification as it arrived, raw body and headers. */
let receiver: http.Server;
const delivered: Delivered[] = [];
let notifyUrl: string;
let seq = 0;
const orderNo = () => `SDK${Date.now()}${++seq}`;
const keyFile = (name: string) => path.join(sandbox.dir, name);

beforeAll(async () => {
  if (!hasGo) return;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'officialsdk-'));
  binary = path.join(out, 'officialsdk');
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      delivered.push({ body: Buffer.concat(chunks).toString('utf8'), headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/wechatpay/notify`;
  [sandbox] = await Promise.all([
    startSandboxProcess({
      dir: fs.mkdtempSync(path.join(os.tmpdir(), 'officialsdk-sandbox-')),
      verification: 'publicKey',
      // WeChat's 15 retries over ~24 h, compressed to well under a second.
      notifyRetryScale: 0.00001,
      // The test's notify receiver is plain http on 127.0.0.1 (no TLS certificate); WeChat wants https.
      leniency: ['httpNotifyUrl'],
    }),
    // The first build compiles the SDK and the parts of Go's standard library it uses (about 35 s here);
    // later ones come from Go's build cache (about a second).
    promisify(execFile)(GO, ['build', '-o', binary, '.'], {
      cwd: SDK_DIR,
      env: {
        ...realClockEnv(),
        // go.sum is committed as it must be: a build that would change it fails instead.
        GOFLAGS: '-mod=readonly -buildvcs=false',
        GOTOOLCHAIN: 'local',
        // Pure Go: no C compiler needed, and a static binary.
        CGO_ENABLED: '0',
      },
      timeout: 540_000,
    }),
  ]);
}, 600_000);

afterAll(async () => {
  await sandbox?.stop();
  receiver?.close();
  for (const dir of [sandbox?.dir, binary && path.dirname(binary)])
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => (hasGo ? sandbox.client.clearFaults() : undefined));

/** One call of the official SDK as the sandbox's merchant (its key unless `merchantKeyPath`). */
function sdk<T>(
  mode: Mode,
  op: string,
  fields: Record<string, unknown> = {},
  merchantKeyPath = keyFile(KEY_FILES.merchantKey),
): Promise<SdkAnswer<T>> {
  const keys = sandbox.keys;
  const request = {
    op,
    sandboxUrl: sandbox.url,
    mchid: keys.mchid,
    merchantSerial: keys.merchant.serial,
    merchantKeyPath,
    apiV3Key: keys.apiV3Key,
    appid: keys.appid,
    mode,
    publicKeyId: keys.publicKey.id,
    publicKeyPath: keyFile(KEY_FILES.publicKey),
    platformCertPath: keyFile(KEY_FILES.platformCert),
    ...fields,
  };
  return new Promise((resolve, reject) => {
    // The real clock, as the sandbox has it (sandboxProcess.ts): the SDK checks answers' timestamps.
    const child = execFile(binary, { env: realClockEnv(), timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`officialsdk ${op}: ${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
    child.stdin!.end(JSON.stringify(request));
  });
}

/** The SDK's result; a refusal by either side fails the test with what was said. */
function ok<T>(answer: SdkAnswer<T>): T {
  if (answer.result === undefined)
    throw new Error(`the official SDK failed: ${JSON.stringify(answer.apiError ?? answer.error)}`);
  return answer.result;
}

const prepay = (
  mode: Mode,
  outTradeNo: string,
  amountFen: number,
  more: { expiresInMinutes?: number } = {},
) =>
  sdk<RequestPayment>(mode, 'prepay', {
    outTradeNo,
    amountFen,
    description: '燃气费',
    openid: 'o-sdk-payer',
    notifyUrl,
    ...more,
  });

/** What the merchant hands wx.requestPayment: the SDK's answer without prepay_id. */
const sheetParams = ({ prepay_id: _prepayId, ...params }: RequestPayment) => params;

/** The notification of this event for this order, as it reached the merchant's notify_url. */
async function deliveredNotification(outTradeNo: string, eventType: string): Promise<Delivered> {
  await sandbox.client.settleNotifications();
  const record = (await sandbox.client.listNotifications(outTradeNo)).find((n) => n.eventType === eventType);
  const found = delivered.find((d) => (JSON.parse(d.body) as { id: string }).id === record?.id);
  if (!found) throw new Error(`no ${eventType} for ${outTradeNo} reached the notify_url`);
  return found;
}

/** An order placed and paid through the SDK's paySign; its transaction_id. */
async function paidOrder(mode: Mode, outTradeNo: string, amountFen: number): Promise<string> {
  const params = ok(await prepay(mode, outTradeNo, amountFen));
  const { transactionId } = await sandbox.client.payOrder(outTradeNo, {
    requestPayment: sheetParams(params),
  });
  return transactionId;
}

describe.each(['publicKey', 'certificate'] as const)(
  'a merchant on the official SDK, verifying WeChat Pay by its %s',
  (mode) => {
    beforeAll(() => (hasGo ? sandbox.client.setVerification(mode) : undefined));

    maybe(
      'places a JSAPI order: the sandbox takes its signature, and the SDK takes the signed answer',
      async () => {
        const no = orderNo();
        // time_expire as the SDK writes it (RFC 3339, its own zone).
        const params = ok(await prepay(mode, no, 12_850, { expiresInMinutes: 30 }));
        expect(params.prepay_id).toMatch(/^wx\w+$/);
        expect(params).toMatchObject({
          appId: sandbox.keys.appid,
          package: `prepay_id=${params.prepay_id}`,
          signType: 'RSA',
        });
        expect(await sandbox.client.getOrder(no)).toMatchObject({
          prepay_id: params.prepay_id,
          trade_state: 'NOTPAY',
          amount: { total: 12_850, currency: 'CNY' },
          payer: { openid: 'o-sdk-payer' },
          notify_url: notifyUrl,
        });
      },
    );

    maybe(
      "is paid through the SDK's paySign, and its notify handler opens the payment notification",
      async () => {
        const no = orderNo();
        const transactionId = await paidOrder(mode, no, 4_200);
        const notification = await deliveredNotification(no, 'TRANSACTION.SUCCESS');
        expect(notification.headers['wechatpay-serial']).toBe(
          mode === 'publicKey' ? sandbox.keys.publicKey.id : sandbox.keys.platform.serial,
        );
        const parsed = ok(await sdk<ParsedNotification>(mode, 'parseNotify', { notification }));
        expect(parsed).toMatchObject({
          eventType: 'TRANSACTION.SUCCESS',
          transaction: {
            out_trade_no: no,
            transaction_id: transactionId,
            trade_state: 'SUCCESS',
            mchid: sandbox.keys.mchid,
            appid: sandbox.keys.appid,
            payer: { openid: 'o-sdk-payer' },
            amount: { total: 4_200, payer_total: 4_200, currency: 'CNY' },
          },
        });
        expect(ok(await sdk<Transaction>(mode, 'query', { outTradeNo: no }))).toMatchObject({
          out_trade_no: no,
          transaction_id: transactionId,
          trade_state: 'SUCCESS',
          amount: { total: 4_200 },
        });
      },
    );

    maybe('refunds a paid order, queries the refund, and opens the refund notification', async () => {
      const no = orderNo();
      const outRefundNo = `R${no}`;
      await paidOrder(mode, no, 4_200);
      await sandbox.client.setRefundPlan({ hold: true });
      try {
        const refund = ok(
          await sdk<Refund>(mode, 'refund', {
            outTradeNo: no,
            outRefundNo,
            refundFen: 1_000,
            totalFen: 4_200,
            reason: '多缴退费',
            notifyUrl,
          }),
        );
        expect(refund).toMatchObject({ out_refund_no: outRefundNo, status: 'PROCESSING' });
        await sandbox.client.settleRefund(outRefundNo, 'SUCCESS');
      } finally {
        await sandbox.client.setRefundPlan({ outcome: 'SUCCESS', afterMs: 0 });
      }
      expect(ok(await sdk<Refund>(mode, 'queryRefund', { outRefundNo }))).toMatchObject({
        out_refund_no: outRefundNo,
        status: 'SUCCESS',
        amount: { refund: 1_000, total: 4_200 },
      });
      const notification = await deliveredNotification(no, 'REFUND.SUCCESS');
      expect(ok(await sdk<ParsedNotification>(mode, 'parseNotify', { notification }))).toMatchObject({
        eventType: 'REFUND.SUCCESS',
        refund: { out_refund_no: outRefundNo, refund_status: 'SUCCESS', amount: { refund: 1_000 } },
      });
    });

    maybe('closes an unpaid order, which then queries as CLOSED', async () => {
      const no = orderNo();
      ok(await prepay(mode, no, 300));
      expect(ok(await sdk(mode, 'close', { outTradeNo: no }))).toEqual({ statusCode: 204 });
      expect(ok(await sdk<Transaction>(mode, 'query', { outTradeNo: no })).trade_state).toBe('CLOSED');
    });

    maybe('rejects an answer signed with a key WeChat never had', async () => {
      const no = orderNo();
      ok(await prepay(mode, no, 300));
      await sandbox.client.injectFault({ kind: 'forgedResponse', api: 'pay.query' });
      const forged = await sdk<Transaction>(mode, 'query', { outTradeNo: no });
      expect(forged.result).toBeUndefined();
      expect(forged.error).toMatch(/^validate verify fail/);
      // The same query answered by WeChat's own key passes: the forgery was what failed.
      expect(ok(await sdk<Transaction>(mode, 'query', { outTradeNo: no })).trade_state).toBe('NOTPAY');
    });

    maybe('rejects a payment notification signed with a key WeChat never had', async () => {
      const no = orderNo();
      await sandbox.client.injectFault({ kind: 'badSignature' });
      await paidOrder(mode, no, 500);
      const notification = await deliveredNotification(no, 'TRANSACTION.SUCCESS');
      const parsed = await sdk<ParsedNotification>(mode, 'parseNotify', { notification });
      expect(parsed.result).toBeUndefined();
      expect(parsed.error).toMatch(/^invalid notification, err: validate verify fail/);
    });
  },
);

describe('a merchant on the official SDK while WeChat Pay moves it from certificate to public key', () => {
  beforeAll(() => (hasGo ? sandbox.client.setVerification('switch') : undefined));

  maybe("opens the notifications signed by either key with the SDK's combined verifier", async () => {
    const serials = new Set<string>();
    // Each notification is signed by one key or the other at random: 20 payments bring both but once in 500,000.
    for (let i = 0; i < 20 && serials.size < 2; i++) {
      const no = orderNo();
      await paidOrder('switch', no, 100 + i);
      const notification = await deliveredNotification(no, 'TRANSACTION.SUCCESS');
      serials.add(notification.headers['wechatpay-serial']);
      const parsed = ok(await sdk<ParsedNotification>('switch', 'parseNotify', { notification }));
      expect(parsed.transaction).toMatchObject({ out_trade_no: no, amount: { total: 100 + i } });
    }
    expect([...serials].sort()).toEqual([sandbox.keys.platform.serial, sandbox.keys.publicKey.id].sort());
  });
});

describe('what the sandbox refuses from a merchant on the official SDK', () => {
  beforeAll(() => (hasGo ? sandbox.client.setVerification('publicKey') : undefined));

  maybe(
    'refuses a request signed with another merchant key: 401 SIGN_ERROR, as the SDK reports it',
    async () => {
      const stranger = path.join(sandbox.dir, 'stranger_key.pem');
      const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      fs.writeFileSync(stranger, privateKey, { mode: 0o600 });
      const answer = await sdk('publicKey', 'query', { outTradeNo: orderNo() }, stranger);
      expect(answer.apiError).toMatchObject({ StatusCode: 401, Code: 'SIGN_ERROR' });
    },
  );

  maybe('opens the pay sheet only with the parameters the SDK signed', async () => {
    const no = orderNo();
    const params = sheetParams(ok(await prepay('publicKey', no, 800)));
    const refused = (changed: Partial<typeof params>) =>
      sandbox.client.payOrder(no, { requestPayment: { ...params, ...changed } });
    await expect(refused({ timeStamp: String(Number(params.timeStamp) + 1) })).rejects.toThrow(
      /PAYSIGN_INVALID/,
    );
    await expect(
      refused({ paySign: params.paySign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }),
    ).rejects.toThrow(/PAYSIGN_INVALID/);
    await expect(refused({ package: 'prepay_id=wx0000' })).rejects.toThrow(/PACKAGE_INVALID/);
    await expect(refused({ appId: sandbox.keys.oaAppid })).rejects.toThrow(/APPID_MISMATCH/);
    await expect(sandbox.client.payOrder(no, { requestPayment: params })).resolves.toHaveProperty(
      'transactionId',
    );
  });
});
