/** Resident login through the real WeChat client against the sandbox: code2session and H5 OAuth. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { UserModel } from '../../src/modules/accounts/user.model';
import { makeAccount } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let sandbox: RunningSandbox;
let t: TestServer;
beforeAll(async () => {
  sandbox = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-login-')) });
  t = await startTestServer({ deps: createTestDeps(testConfig(sandbox.portalEnv({}))) });
});
afterAll(async () => {
  await t.close();
  await sandbox.stop();
});

const login = async (openid: string, unionid?: string) => {
  const { code } = await sandbox.client.mintLoginCode({ openid, unionid, app: 'mp' });
  return t.api('POST', '/api/auth/wechat-login', { body: { code } });
};

describe('resident login', () => {
  it('logs in with a wx.login code, creates the user once, and the token works', async () => {
    const first = await login('o_mp_resident1', 'u_resident1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ expiresIn: expect.any(Number), user: { hasMiniProgram: true, boundAccounts: 0 } });
    expect(JSON.stringify(first.body)).not.toMatch(/session_?key/i);
    const again = await login('o_mp_resident1', 'u_resident1');
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(await UserModel.countDocuments({ openidMp: 'o_mp_resident1' })).toBe(1);
    const me = await t.api('GET', '/api/me', { token: again.body.token });
    expect(me.status).toBe(200);
  });

  it('refuses a used code', async () => {
    const { code } = await sandbox.client.mintLoginCode({ openid: 'o_mp_once', app: 'mp' });
    expect((await t.api('POST', '/api/auth/wechat-login', { body: { code } })).status).toBe(200);
    const reused = await t.api('POST', '/api/auth/wechat-login', { body: { code } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toMatch(/^WECHAT_CODE_/);
  });

  it('H5 OAuth through snsapi_userinfo (unionid) reaches the same user and their bound accounts', async () => {
    const mp = await login('o_mp_family', 'u_family');
    const account = await makeAccount({ holder: { name: '钱多多' } });
    expect((await t.api('POST', '/api/accounts/bind', { token: mp.body.token, body: { accountNo: account.accountNo, holderName: '钱多多' } })).status).toBe(200);

    const { code } = await sandbox.client.mintLoginCode({ openid: 'o_oa_family', unionid: 'u_family', app: 'oa', scope: 'snsapi_userinfo' });
    const h5 = await t.api('POST', '/api/auth/h5-oauth', { body: { code } });
    expect(h5.status).toBe(200);
    expect(h5.body.user).toMatchObject({ id: mp.body.user.id, hasMiniProgram: true, hasOfficialAccount: true, boundAccounts: 1 });
    const list = await t.api('GET', '/api/accounts', { token: h5.body.token });
    expect(list.body.items.map((a: { accountNo: string }) => a.accountNo)).toEqual([account.accountNo]);
  });

  it('H5 OAuth through snsapi_base (no unionid) is a separate user until linked', async () => {
    const mp = await login('o_mp_silent', 'u_silent');
    const { code } = await sandbox.client.mintLoginCode({ openid: 'o_oa_silent', unionid: 'u_silent', app: 'oa' });
    const h5 = await t.api('POST', '/api/auth/h5-oauth', { body: { code } });
    expect(h5.status).toBe(200);
    expect(h5.body.user).toMatchObject({ hasMiniProgram: false, hasOfficialAccount: true, boundAccounts: 0 });
    expect(h5.body.user.id).not.toBe(mp.body.user.id);
  });

  it('refreshes a resident session once per refresh token', async () => {
    const s = await login('o_mp_refresh');
    const r1 = await t.api('POST', '/api/auth/refresh', { body: { refreshToken: s.body.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.user.id).toBe(s.body.user.id);
    expect((await t.api('GET', '/api/accounts', { token: r1.body.token })).status).toBe(200);
    expect((await t.api('POST', '/api/auth/refresh', { body: { refreshToken: s.body.refreshToken } })).status).toBe(401);
  });

  it.each([
    ['missing code', {}],
    ['operator object', { code: { $gt: '' } }],
    ['oversize code', { code: 'x'.repeat(5000) }],
    ['wrong type', { code: 42 }],
  ])('%s → 400 naming body.code', async (_n, body) => {
    const users = await UserModel.countDocuments();
    for (const p of ['/api/auth/wechat-login', '/api/auth/h5-oauth']) {
      const res = await t.api('POST', p, { body });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('body.code');
    }
    expect(await UserModel.countDocuments()).toBe(users);
  });

  it('exports the resident’s own data as JSON', async () => {
    const s = await login('o_mp_export');
    const res = await t.api('GET', '/api/me/export', { token: s.body.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: s.body.user.id }, bindings: [], accounts: [] });
  });
});
