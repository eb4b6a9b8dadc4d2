/**
 * 抄表审核 in the real console against the demo portal: the demo resident submits a self reading with a
 * photo, a reviewer accepts it from the queue (photo, flags, recent readings on the row), and the bill
 * the tariff priced for it is there through the API, with the reading's numbers; the resident's 自助抄表
 * page (H5) then lists it as 已采纳, and a later reading rejected with a reason shows that reason.
 * Needs the console and H5 builds.
 */
import sharp from 'sharp';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { h5PageUrl } from '@portal/types';
import { antButton as button, atPage, confirmOauth, screenshot, useE2E, toastShown } from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident (accounts demo seed)
const e2e = useE2E();
let residentToken: string;

beforeAll(async () => {
  const resident = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  residentToken = await e2e.portal.deps.tokens.sign({
    kind: 'resident',
    userId: String(resident!._id),
    openid: DEMO_RESIDENT.openidMp,
    app: 'mp',
  });
}, 150_000);

async function meterPhoto(): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } })
    .png()
    .toBuffer();
  const res = await fetch(`${e2e.portal.url}/api/uploads`, {
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
  const submitted = await e2e.portal.api('POST', '/api/meter-readings', {
    token: residentToken,
    body: { accountNo: ACCOUNT, meterNo: meter.meterNo, reading, photoId: await meterPhoto() },
  });
  expect(submitted.status).toBe(201);
  const readingId: string = submitted.body.id;

  const page = await e2e.consolePage('agent');
  await page.goto(`${e2e.portal.url}/console/meter-readings`);
  await page.getByRole('heading', { name: '抄表审核' }).waitFor();

  const row = page.locator('.ant-table-row', { hasText: ACCOUNT }).filter({ hasText: String(reading) });
  await row.waitFor();
  // The photo loads through its signed link (an <img> sends no token).
  await row.getByRole('img', { name: `${ACCOUNT} 表盘照片` }).waitFor();
  // Wait for the image to finish: loaded with pixels, or failed (a busy machine may still be fetching it).
  const loaded = await row.getByRole('img', { name: `${ACCOUNT} 表盘照片` }).evaluate(
    (el) =>
      new Promise<boolean>((resolve) => {
        const img = el as unknown as {
          complete: boolean;
          naturalWidth: number;
          addEventListener(type: 'load' | 'error', fn: () => void): void;
        };
        if (img.complete) return resolve(img.naturalWidth > 0);
        img.addEventListener('load', () => resolve(img.naturalWidth > 0));
        img.addEventListener('error', () => resolve(false));
      }),
  );
  expect(loaded).toBe(true);
  await screenshot(page, 'console-meter-readings');
  await button(row, '通过').click();
  await page
    .locator('.ant-popover')
    .getByRole('button', { name: /通\s*过/ })
    .click();
  await toastShown(page, `已通过 ${ACCOUNT} 的读数并出账`);
  await row.waitFor({ state: 'detached' }); // the pending queue no longer holds it

  const mine = await e2e.portal.api('GET', `/api/accounts/${ACCOUNT}/meter-readings`, {
    token: residentToken,
  });
  const accepted = mine.body.items.find((r: { id: string }) => r.id === readingId);
  expect(accepted).toMatchObject({ status: 'accepted', billId: expect.any(String) });
  const bill = await e2e.portal.api('GET', `/api/bills/${accepted.billId}`, { token: residentToken });
  expect(bill.status).toBe(200);
  expect(bill.body).toMatchObject({ accountNo: ACCOUNT, usage: 6, readingTo: reading, status: 'unpaid' });
  expect(bill.body.amountDue).toBeGreaterThan(0);
});

it('shows the resident their readings with each status and the reason a rejected one was turned down', async () => {
  const account = await AccountModel.findOne({ accountNo: ACCOUNT }).lean();
  const meter = account!.meters[0]!;
  const reading = (meter.lastReading ?? 0) + 3;
  const submitted = await e2e.portal.api('POST', '/api/meter-readings', {
    token: residentToken,
    body: { accountNo: ACCOUNT, meterNo: meter.meterNo, reading, photoId: await meterPhoto() },
  });
  expect(submitted.status).toBe(201);
  const agent = (
    await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
      body: { username: 'agent', password: 'agent123' },
    })
  ).body.token;
  const rejected = await e2e.portal.api('POST', `/api/staff/meter-readings/${submitted.body.id}/reject`, {
    token: agent,
    body: { note: '照片看不清表盘,请重拍' },
  });
  expect(rejected.status).toBe(200);

  const page = await e2e.phonePage();
  const h5 = h5PageUrl(e2e.portal.url, 'meterReading');
  await page.goto(h5);
  // The official-account OAuth of the sandbox, as the demo resident.
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  if (!atPage('meterReading')(new URL(page.url()))) await page.goto(h5);
  await page.getByText('报数记录').waitFor();
  await page.getByText(`读数 ${reading}`).first().waitFor();
  await page.getByText('未通过:照片看不清表盘,请重拍').first().waitFor();
  await page.getByText('已采纳').first().waitFor(); // the reading accepted in the console above
  await screenshot(page, 'resident-meter-readings');
});
