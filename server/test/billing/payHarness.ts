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
import type { BillDoc } from '../../src/modules/billing/bill.model';

export type PayTest = { t: TestServer; sandbox: RunningSandbox; notifyUrl: string; close(): Promise<void> };

export async function startPayTest(
  opts: {
    verification?: 'certificate' | 'publicKey' | 'switch';
    env?: Record<string, string>;
    monitorCommands?: boolean;
  } = {},
): Promise<PayTest> {
  const sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'billing-sandbox-')),
    verification: opts.verification ?? 'switch',
    // The test portal listens on http://localhost (no TLS certificate); WeChat would want https.
    leniency: ['httpNotifyUrl'],
    // WeChat's 15 retries over ~24 h, compressed to about a second.
    notifyRetryScale: 0.00001,
  });
  const config = testConfig({ ...sandbox.portalEnv({}), ...opts.env });
  const db = await connectTestDb(undefined, { monitorCommands: opts.monitorCommands });
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

/** Posts a notification body to the portal signed by the platform key, with a chosen timestamp (a replay). */
export function postNotification(
  p: PayTest,
  body: string,
  atSeconds = Math.floor(Date.now() / 1000),
): Promise<ApiResponse> {
  const keys = p.sandbox.keys;
  const key = { serial: keys.platform.serial, privateKeyPem: keys.platform.privateKeyPem };
  return request(p.t.url, 'POST', '/api/wechatpay/notify', {
    rawBody: body,
    headers: { 'content-type': 'application/json', ...signedHeaders(key, body, atSeconds) },
  });
}
