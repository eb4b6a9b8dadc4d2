/**
 * Journeys that cross the apps, followed the way their users follow them (needs the H5 and weapp builds):
 * a printed 一户一码 sheet is decoded and opened in Chromium, then paid through the sandbox; a door
 * sticker printed before the page contract still opens the pay page; a mini-program code names a page
 * the built mini-program has.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { H5_BASE_PATH, h5PageUrl, RESIDENT_PAGES, RETIRED_PAGES } from '@portal/types';
import { appJsonPages } from '../server/sandbox/pages';
import { parseWxaCodeContent } from '../server/sandbox/client';
import { REPO_ROOT } from '../server/src/platform/db/embeddedMongo';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { BillModel } from '../server/src/modules/billing/bill.model';
import { PaymentModel } from '../server/src/modules/billing/payment.model';
import { maskAccountNo } from '../server/src/modules/billing/qr.service';
import { readQrToken } from '../server/src/modules/billing/qrToken';
import { decodeAllQrCodes, decodeQrImage } from '../server/test/qrImage';
import { formatFen } from '../miniprogram/src/utils/money';
import { atPage, confirmOauth, pageOf, phonePage, screenshot, SCREENSHOT_DIR, useE2E } from './harness';
import { renderPdfPage } from './pdf';

const BUILT_APP_JSON = path.join(REPO_ROOT, 'miniprogram', 'dist', 'weapp', 'app.json');

const e2e = useE2E({ timeout: 240_000 });
let adminToken: string;

beforeAll(async () => {
  const login = await e2e.portal.api('POST', '/api/staff/login', {
    body: { username: 'admin', password: 'admin123' },
  });
  expect(login.status).toBe(200);
  adminToken = login.body.token;
});

const staffGet = (p: string) =>
  fetch(`${e2e.portal.url}${p}`, { headers: { authorization: `Bearer ${adminToken}` } });
const see = (page: Page, text: string | RegExp, timeout = 20_000) =>
  page.getByText(text).filter({ visible: true }).first().waitFor({ state: 'visible', timeout });
const payButton = (page: Page) => page.locator('.nut-button', { hasText: /支付 ¥/ }).first();

/** What an account owes now, from the database (what the pay page must show). */
async function owed(accountNo: string): Promise<number> {
  const bills = await BillModel.find({ accountNo, status: { $in: ['unpaid', 'overdue'] } }).lean();
  return bills.reduce((n, b) => n + b.amountDue, 0);
}

it('a code on the printed community sheet opens the QR pay page with the masked account and the amount due, and pays', async () => {
  const owing: string[] = await BillModel.distinct('accountNo', { status: { $in: ['unpaid', 'overdue'] } });
  const sample = await AccountModel.findOne({ accountNo: { $in: owing }, status: 'active' }).lean();
  const { community, district } = sample!.address as { community: string; district: string };

  // The operator prints the community's sheet; a resident's phone reads one code off the paper.
  const res = await staffGet(
    `/api/staff/qr-sheet.pdf?community=${encodeURIComponent(community)}&district=${encodeURIComponent(district)}`,
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const sheet = await renderPdfPage(e2e.browser, Buffer.from(await res.arrayBuffer()));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOT_DIR, 'qr-sheet-page1.png'), sheet);
  const links = await decodeAllQrCodes(sheet);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(pageOf(link)?.name).toBe('qrPay');
  const scanned = links
    .map((link) => ({ link, claims: readQrToken(e2e.portal.deps.secrets.qr, pageOf(link)!.query.t ?? '') }))
    .find((s) => s.claims && owing.includes(s.claims.accountNo));
  expect(scanned).toBeDefined();
  const accountNo = scanned!.claims!.accountNo;
  const due = await owed(accountNo);
  expect(due).toBeGreaterThan(0);

  const page = await e2e.phonePage();
  await page.goto(scanned!.link);
  await see(page, '扫码缴费');
  await see(page, maskAccountNo(accountNo));
  await see(page, formatFen(due));
  expect(pageOf(page.url())?.name).toBe('qrPay');
  await screenshot(page, 'journey-qr-sheet-scanned');

  // Paying needs the scanner's openid: official-account OAuth, back on the same pay page, pay again.
  await payButton(page).click();
  await page.waitForSelector('#openid');
  await confirmOauth(page, `o_scanner_${Date.now()}`);
  await page.waitForURL(atPage('qrPay'));
  await see(page, formatFen(due));
  await payButton(page).click();
  await page.waitForURL(atPage('payResult'), { timeout: 30_000 });
  const outTradeNo = pageOf(page.url())!.query.outTradeNo!;
  // The receipt: the server learnt of the payment from the sandbox's signed notification.
  await see(page, `缴费成功 ${formatFen(due)}`, 45_000);
  await screenshot(page, 'journey-qr-sheet-paid');
  const payment = await PaymentModel.findOne({ outTradeNo }).lean();
  expect(payment).toMatchObject({ status: 'paid', channel: 'qr', accountNo, amountFen: due });
  expect(await owed(accountNo)).toBe(0);
});

it('a door sticker printed before the page contract still opens the QR pay page for its account', async () => {
  const owing: string[] = await BillModel.distinct('accountNo', { status: { $in: ['unpaid', 'overdue'] } });
  const account = await AccountModel.findOne({ accountNo: { $in: owing }, status: 'active' }).lean();
  const qr = await e2e.portal.api('GET', `/api/staff/accounts/${account!.accountNo}/qr`, {
    token: adminToken,
  });
  expect(qr.status).toBe(200);
  // What the old stickers carry: the H5 root with a hash route to the retired page and the token as scene.
  const [retired] = Object.keys(RETIRED_PAGES);
  const sticker = `${e2e.portal.url}${H5_BASE_PATH}/#/${retired}?scene=${encodeURIComponent(qr.body.token)}`;

  const page = await e2e.phonePage();
  await page.goto(sticker);
  await see(page, '扫码缴费');
  await see(page, maskAccountNo(account!.accountNo));
  await see(page, formatFen(await owed(account!.accountNo)));
  expect(pageOf(page.url())).toMatchObject({ name: 'qrPay', query: { scene: qr.body.token } });
  await screenshot(page, 'journey-old-sticker');
});

it('a mini-program code made for an account opens a page the built mini-program has, with the token as its scene', async () => {
  expect(fs.existsSync(BUILT_APP_JSON)).toBe(true); // npm run build:weapp
  const account = await AccountModel.findOne({ status: 'active' }).lean();
  const res = await staffGet(`/api/staff/accounts/${account!.accountNo}/qr.png?kind=mp&size=430`);
  expect(res.status).toBe(200);
  const code = parseWxaCodeContent((await decodeQrImage(Buffer.from(await res.arrayBuffer())))!);
  expect(appJsonPages(BUILT_APP_JSON)).toContain(code.page);
  expect(code.page).toBe(RESIDENT_PAGES.qrPay.path);
  expect(Object.keys(RESIDENT_PAGES.qrPay.query)).toContain('scene');
  expect(readQrToken(e2e.portal.deps.secrets.qr, code.scene)).toMatchObject({
    accountNo: account!.accountNo,
  });

  // The same launch in the H5 build (a page opened with `scene`) shows that account.
  const page = await phonePage(e2e.browser);
  await page.goto(h5PageUrl(e2e.portal.url, 'qrPay', { scene: code.scene }));
  await see(page, maskAccountNo(account!.accountNo));
});
