/**
 * 一户一码 in the console against the demo portal: a supervisor lists a building's codes, sees when a
 * household's code was last scanned, revokes it, and the old code stops at once: its page answers
 * 二维码已失效 and a payment with it is refused, while the new code pays. Needs `npm run build:console`.
 */
import type { Page } from 'playwright-core';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { BillModel } from '../server/src/modules/billing/bill.model';
import { screenshot, demoResidentToken, useE2E } from './harness';

const e2e = useE2E({ timeout: 300_000 });
let page: Page;

beforeAll(async () => {
  page = await e2e.desktopPage();
});

/** antd puts a space between two Chinese characters on a button ("作 废"). */
const button = (text: string) =>
  page.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });

it('a supervisor revokes a household’s code in the console, and the old code no longer pays', async () => {
  const withUnpaid: string[] = await BillModel.distinct('accountNo', {
    status: { $in: ['unpaid', 'overdue'] },
  });
  const account = await AccountModel.findOne({ status: 'active', accountNo: { $in: withUnpaid } })
    .sort({ accountNo: -1 })
    .lean();
  expect(account).toBeTruthy();
  const { community, building } = account!.address!;
  const bill = await BillModel.findOne({
    accountNo: account!.accountNo,
    status: { $in: ['unpaid', 'overdue'] },
  }).lean();

  const login = await e2e.portal.api('POST', '/api/staff/login', {
    body: { username: 'supervisor', password: 'supervisor123' },
  });
  const oldToken: string = (
    await e2e.portal.api('GET', `/api/staff/accounts/${account!.accountNo}/qr`, { token: login.body.token })
  ).body.token;
  // The sticker is scanned once before it is revoked.
  expect((await e2e.portal.api('GET', `/api/qr/${oldToken}`)).status).toBe(200);

  await page.goto(`${e2e.portal.url}/console/login`);
  await page.getByPlaceholder('用户名').fill('supervisor');
  await page.getByPlaceholder('密码').fill('supervisor123');
  await button('登录').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
  // The menu offers the screen under 收费 (the route guard lets the supervisor in).
  await page.locator('.ant-menu-item', { hasText: '一户一码' }).first().waitFor({ state: 'attached' });
  await page.goto(`${e2e.portal.url}/console/qr-codes`);

  await page.getByPlaceholder('小区名称,如 望京园').fill(community);
  await page.getByPlaceholder('楼栋(可选)').fill(building);
  await button('查询').click();
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: account!.accountNo });
  await row.waitFor();
  // Scanned a moment ago; the others in the building never were.
  expect(await row.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  expect(await row.innerText()).toContain('第 1 版');
  await screenshot(page, 'qr-codes-building');

  await page.getByTestId(`revoke-${account!.accountNo}`).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /作\s*废/ })
    .click();
  await page.getByText(`户号 ${account!.accountNo} 的旧二维码已作废,新二维码为第 2 版`).waitFor();
  await row.getByText('第 2 版').waitFor();
  await screenshot(page, 'qr-codes-revoked');

  // The old code, at once: its page says 二维码已失效 and a resident cannot pay with it.
  const scanned = await e2e.portal.api('GET', `/api/qr/${oldToken}`);
  expect(scanned.status).toBe(410);
  expect(scanned.body.error).toMatchObject({
    code: 'QR_REVOKED',
    message: expect.stringContaining('二维码已失效'),
  });
  const token = await demoResidentToken(e2e.portal, 'mp');
  const payOld = await e2e.portal.api('POST', '/api/payments', {
    token,
    body: { qrToken: oldToken, billIds: [String(bill!._id)] },
  });
  expect(payOld.status).toBe(410);
  expect(payOld.body.error.message).toContain('二维码已失效');

  // The new code (what the console now prints) pays.
  const newToken: string = (
    await e2e.portal.api('GET', `/api/staff/accounts/${account!.accountNo}/qr`, { token: login.body.token })
  ).body.token;
  expect(newToken).not.toBe(oldToken);
  const payNew = await e2e.portal.api('POST', '/api/payments', {
    token,
    body: { qrToken: newToken, billIds: [String(bill!._id)] },
  });
  expect(payNew.status).toBe(200);
});
