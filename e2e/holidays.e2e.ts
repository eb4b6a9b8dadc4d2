/**
 * 节假日安排 in the console, on a portal whose clock reads New Year's Eve 2026 (an injected, ticking clock):
 * a supervisor is warned that 2027's holidays are missing, enters them on the screen, imports a file for the
 * year after, and a complaint opened that day gets an SLA deadline that skips the holidays just entered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { SlaTimerModel } from '../server/src/modules/workorders/sla/sla.model';
import { dayOf, formatShanghai } from '../server/src/platform/time';
import { pickOption, screenshot, demoResidentToken, toastShown, useE2E } from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident
// Thursday 2026-12-31, 10:00 in Shanghai: December, and 2027 has no holidays yet.
const e2e = useE2E({ clockStart: new Date('2026-12-31T10:00:00+08:00'), timeout: 300_000 });
let page: Page;

beforeAll(async () => {
  page = await e2e.desktopPage();
});

/** antd puts a space between two Chinese characters on a button ("登 录"). */
const button = (text: string) =>
  page.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });

it('a supervisor warned in December enters next year’s holidays, and an SLA clock over New Year follows them', async () => {
  await page.goto(`${e2e.portal.url}/console/login`);
  await page.getByPlaceholder('用户名').fill('supervisor');
  await page.getByPlaceholder('密码').fill('supervisor123');
  await button('登录').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));

  // The console-wide warning, with the way to the screen.
  const banner = page.getByTestId('holiday-warning');
  await banner.getByText('2027 年的法定节假日和调休安排尚未录入').waitFor();
  await screenshot(page, 'holidays-warning');
  await banner.getByRole('link', { name: '去录入' }).click();
  await page.waitForURL('**/admin/holidays');
  await page.getByText('2027 年', { exact: true }).waitFor();
  await page.getByText('尚未录入:这一年按周一至周五计算').waitFor();

  // 元旦: Friday to Sunday off; Saturday 2027-01-09 worked instead.
  async function add(from: string, to: string, kind: '放假' | '调休上班', name: string) {
    await page.getByPlaceholder('开始日期').click();
    await page.getByPlaceholder('开始日期').fill(from);
    await page.getByPlaceholder('结束日期').click();
    await page.getByPlaceholder('结束日期').fill(to);
    await page.keyboard.press('Enter');
    if (kind !== '放假') {
      await pickOption(page.locator('.ant-form-item', { hasText: '类型' }), kind);
    }
    await page.getByPlaceholder('元旦、春节调休…').fill(name);
    await button('添加').click();
  }
  await add('2027-01-01', '2027-01-03', '放假', '元旦');
  await add('2027-01-09', '2027-01-09', '调休上班', '元旦调休');
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expectRows(rows, [
    '2027-01-01放假元旦',
    '2027-01-02放假元旦',
    '2027-01-03放假元旦',
    '2027-01-09调休上班元旦调休',
  ]);
  await button('保存 2027 年安排').click();
  await toastShown(page, '已保存 2027 年节假日安排');
  // Saved, and still on 2027 (the warning it answered is gone).
  await page.locator('.ant-card-extra .ant-tag', { hasText: '已录入' }).waitFor();
  await expectRows(rows, [
    '2027-01-01放假元旦',
    '2027-01-02放假元旦',
    '2027-01-03放假元旦',
    '2027-01-09调休上班元旦调休',
  ]);
  expect(await page.getByText('有未保存的修改').count()).toBe(0);
  await screenshot(page, 'holidays-2027-entered');

  // Entered: the warning is gone everywhere.
  await page.goto(`${e2e.portal.url}/console/customers`);
  await page.getByPlaceholder(/户号/).first().waitFor();
  expect(await page.getByTestId('holiday-warning').count()).toBe(0);

  // A complaint opened on New Year's Eve: 2 working days = 6 h today, nothing Jan 1–3, 7.5 h on Monday,
  // the rest on Tuesday 2027-01-05 morning (with nothing entered it would have been Monday 2027-01-04).
  const token = await demoResidentToken(e2e.portal, 'mp');
  const opened = await e2e.portal.api('POST', '/api/work-orders', {
    token,
    body: { accountNo: ACCOUNT, type: 'complaint', description: '营业厅排队太久' },
  });
  expect(opened.status).toBe(201);
  const timer = await SlaTimerModel.findOne({
    orderNo: opened.body.orderNo,
    policyKey: 'complaint.resolve',
  }).lean();
  expect(dayOf(timer!.deadline!)).toBe('2027-01-05');
  expect(formatShanghai(timer!.deadline!, 'HH')).toBe('10'); // 10:00 plus the minutes the test has run

  // The year after, imported from a file.
  await page.goto(`${e2e.portal.url}/console/admin/holidays`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-')), '2028节假日.csv');
  fs.writeFileSync(
    file,
    ['日期,类型,名称', '2028-01-01,放假,元旦', '2028-01-02,放假,元旦', '2028-01-03,放假,元旦'].join('\n'),
  );
  await page.locator('input[type=file]').setInputFiles(file);
  await toastShown(page, '已导入 3 天:2028 年');
  await expectRows(rows, ['2028-01-01放假元旦', '2028-01-02放假元旦', '2028-01-03放假元旦']);
  await screenshot(page, 'holidays-2028-imported');
});

async function expectRows(rows: ReturnType<Page['locator']>, expected: string[]) {
  const end = Date.now() + 15_000;
  let seen: string[] = [];
  while (Date.now() < end) {
    seen = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(seen).toEqual(expected);
}
