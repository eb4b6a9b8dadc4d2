/**
 * 开户 online, end to end: the demo resident applies on the H5 from 我的户号 (service, 小区, room, the holder,
 * ID photo and property certificate), the supervisor approves in the console, and the resident reads the
 * new 户号 on the order's timeline and finds it among their accounts, waiting for its 点火通气 visit.
 * Needs the console and H5 builds.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { h5PageUrl } from '@portal/types';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { AccountChangeModel } from '../server/src/modules/accountChanges/accountChange.model';
import { WorkOrderModel } from '../server/src/modules/workorders/orders/workorder.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import {
  antButton as button,
  atPage,
  confirmOauth,
  pageOf,
  screenshot,
  demoResidentToken,
  settledModal,
  toastShown,
  useE2E,
} from './harness';

const PHOTO = path.join(__dirname, '..', 'miniprogram', 'src', 'assets', 'tab', 'home-active.png');
const nutButton = (page: Page, label: string) =>
  page.locator('.nut-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();

const e2e = useE2E();

it('a 开户 applied for on the H5 and approved in the console opens a 户号 bound to the applicant', async () => {
  const page = await e2e.phonePage();
  await page.goto(h5PageUrl(e2e.portal.url, 'accounts'));
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  const token = await demoResidentToken(e2e.portal, 'oa');
  const areas = (await e2e.portal.api('GET', '/api/account-openings/areas', { token })).body.items as {
    areaCode: string;
    district: string;
    community: string;
  }[];
  const area = areas[0]!;

  await page.getByText('申请开户').first().click();
  await page.waitForURL(atPage('accountOpening'));
  await page.getByText(`${area.district} ${area.community}`).first().click();
  await page.getByLabel('楼栋(可不填)').locator('input').fill('88');
  await page.getByLabel('单元(可不填)').locator('input').fill('1');
  await page.getByLabel('门牌号').locator('input').fill('808');
  await page.getByLabel('户主姓名').locator('input').fill('开户人');
  await page.getByLabel('户主手机号').locator('input').fill('13912340000');
  await page.getByLabel('户主身份证号').locator('input').fill('110105199003071234');
  for (const add of ['+ 添加身份证照片', '+ 添加房产证/合同']) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText(add).click()]);
    await chooser.setFiles(PHOTO);
  }
  await page.locator('.create__photo').nth(1).waitFor();
  await screenshot(page, 'resident-account-opening');
  await nutButton(page, '提交申请').click();
  await page.waitForURL(atPage('orderDetail'));
  const orderNo = pageOf(page.url())!.query.orderNo!;
  const accountNo = (await AccountChangeModel.findOne({ orderNo }).lean())!.accountNo;

  const console = await e2e.consolePage('supervisor');
  await console.goto(`${e2e.portal.url}/console/account-changes`);
  await console.getByRole('heading', { name: '开户/过户/销户审批' }).waitFor();
  const row = console.locator('.ant-table-row', { hasText: orderNo });
  await row.getByText(`${accountNo}(预分配)`).waitFor();
  await screenshot(console, 'console-account-opening');
  await button(row, '审核通过').click();
  const modal = await settledModal(console);
  await modal.getByText('点火通气').first().waitFor();
  await modal.getByRole('button', { name: /审\s*核\s*通\s*过/ }).click();
  await toastShown(console, `已审核通过 ${orderNo},已办结`);

  await page.reload();
  await page.getByText(`开户已办结,户号 ${accountNo}`).first().waitFor();
  expect((await AccountModel.findOne({ accountNo }).lean())!.status).toBe('pending');
  expect(await WorkOrderModel.countDocuments({ accountNo, type: 'activation' })).toBe(1);
  await page.goto(h5PageUrl(e2e.portal.url, 'accounts'));
  await page.getByText(accountNo, { exact: false }).first().waitFor();
});
