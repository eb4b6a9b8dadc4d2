import type { Browser } from 'playwright-core';
import { collectPageErrors, launchBrowser, phonePage, screenshot, startE2EPortal, type E2EPortal } from './harness';

let portal: E2EPortal;
let browser: Browser;
beforeAll(async () => {
  portal = await startE2EPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

it('the demo serves the API, the resident H5 and the staff console on one port', async () => {
  expect((await portal.api('GET', '/readyz')).status).toBe(200);
  const doc = await portal.api('GET', '/openapi.json');
  expect(doc.body.openapi).toMatch(/^3\./);

  const html = await (await fetch(`${portal.url}/h5/`)).text();
  const injected = /window\.__PORTAL_CONFIG__=(\{.*?\})<\/script>/.exec(html);
  expect(JSON.parse(injected![1]!)).toMatchObject({ oaAppId: portal.deps.config.WECHAT_OA_APPID, sandbox: true });

  const page = await phonePage(browser);
  const errors = collectPageErrors(page);
  await page.goto(`${portal.url}/h5/`);
  await page.waitForLoadState('networkidle');
  // Not logged in: the H5 goes through WeChat's OAuth (the sandbox's authorize page) and comes back.
  await page.click('#confirm');
  await page.waitForURL(`${portal.url}/h5/**`);
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'smoke-h5');
  await page.goto(`${portal.url}/console/`);
  await page.waitForSelector('input');
  await screenshot(page, 'smoke-console');
  expect(errors).toEqual([]);
});
