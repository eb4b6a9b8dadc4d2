/** Resident login through the real WeChat client against the sandbox: code2session and H5 OAuth. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { AuditLogModel } from '../../src/platform/audit';
import { makeAccount } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

let sandbox: RunningSandbox;
let t: TestServer;
const clock = testClock(new Date('2026-06-01T08:00:00+08:00'));
beforeAll(async () => {
  sandbox = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-login-')) });
  t = await startTestServer({ deps: createTestDeps(testConfig(sandbox.portalEnv({})), { clock }) });
});
afterAll(async () => {
  await t.close();
  await sandbox.stop();
});

const login = async (openid: string, unionid?: string) => {
  const { code } = await sandbox.client.mintLoginCode({ openid, unionid, app: 'mp' });
  return t.api('POST', '/api/auth/wechat-login', { body: { code } });
};
/** The state the H5 asks for before it sends the resident to WeChat's authorize page. */
const issueState = async (): Promise<string> => {
  const res = await t.api('POST', '/api/auth/h5-oauth/state');
  expect(res.status).toBe(200);
  expect(res.body.expiresIn).toBe(600);
  return res.body.state;
};
const h5Login = async (code: string, state?: string) =>
  t.api('POST', '/api/auth/h5-oauth', { body: { code, state: state ?? (await issueState()) } });

