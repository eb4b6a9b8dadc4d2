/**
 * stable_token as WeChat hands it out: the same token until its last 5 minutes, then a new one while the
 * old keeps working until it runs out; force_refresh kills the previous token at once. The sandbox and
 * the portal share one movable clock, so two hours pass without waiting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createWechatClients } from '../../src/platform/wechat';
import { connectTestDb, testClock, testConfig } from '../harness';

const clock = testClock();
let sandbox: RunningSandbox;
let db: Awaited<ReturnType<typeof connectTestDb>>;

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-')),
    now: () => clock.now(),
  });
  db = await connectTestDb();
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
});

async function stableToken(appid: string, secret: string, forceRefresh = false) {
  const res = await fetch(`${sandbox.url}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh }),
  });
  return (await res.json()) as { access_token: string; expires_in: number; errcode?: number };
}

/** Whether WeChat takes the token: an API call that gets past the token check answers something else. */
async function accepted(token: string): Promise<boolean> {
  const res = await fetch(`${sandbox.url}/cgi-bin/message/subscribe/send?access_token=${token}`, {
    method: 'POST',
    body: '{}',
  });
  const { errcode } = (await res.json()) as { errcode: number };
  if (errcode === 40001 || errcode === 42001) return false;
  expect(errcode).toBe(40003); // past the token check: no touser
  return true;
}

it('gives the same token until its last 5 minutes, then a new one while the old still works', async () => {
  const { appid, appSecret } = sandbox.keys;
  const first = await stableToken(appid, appSecret);
  expect(first.expires_in).toBe(7200);
  clock.advance((7200 - 301) * 1000);
  expect(await stableToken(appid, appSecret)).toEqual({ access_token: first.access_token, expires_in: 301 });
  clock.advance(2000);
  const second = await stableToken(appid, appSecret);
  expect(second.access_token).not.toBe(first.access_token);
  expect(second.expires_in).toBe(7200);
  expect(await accepted(first.access_token)).toBe(true);
  expect(await accepted(second.access_token)).toBe(true);
  clock.advance(300 * 1000);
  expect(await accepted(first.access_token)).toBe(false);
  expect(await accepted(second.access_token)).toBe(true);
});

it('force_refresh ends the previous token at once, and a second one within 30 s changes nothing', async () => {
  const { oaAppid, oaAppSecret } = sandbox.keys;
  const before = await stableToken(oaAppid, oaAppSecret);
  const forced = await stableToken(oaAppid, oaAppSecret, true);
  expect(forced.access_token).not.toBe(before.access_token);
  expect(await accepted(before.access_token)).toBe(false);
  expect((await stableToken(oaAppid, oaAppSecret, true)).access_token).toBe(forced.access_token);
  clock.advance(31_000);
  const again = await stableToken(oaAppid, oaAppSecret, true);
  expect(again.access_token).not.toBe(forced.access_token);
  expect(await accepted(forced.access_token)).toBe(false);
});

it('the portal takes the new token in the last 5 minutes, before the old one runs out', async () => {
  const api = createWechatClients(testConfig(sandbox.portalEnv({})), clock).api;
  const first = await api.accessToken('mp');
  const { expires_in: left } = await stableToken(sandbox.keys.appid, sandbox.keys.appSecret);
  clock.advance((left - 200) * 1000);
  const renewed = await api.accessToken('mp');
  expect(renewed).not.toBe(first);
  expect(await accepted(first)).toBe(true);
  expect(await accepted(renewed)).toBe(true);
});
