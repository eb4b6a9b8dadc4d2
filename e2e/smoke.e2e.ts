import type { Browser } from 'playwright-core';
import { collectPageErrors, desktopPage, launchBrowser, phonePage, screenshot, startE2EPortal, type E2EPortal } from './harness';

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

it('a newcomer lands on a page that leads to the resident H5, the console and the API reference', async () => {
  const page = await desktopPage(browser);
  const errors = collectPageErrors(page);
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(portal.url)) outside.push(r.url());
  });
  await page.goto(`${portal.url}/`);
  await screenshot(page, 'landing');
  for (const name of ['居民端 H5', '员工控制台']) expect(await page.getByRole('link', { name }).count()).toBe(1);
  await page.getByRole('link', { name: 'API 参考' }).click();
  await page.waitForURL(`${portal.url}/docs`);
  // Swagger UI draws the portal's own document: operations by their operationId, grouped by tag.
  await page.getByText('getQrBill', { exact: true }).first().waitFor({ timeout: 30_000 });
  await page.getByText('wechatPayNotify', { exact: true }).first().waitFor();
  await screenshot(page, 'api-reference');
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});
