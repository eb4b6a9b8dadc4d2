/**
 * 抄表审核 in the real console against the demo portal: the demo resident submits a self reading with a
 * photo, a reviewer accepts it from the queue (photo, flags, recent readings on the row), and the bill
 * the tariff priced for it is there through the API, with the reading's numbers.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { antButton as button, consolePage, launchBrowser, screenshot, startE2EPortal, type E2EPortal } from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident (accounts demo seed)
let portal: E2EPortal;
let browser: Browser;
let residentToken: string;
const pageErrors: string[][] = [];

beforeAll(async () => {
  [portal, browser] = await Promise.all([startE2EPortal(), launchBrowser()]);
  const resident = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  residentToken = await portal.deps.tokens.sign({ kind: 'resident', userId: String(resident!._id), openid: DEMO_RESIDENT.openidMp, app: 'mp' });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

afterEach(() => {
  expect(pageErrors.splice(0).flat()).toEqual([]);
});


async function meterPhoto(): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } }).png().toBuffer();
  const res = await fetch(`${portal.url}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${residentToken}`, 'content-type': 'image/png' },
    body: png,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

it('a reviewer accepts the demo resident’s self reading from the queue and the bill for it exists', async () => {
  const account = await AccountModel.findOne({ accountNo: ACCOUNT }).lean();
  const meter = account!.meters[0]!;
  const reading = (meter.lastReading ?? 0) + 6;
  const submitted = await portal.api('POST', '/api/meter-readings', {
    token: residentToken,
    body: { accountNo: ACCOUNT, meterNo: meter.meterNo, reading, photoId: await meterPhoto() },
  });
  expect(submitted.status).toBe(201);
  const readingId: string = submitted.body.id;

  const page = await consolePage(browser, portal, 'agent', pageErrors);
  await page.goto(`${portal.url}/console/meter-readings`);
  await page.getByRole('heading', { name: '抄表审核' }).waitFor();

  const row = page.locator('.ant-table-row', { hasText: ACCOUNT }).filter({ hasText: String(reading) });
  await row.waitFor();
  // The photo loads through its signed link (an <img> sends no token).
  await row.getByRole('img', { name: `${ACCOUNT} 表盘照片` }).waitFor();
  const loaded = await row.getByRole('img', { name: `${ACCOUNT} 表盘照片` }).evaluate((el) => {
    const img = el as unknown as { complete: boolean; naturalWidth: number };
    return img.complete && img.naturalWidth > 0;
  });
  expect(loaded).toBe(true);
  await screenshot(page, 'console-meter-readings');
  await button(row, '通过').click();
  await page.locator('.ant-popover').getByRole('button', { name: /通\s*过/ }).click();
  await page.getByText(`已通过 ${ACCOUNT} 的读数并出账`).waitFor();
  await row.waitFor({ state: 'detached' }); // the pending queue no longer holds it

  const mine = await portal.api('GET', `/api/accounts/${ACCOUNT}/meter-readings`, { token: residentToken });
  const accepted = mine.body.items.find((r: { id: string }) => r.id === readingId);
  expect(accepted).toMatchObject({ status: 'accepted', billId: expect.any(String) });
  const bill = await portal.api('GET', `/api/bills/${accepted.billId}`, { token: residentToken });
  expect(bill.status).toBe(200);
  expect(bill.body).toMatchObject({ accountNo: ACCOUNT, usage: 6, readingTo: reading, status: 'unpaid' });
  expect(bill.body.amountDue).toBeGreaterThan(0);
});