describe('resident login', () => {
  it('logs in with a wx.login code, creates the user once, and the token works', async () => {
    const first = await login('o_mp_resident1', 'u_resident1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      expiresIn: expect.any(Number),
      user: { hasMiniProgram: true, boundAccounts: 0 },
    });
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
    expect(
      (
        await t.api('POST', '/api/accounts/bind', {
          token: mp.body.token,
          body: { accountNo: account.accountNo, holderName: '钱多多' },
        })
      ).status,
    ).toBe(200);

    const { code } = await sandbox.client.mintLoginCode({
      openid: 'o_oa_family',
      unionid: 'u_family',
      app: 'oa',
      scope: 'snsapi_userinfo',
    });
    const h5 = await h5Login(code);
    expect(h5.status).toBe(200);
    expect(h5.body.user).toMatchObject({
      id: mp.body.user.id,
      hasMiniProgram: true,
      hasOfficialAccount: true,
      boundAccounts: 1,
    });
    const list = await t.api('GET', '/api/accounts', { token: h5.body.token });
    expect(list.body.items.map((a: { accountNo: string }) => a.accountNo)).toEqual([account.accountNo]);
  });

  it('H5 OAuth through snsapi_base (no unionid) is a separate user until linked', async () => {
    const mp = await login('o_mp_silent', 'u_silent');
    const { code } = await sandbox.client.mintLoginCode({
      openid: 'o_oa_silent',
      unionid: 'u_silent',
      app: 'oa',
    });
    const h5 = await h5Login(code);
    expect(h5.status).toBe(200);
    expect(h5.body.user).toMatchObject({ hasMiniProgram: false, hasOfficialAccount: true, boundAccounts: 0 });
    expect(h5.body.user.id).not.toBe(mp.body.user.id);
  });

  describe('joining the H5 and mini-program identities of one person (snsapi_userinfo, asked once)', () => {
    const bind = async (token: string, accountNo: string, holderName: string) =>
      expect(
        (await t.api('POST', '/api/accounts/bind', { token, body: { accountNo, holderName } })).status,
      ).toBe(200);
    const accountNos = async (token: string) =>
      ((await t.api('GET', '/api/accounts', { token })).body.items as Array<{ accountNo: string }>)
        .map((a) => a.accountNo)
        .sort();

    it('a silent H5 login of a resident not yet joined asks once for the consent page; its code joins the two into the mini-program user', async () => {
      const home = await makeAccount({ holder: { name: '孙小梅' } });
      const parents = await makeAccount({ holder: { name: '孙大山' } });
      const shop = await makeAccount({ holder: { name: '孙小梅' } });
      const mp = await login('o_mp_join', 'u_join');
      await bind(mp.body.token, home.accountNo, '孙小梅');
      await bind(mp.body.token, parents.accountNo, '孙大山');

      // The official account first knows her by openid alone (snsapi_base): a user of its own, told to ask.
      const base = await sandbox.client.mintLoginCode({ openid: 'o_oa_join', unionid: 'u_join', app: 'oa' });
      const h5 = await h5Login(base.code);
      expect(h5.status).toBe(200);
      expect(h5.body.link).toEqual({ linked: false, askUserinfo: true });
      expect(h5.body.user.id).not.toBe(mp.body.user.id);
      await bind(h5.body.token, home.accountNo, '孙小梅'); // bound on both sides: stays bound once
      await bind(h5.body.token, shop.accountNo, '孙小梅');

      // Back through snsapi_userinfo with a fresh state: the unionid names the mini-program user.
      const userinfo = await sandbox.client.mintLoginCode({
        openid: 'o_oa_join',
        unionid: 'u_join',
        app: 'oa',
        scope: 'snsapi_userinfo',
      });
      const joined = await h5Login(userinfo.code);
      expect(joined.status).toBe(200);
      expect(joined.body.link).toEqual({ linked: true, askUserinfo: false });
      expect(joined.body.user).toMatchObject({
        id: mp.body.user.id,
        hasMiniProgram: true,
        hasOfficialAccount: true,
        boundAccounts: 3,
      });

      const user = await UserModel.findById(mp.body.user.id).lean();
      expect(user).toMatchObject({ openidMp: 'o_mp_join', openidOa: 'o_oa_join', unionid: 'u_join' });
      expect(
        await UserModel.countDocuments({ $or: [{ openidOa: 'o_oa_join' }, { unionid: 'u_join' }] }),
      ).toBe(1);
      expect(await BindingModel.countDocuments({ userId: h5.body.user.id })).toBe(0);
      expect(await BindingModel.countDocuments({ accountNo: home.accountNo })).toBe(1);
      const all = [home.accountNo, parents.accountNo, shop.accountNo].sort();
      expect(await accountNos(joined.body.token)).toEqual(all);
      expect(await accountNos(mp.body.token)).toEqual(all); // the mini-program session sees them too

      // The silent H5 user's session ended with it; the join is audited.
      expect((await t.api('GET', '/api/me', { token: h5.body.token })).status).toBe(401);
      expect(
        (await t.api('POST', '/api/auth/refresh', { body: { refreshToken: h5.body.refreshToken } })).status,
      ).toBe(401);
      const entry = await AuditLogModel.findOne({
        action: 'user.joinWechatIdentities',
        'target.id': mp.body.user.id,
      }).lean();
      expect(entry).toBeTruthy();

      // From now on the silent login reaches the joined user and asks nothing.
      const later = await sandbox.client.mintLoginCode({ openid: 'o_oa_join', app: 'oa' });
      const again = await h5Login(later.code);
      expect(again.body.user.id).toBe(mp.body.user.id);
      expect(again.body.link).toEqual({ linked: true, askUserinfo: false });
    });

    it('a resident who declines the consent page is not asked again at the next silent login', async () => {
      const first = await sandbox.client.mintLoginCode({ openid: 'o_oa_declines', app: 'oa' });
      expect((await h5Login(first.code)).body.link).toEqual({ linked: false, askUserinfo: true });
      // She closes WeChat's consent page: no snsapi_userinfo code ever comes back. Next visit:
      const second = await sandbox.client.mintLoginCode({ openid: 'o_oa_declines', app: 'oa' });
      const again = await h5Login(second.code);
      expect(again.status).toBe(200);
      expect(again.body.link).toEqual({ linked: false, askUserinfo: false });
    });

    it('a replayed state or a used snsapi_userinfo code joins nothing', async () => {
      const mp = await login('o_mp_replay_join', 'u_replay_join');
      const base = await sandbox.client.mintLoginCode({
        openid: 'o_oa_replay_join',
        unionid: 'u_replay_join',
        app: 'oa',
      });
      const state = await issueState();
      const h5 = await h5Login(base.code, state);
      expect(h5.body.link.askUserinfo).toBe(true);
      const userinfo = await sandbox.client.mintLoginCode({
        openid: 'o_oa_replay_join',
        unionid: 'u_replay_join',
        app: 'oa',
        scope: 'snsapi_userinfo',
      });
      const replayed = await h5Login(userinfo.code, state);
      expect(replayed.status).toBe(400);
      expect(replayed.body.error.code).toBe('OAUTH_STATE_INVALID');
      expect(await UserModel.findById(mp.body.user.id).lean()).not.toHaveProperty('openidOa');

      expect((await h5Login(userinfo.code)).body.user.id).toBe(mp.body.user.id);
      const reused = await h5Login(userinfo.code);
      expect(reused.status).toBe(400);
      expect(reused.body.error.code).toMatch(/^WECHAT_CODE_/);
    });

    it('a join cut short after the openid left the H5 user is finished by the next silent login', async () => {
      const mp = await login('o_mp_cut', 'u_cut');
      const base = await sandbox.client.mintLoginCode({ openid: 'o_oa_cut', unionid: 'u_cut', app: 'oa' });
      const h5 = await h5Login(base.code);
      // The state a crash between joinToUnionUser's two openid writes leaves behind.
      await UserModel.updateOne(
        { _id: h5.body.user.id },
        { $set: { mergedInto: mp.body.user.id, formerOpenidOa: 'o_oa_cut' }, $unset: { openidOa: 1 } },
      );
      const next = await sandbox.client.mintLoginCode({ openid: 'o_oa_cut', app: 'oa' });
      const res = await h5Login(next.code);
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: mp.body.user.id, hasOfficialAccount: true });
      expect(await UserModel.countDocuments({ openidOa: 'o_oa_cut' })).toBe(1);
    });
  });

  describe('H5 OAuth state', () => {
    const refusedState = (res: { status: number; body: { error: { code: string; message: string } } }) => {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'OAUTH_STATE_INVALID',
        message: expect.stringMatching(/登录请求已失效.*请重新打开页面登录/),
      });
    };

    it('accepts a state the portal issued once: a replayed redirect is refused and never spends its code', async () => {
      const state = await issueState();
      const first = await sandbox.client.mintLoginCode({ openid: 'o_oa_replay', app: 'oa' });
      expect((await h5Login(first.code, state)).status).toBe(200);
      const second = await sandbox.client.mintLoginCode({ openid: 'o_oa_replay', app: 'oa' });
      refusedState(await h5Login(second.code, state));
      // The refused call did not reach WeChat: the code still works with a state of its own.
      expect((await h5Login(second.code)).status).toBe(200);
    });

    it('refuses a state the portal never issued, and creates no user', async () => {
      const { code } = await sandbox.client.mintLoginCode({ openid: 'o_oa_forged', app: 'oa' });
      refusedState(await h5Login(code, 'AttackerChosenState_0123456789'));
      expect(await UserModel.countDocuments({ openidOa: 'o_oa_forged' })).toBe(0);
    });

    it('refuses a state issued more than 10 minutes ago', async () => {
      const late = await issueState();
      const inTime = await issueState();
      clock.advance(10 * 60_000 - 1000);
      const a = await sandbox.client.mintLoginCode({ openid: 'o_oa_in_time', app: 'oa' });
      expect((await h5Login(a.code, inTime)).status).toBe(200);
      clock.advance(1000);
      const b = await sandbox.client.mintLoginCode({ openid: 'o_oa_late', app: 'oa' });
      refusedState(await h5Login(b.code, late));
    });

    it.each([
      ['missing state', {}],
      ['operator object', { state: { $ne: '' } }],
      ['too short', { state: 'abc' }],
      ['characters a state never has', { state: '<script>alert(1)</script>' }],
    ])('%s → 400 naming body.state', async (_n, extra) => {
      const res = await t.api('POST', '/api/auth/h5-oauth', { body: { code: 'some-code', ...extra } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.state']);
    });
  });

  it('refreshes a resident session once per refresh token', async () => {
    const s = await login('o_mp_refresh');
    const r1 = await t.api('POST', '/api/auth/refresh', { body: { refreshToken: s.body.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.user.id).toBe(s.body.user.id);
    expect((await t.api('GET', '/api/accounts', { token: r1.body.token })).status).toBe(200);
    expect(
      (await t.api('POST', '/api/auth/refresh', { body: { refreshToken: s.body.refreshToken } })).status,
    ).toBe(401);
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
