/**
 * A portal wired to a WeChat sandbox for payment tests: the real pay client, the real notify
 * endpoint, notifications delivered over HTTP with real signatures and encryption.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '@portal/config';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { signedHeaders } from '../../sandbox/payCrypto';
import {
  connectTestDb,
  createTestDeps,
  request,
  startTestServer,
  testConfig,
  type ApiResponse,
  type TestServer,
} from '../harness';
import { makeAccount, makeResident, type TestResident } from '../factories';
import type { Account } from '../../src/modules/accounts/account.model';
import { makeBill } from './billFactories';
import { BillModel, type BillDoc } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';

export type PayTest = { t: TestServer; sandbox: RunningSandbox; notifyUrl: string; close(): Promise<void> };

export async function startPayTest(
  opts: {
    verification?: 'certificate' | 'publicKey' | 'switch';
    env?: Record<string, string>;
    monitorCommands?: boolean;
    /** A test database of the caller's (default: a fresh one on the run's MongoDB). */
    db?: { dbName: string; drop(): Promise<void> };
  } = {},
): Promise<PayTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-sandbox-'));
  const sandbox = await startSandbox({
    dir,
    verification: opts.verification ?? 'switch',
    // The test portal listens on http://localhost (no TLS certificate); WeChat would want https.
    leniency: ['httpNotifyUrl'],
    // WeChat's 15 retries over ~24 h, compressed to about a second.
    notifyRetryScale: 0.00001,
  });
  const config = testConfig({ ...sandbox.portalEnv({}), ...opts.env });
  const db = opts.db ?? (await connectTestDb(undefined, { monitorCommands: opts.monitorCommands }));
  const t = await startTestServer({ deps: createTestDeps(config), db });
  // The notify URL needs the portal's port; the pay client reads it on first use.
  const notifyUrl = `${t.url.replace('127.0.0.1', 'localhost')}/api/wechatpay/notify`;
  (config as { -readonly [K in keyof Config]: Config[K] }).WECHAT_PAY_NOTIFY_URL = notifyUrl;
  return {
    t,
    sandbox,
    notifyUrl,
    close: async () => {
      await sandbox.stop();
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Household = { account: Account; resident: TestResident; bills: BillDoc[] };

/** An account with unpaid bills and a resident bound to it. */
export async function household(p: PayTest, amounts: number[] = [12_850, 9_900]): Promise<Household> {
  const account = await makeAccount();
  const resident = await makeResident(p.t.deps, { bind: [account.accountNo] });
  const bills: BillDoc[] = [];
  for (let i = 0; i < amounts.length; i++)
    bills.push(await makeBill(account, { period: `2026-0${i + 1}`, amountDue: amounts[i] }));
  return { account, resident, bills };
}

export function pay(
  p: PayTest,
  h: Household,
  billIds = h.bills.map((b) => b._id.toString()),
): Promise<ApiResponse> {
  return p.t.api('POST', '/api/payments', {
    token: h.resident.token,
    body: { accountNo: h.account.accountNo, billIds },
  });
}

/** A household whose bills (`amounts` in fen) were paid in one WeChat order, its notification settled. */
export async function paidPayment(
  p: PayTest,
  amounts: number[],
): Promise<{ h: Household; outTradeNo: string }> {
  const h = await household(p, amounts);
  const { outTradeNo } = (await pay(p, h)).body.payment;
  await p.sandbox.client.payOrder(outTradeNo);
  await p.sandbox.client.settleNotifications();
  return { h, outTradeNo };
}

/** Runs the billing outbox jobs (refunds, receipts) until none is due. */
export async function drainBillingJobs(p: PayTest): Promise<void> {
  const { createWorker } = await import('../../src/platform/outbox/worker');
  const { billingJobs } = await import('../../src/modules/billing/jobs');
  await createWorker({ handlers: billingJobs(p.t.deps), backoffBaseMs: 1 }).drain();
}

/**
 * Pays the household's first bill twice: the portal gives up on the first order locally (as after a
 * crash) while WeChat still has it open, a second order pays the bill, then the first order's money
 * arrives too. Both notifications are settled.
 */
export async function payTwiceAfterLocalClose(
  p: PayTest,
  h: Household,
): Promise<{ first: string; second: string }> {
  const first = (await pay(p, h)).body.payment.outTradeNo;
  await PaymentModel.updateOne(
    { outTradeNo: first },
    { $set: { status: 'closed' }, $unset: { activeKey: 1 } },
  );
  await BillModel.updateOne(
    { _id: h.bills[0]._id },
    { $set: { status: 'unpaid' }, $unset: { payingOutTradeNo: 1 } },
  );
  const second = (await pay(p, h)).body.payment.outTradeNo;
  await p.sandbox.client.payOrder(second);
  await p.sandbox.client.settleNotifications();
  await p.sandbox.client.payOrder(first);
  await p.sandbox.client.settleNotifications();
  return { first, second };
}

/** The headers WeChat Pay signs a notification body with (the platform key), at a chosen time. */
export function notificationHeaders(
  p: PayTest,
  body: string,
  atSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const keys = p.sandbox.keys;
  const key = { serial: keys.platform.serial, privateKeyPem: keys.platform.privateKeyPem };
  return signedHeaders(key, body, atSeconds);
}

/** Posts a notification body with headers signed already (notificationHeaders). */
export const postSignedNotification = (
  p: PayTest,
  body: string,
  headers: Record<string, string>,
): Promise<ApiResponse> =>
  request(p.t.url, 'POST', '/api/wechatpay/notify', {
    rawBody: body,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** Posts a notification body to the portal signed by the platform key, with a chosen timestamp (a replay). */
export function postNotification(
  p: PayTest,
  body: string,
  atSeconds = Math.floor(Date.now() / 1000),
  extraHeaders: Record<string, string> = {},
): Promise<ApiResponse> {
  return postSignedNotification(p, body, { ...notificationHeaders(p, body, atSeconds), ...extraHeaders });
}
