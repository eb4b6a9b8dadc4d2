/**
 * Official-account H5 OAuth in the sandbox, as WeChat plays it: the redirect_uri must be on the
 * 网页授权域名, snsapi_base is openid alone while snsapi_userinfo also carries the unionid, and a code
 * works once, for 5 minutes. Driven over real HTTP, exchanged by the portal's own WeChat client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createWechatClients, type WechatClients } from '../../src/platform/wechat';
import { createTestDeps, testClock, testConfig } from '../harness';

const clock = testClock(new Date('2026-06-01T08:00:00+08:00'));
let sandbox: RunningSandbox;
let wechat: WechatClients;
beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-oauth-')),
    oauthDomains: ['portal.example.cn'],
    now: () => clock.now(),
  });
  const config = testConfig(sandbox.portalEnv({}));
  wechat = createWechatClients(config, createTestDeps(config).clock);
});
afterAll(() => sandbox?.stop());

type Authorize = { redirect?: string; scope?: string; appid?: string; openid?: string; state?: string };
const query = (o: Authorize) =>
  new URLSearchParams({
    appid: o.appid ?? sandbox.keys.oaAppid,
    redirect_uri: o.redirect ?? 'https://portal.example.cn/h5/',
    response_type: 'code',
    scope: o.scope ?? 'snsapi_base',
    state: o.state ?? 's1',
    ...(o.openid ? { openid: o.openid } : {}),
  });
const authorizePage = (o: Authorize = {}) => fetch(`${sandbox.url}/connect/oauth2/authorize?${query(o)}`);
/** The user confirming on the page: WeChat's redirect back, not followed. */
const confirm = (o: Authorize = {}) =>
  fetch(`${sandbox.url}/connect/oauth2/authorize/confirm?${query(o)}`, { redirect: 'manual' });
const codeFrom = (res: Response) => new URL(res.headers.get('location')!).searchParams.get('code')!;

describe('sandbox H5 OAuth', () => {
  it.each([
    ['another host', 'https://evil.example.com/h5/'],
    ['a subdomain of the configured one', 'https://m.portal.example.cn/h5/'],
    ['the configured name on another port', 'https://portal.example.cn:8443/h5/'],
    ['not a URL', 'portal.example.cn/h5/'],
  ])(
    'refuses a redirect_uri on %s with 10003, on the page and on a forged confirmation',
    async (_name, redirect) => {
      const page = await authorizePage({ redirect });
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('data-errcode="10003"');
      const forged = await confirm({ redirect, openid: 'o_victim' });
      expect(forged.status).toBe(400);
      expect(forged.headers.get('location')).toBeNull();
    },
  );

  it('refuses an unknown scope (10005) and another appid (10016)', async () => {
    expect(await (await authorizePage({ scope: 'snsapi_login' })).text()).toContain('data-errcode="10005"');
    expect(await (await authorizePage({ appid: sandbox.keys.appid })).text()).toContain(
      'data-errcode="10016"',
    );
  });

  it('snsapi_base comes back to the redirect_uri with code and state, and its code gives the openid without a unionid', async () => {
    const page = await authorizePage();
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('微信授权(沙箱)');
    const back = await confirm({ openid: 'o_oa_base', state: 'xyz' });
    expect(back.status).toBe(302);
    const target = new URL(back.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe('https://portal.example.cn/h5/');
    expect(target.searchParams.get('state')).toBe('xyz');
    const identity = await wechat.api.oauthOpenid(codeFrom(back));
    expect(identity.openid).toBe('o_oa_base');
    expect(identity.unionid).toBeUndefined();
  });

  it('snsapi_userinfo asks for consent, and its code carries the unionid the mini-program login sees', async () => {
    const mp = await sandbox.client.mintLoginCode({ openid: 'o_mp_linked', unionid: 'u_linked' });
    await expect(wechat.api.code2session(mp.code)).resolves.toMatchObject({ unionid: 'u_linked' });
    await sandbox.client.mintLoginCode({ openid: 'o_oa_linked', unionid: 'u_linked', app: 'oa' });
    expect(await (await authorizePage({ scope: 'snsapi_userinfo' })).text()).toContain(
      '申请获取你的昵称、头像',
    );
    const back = await confirm({ scope: 'snsapi_userinfo', openid: 'o_oa_linked' });
    await expect(wechat.api.oauthOpenid(codeFrom(back))).resolves.toEqual({
      openid: 'o_oa_linked',
      unionid: 'u_linked',
    });
  });

  it('a code works once, and not once 5 minutes have passed', async () => {
    const once = codeFrom(await confirm({ openid: 'o_oa_once' }));
    await wechat.api.oauthOpenid(once);
    await expect(wechat.api.oauthOpenid(once)).rejects.toMatchObject({ errcode: 40163 });

    const late = codeFrom(await confirm({ openid: 'o_oa_late' }));
    const inTime = codeFrom(await confirm({ openid: 'o_oa_in_time' }));
    clock.advance(5 * 60_000 - 1000);
    await expect(wechat.api.oauthOpenid(inTime)).resolves.toMatchObject({ openid: 'o_oa_in_time' });
    clock.advance(1000);
    await expect(wechat.api.oauthOpenid(late)).rejects.toMatchObject({ errcode: 40029 });
  });
});
