/**
 * 数据导入 as a background job, in the console against the demo portal (its own outbox worker runs the job):
 * an admin uploads a CSV, watches the progress bar reach 100% with the rows/s and the error row counted,
 * and finds the import in the history with its error report; the API shows the same job, and the accounts.
 */
import type { Page } from 'playwright-core';
import { benchCsv } from '../server/src/bench/accountsImport';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { antButton, screenshot, useE2E } from './harness';

const e2e = useE2E({ timeout: 300_000 });
let page: Page;

beforeAll(async () => {
  page = await e2e.consolePage('admin');
});

it('an admin uploads accounts, watches the job reach 100%, and finds it in the history with its error report', async () => {
  await page.goto(`${e2e.portal.url}/console/admin/import`);
  await page.getByText('点击或拖入 Excel / CSV 文件上传', { exact: false }).waitFor();

  // 1,000 good rows and one with a 户号 that is no 户号.
  const csv = benchCsv(1_000, 'E') + '31-05,杨洋,13811115555,海淀区,清河小区,1,2,304,燃气,\n';
  await page.locator('input[type=file]').setInputFiles({
    name: '户号导入.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });

  const progress = page.locator('.ant-card', { hasText: '导入进度:户号导入.csv' });
  await progress.waitFor();
  await progress.getByRole('progressbar').getByText('100%').waitFor({ timeout: 120_000 });
  await progress.getByText('已完成').waitFor();
  const details = await progress.locator('.ant-descriptions').innerText();
  expect(details).toMatch(/已处理行数\s*1001/);
  expect(details).toMatch(/错误行数\s*1/);
  expect(details).toMatch(/速度\s*\d+ 行\/秒/);
  await progress.getByText('户号应为6-20位字母或数字').first().waitFor();
  await screenshot(page, 'import-job-done');

  // The history lists it, finished, with the error rows to download.
  const row = page.locator('.ant-table-row', { hasText: '户号导入.csv' });
  await row.getByText('已完成').waitFor();
  expect(await row.innerText()).toContain('1001');
  await antButton(row, '下载错误行').waitFor();

  // What the screen showed is what the server holds.
  const { token } = (
    await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
      body: { username: 'admin', password: 'admin123' },
    })
  ).body;
  const list = await e2e.portal.api('GET', '/api/staff/imports', { token });
  const job = list.body.items.find((j: { filename: string }) => j.filename === '户号导入.csv');
  expect(job).toMatchObject({ status: 'done', total: 1001, inserted: 1000, failed: 1 });
  expect(await AccountModel.countDocuments({ accountNo: { $gte: 'E', $lt: 'F' } })).toBe(1000);
});
