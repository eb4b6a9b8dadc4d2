import type { Page } from 'playwright-core';
import { h5OauthLogin, screenshot, useE2E } from './harness';
import { UserModel } from '../server/src/modules/accounts/user.model';

/**
 * Swagger UI draws a tag's operations only while they are near the viewport: scroll the window down from the top
 * until `text` is drawn (twice over, for a page still drawing under load), however many operations there are.
 */
async function scrollUntilDrawn(page: Page, text: string): Promise<void> {
  const target = page.getByText(text, { exact: true }).first();
  const atBottom = () =>
    page.evaluate('window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2');
  for (let pass = 0; pass < 2 && !(await target.isVisible()); pass++) {
    await page.evaluate('window.scrollTo(0, 0)');
    // The window itself, not whatever is under the mouse (a wheel over a scrollable example scrolls that).
    for (let stillAtBottom = 0; stillAtBottom < 10 && !(await target.isVisible());) {
      await page.evaluate('window.scrollBy(0, 600)');
      await page.waitForTimeout(100);
      stillAtBottom = (await atBottom()) ? stillAtBottom + 1 : 0;
    }
  }
  await target.waitFor({ timeout: 15_000 });
}

const e2e = useE2E();

it('the demo serves the API, the resident H5 and the staff console on one port', async () => {
  expect((await e2e.portal.api('GET', '/readyz')).status).toBe(200);
  const doc = await e2e.portal.api('GET', '/openapi.json');
  expect(doc.body.openapi).toMatch(/^3\./);

  const html = await (await fetch(`${e2e.portal.url}/h5/`)).text();
  const injected = /window\.__PORTAL_CONFIG__=(\{.*?\})<\/script>/.exec(html);
  expect(JSON.parse(injected![1]!)).toMatchObject({
    oaAppId: e2e.portal.deps.config.WECHAT_OA_APPID,
    sandbox: true,
  });

  const page = await e2e.phonePage();
  await page.goto(`${e2e.portal.url}/h5/`);
  await page.waitForLoadState('networkidle');
  // Not logged in: the H5 goes through WeChat's OAuth (the sandbox's authorize page) and comes back.
  await page.click('#confirm');
  await page.waitForURL(`${e2e.portal.url}/h5/**`);
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'smoke-h5');
  await page.goto(`${e2e.portal.url}/console/`);
  await page.waitForSelector('input');
  await screenshot(page, 'smoke-console');
});

it('a newcomer lands on a page that leads to the resident H5, the console and the API reference', async () => {
  const page = await e2e.desktopPage();
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(e2e.portal.url)) outside.push(r.url());
  });
  await page.goto(`${e2e.portal.url}/`);
  await screenshot(page, 'landing');
  for (const name of ['居民端 H5', '员工控制台'])
    expect(await page.getByRole('link', { name }).count()).toBe(1);
  await page.getByRole('link', { name: 'API 参考' }).click();
  await page.waitForURL(`${e2e.portal.url}/docs`);
  // Swagger UI draws the portal's own document: operations by their operationId, grouped by tag.
  await page.getByText('getHealth', { exact: true }).first().waitFor({ timeout: 30_000 });
  for (const operationId of ['getQrBill', 'wechatPayNotify']) await scrollUntilDrawn(page, operationId);
  await screenshot(page, 'api-reference');
  expect(outside).toEqual([]);
});

it('a link carrying someone else’s OAuth code and state does not sign the resident in as them', async () => {
  // What an attacker holds: a state the portal issued to them and a code WeChat gave them for their own openid.
  const attackerState = (await e2e.portal.api('POST', '/api/auth/h5-oauth/state')).body.state as string;
  const { code } = await e2e.portal.sandbox.mintLoginCode({ openid: 'o_e2e_attacker', app: 'oa' });

  const page = await e2e.phonePage();
  await page.goto(`${e2e.portal.url}/h5/?code=${code}&state=${attackerState}`);
  // The H5 did not start that login, so it refuses it and starts its own, with a state it asked for.
  await page.waitForSelector('#openid');
  const authorize = new URL(page.url());
  expect(authorize.pathname).toBe('/connect/oauth2/authorize');
  expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  expect(authorize.searchParams.get('state')).not.toBe(attackerState);
  expect(new URL(authorize.searchParams.get('redirect_uri')!).searchParams.has('code')).toBe(false);
  // The attacker's code never reached WeChat: it is still unspent.
  const fresh = (await e2e.portal.api('POST', '/api/auth/h5-oauth/state')).body.state as string;
  expect((await e2e.portal.api('POST', '/api/auth/h5-oauth', { body: { code, state: fresh } })).status).toBe(
    200,
  );

  // The resident confirms as themselves and is signed in as themselves.
  await page.fill('#openid', 'o_e2e_victim');
  const login = await h5OauthLogin<{ user: { id: string }; link: { askUserinfo: boolean } }>(page, () =>
    page.click('#confirm'),
  );
  expect(login.status).toBe(200);
  const answer = login.body;
  expect(JSON.parse(login.sent!)).toMatchObject({
    state: authorize.searchParams.get('state'),
  });
  const victim = await UserModel.findOne({ openidOa: 'o_e2e_victim' }).lean();
  expect(answer.user.id).toBe(String(victim!._id));
  // Not yet joined to a mini-program user: WeChat's consent page, once, then back signed in as themselves.
  expect(answer.link.askUserinfo).toBe(true);
  await page.waitForURL(
    (u) => u.pathname === '/connect/oauth2/authorize' && u.searchParams.get('scope') === 'snsapi_userinfo',
  );
  await page.getByRole('button', { name: '允许' }).click();
  await page.waitForURL(`${e2e.portal.url}/h5/**`);
  expect(new URL(page.url()).searchParams.has('code')).toBe(false);
});

it('a resident of the mini-program opening the H5 is asked once, on WeChat’s consent page, and is then the same user', async () => {
  const mpCode = await e2e.portal.sandbox.mintLoginCode({ openid: 'o_e2e_mp_join', unionid: 'u_e2e_join' });
  const mp = await e2e.portal.api('POST', '/api/auth/wechat-login', { body: { code: mpCode.code } });
  expect(mp.status).toBe(200);
  // WeChat knows the official account's openid of the same person by the same unionid.
  await e2e.portal.sandbox.mintLoginCode({ openid: 'o_e2e_oa_join', unionid: 'u_e2e_join', app: 'oa' });

  const page = await e2e.phonePage();
  await page.goto(`${e2e.portal.url}/h5/`);
  await page.waitForSelector('#openid');
  await page.fill('#openid', 'o_e2e_oa_join');
  const silent = await h5OauthLogin<{ link: unknown }>(page, () => page.click('#confirm'));
  expect(silent.body.link).toEqual({
    linked: false,
    askUserinfo: true,
  });
  await page.waitForURL(
    (u) => u.pathname === '/connect/oauth2/authorize' && u.searchParams.get('scope') === 'snsapi_userinfo',
  );
  await screenshot(page, 'h5-consent-once');
  const { body: joined } = await h5OauthLogin<{
    user: { id: string; hasMiniProgram: boolean };
    link: unknown;
  }>(page, () => page.getByRole('button', { name: '允许' }).click());
  expect(joined.user).toMatchObject({ id: mp.body.user.id, hasMiniProgram: true });
  expect(joined.link).toEqual({ linked: true, askUserinfo: false });
  await page.waitForURL(`${e2e.portal.url}/h5/**`);
  expect(await UserModel.findById(mp.body.user.id).lean()).toMatchObject({
    openidMp: 'o_e2e_mp_join',
    openidOa: 'o_e2e_oa_join',
  });
});
