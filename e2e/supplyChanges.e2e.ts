/**
 * 报停 / 复供 online, end to end: the demo resident applies for a gas 报停 on the H5 (the household page
 * links to it and shows the supply), the supervisor approves it in the console's approval screen, the
 * 关阀 visit is filed, and the household page reads 已报停; another 报停 turned down in the console needs a
 * reason, which the resident's order then carries. Needs the console and H5 builds.
 */
import type { Page } from 'playwright-core';
import { h5PageUrl } from '@portal/types';
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

/** A NutUI button of the resident app by its exact text. */
const nutButton = (page: Page, label: string) =>
  page.locator('.nut-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();

const e2e = useE2E();

it('a gas 报停 applied for on the H5 and approved in the console files the 关阀 visit and shows 已报停', async () => {
  const page = await e2e.phonePage();
  await page.goto(h5PageUrl(e2e.portal.url, 'accounts'));
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  const token = await demoResidentToken(e2e.portal, 'oa');
  const mine = (await e2e.portal.api('GET', '/api/accounts', { token })).body.items as {
    accountNo: string;
    utility: string;
  }[];
  const accountNo = mine.find((a) => a.utility === 'gas')!.accountNo;

  // From the household's page (正常供应) to the form; the 报停日期 defaults to today.
  await page.goto(h5PageUrl(e2e.portal.url, 'accountDetail', { accountNo }));
  await page.getByText('正常供应 ›').waitFor();
  await page.getByText('报停 / 复供').click();
  await page.waitForURL(atPage('supplyChange'));
  await page.getByText('正常供应', { exact: true }).waitFor();
  await page.getByLabel('报停原因').locator('input').fill('外出务工,房屋空置');
  await screenshot(page, 'resident-supply-suspend');
  await nutButton(page, '提交报停申请').click();
  await page.waitForURL(atPage('orderDetail'));
  const orderNo = pageOf(page.url())!.query.orderNo!;
  await page
    .getByText(/已受理/)
    .first()
    .waitFor();

  // The supervisor approves it under 报停/复供审批.
  const console = await e2e.consolePage('supervisor');
  await console.goto(`${e2e.portal.url}/console/account-changes`);
  await console.getByRole('heading', { name: '报停/复供审批' }).waitFor();
  const row = console.locator('.ant-table-row', { hasText: orderNo });
  await row.getByText('外出务工,房屋空置').waitFor();
  await screenshot(console, 'console-supply-changes');
  await button(row, '审核通过').click();
  await (await settledModal(console)).getByRole('button', { name: /审\s*核\s*通\s*过/ }).click();
  await toastShown(console, `已审核通过 ${orderNo},已派关阀上门工单`);

  // The 关阀 visit is filed; the resident follows the order to its end and the household reads 已报停.
  expect(await WorkOrderModel.countDocuments({ sourceKey: `valve:${orderNo}`, type: 'valveClose' })).toBe(1);
  await page.reload();
  await page.getByText('报停已办结').first().waitFor();
  await page.goto(h5PageUrl(e2e.portal.url, 'accountDetail', { accountNo }));
  await page.getByText(/^已报停 自 \d{4}-\d{2}-\d{2} 起 ›$/).waitFor();
});

it('a 报停 turned down in the console with a reason shows that reason on the resident’s order', async () => {
  const token = await demoResidentToken(e2e.portal, 'oa');
  // Another of the demo resident's gas homes than the first test's; the first day without gas is today in Beijing.
  const mine = (await e2e.portal.api('GET', '/api/accounts', { token })).body.items as {
    accountNo: string;
  }[];
  const accountNo = mine[mine.length - 1]!.accountNo;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const applied = await e2e.portal.api('POST', '/api/supply-changes', {
    token,
    body: { kind: 'suspend', accountNo, reason: '装修期间暂停用气', fromDate: today },
  });
  expect(applied.status).toBe(201);
  const orderNo = applied.body.orderNo as string;

  const console = await e2e.consolePage('supervisor');
  await console.goto(`${e2e.portal.url}/console/account-changes`);
  const row = console.locator('.ant-table-row', { hasText: orderNo });
  await row.getByText('装修期间暂停用气').waitFor();
  await button(row, '驳回').click();
  const modal = await settledModal(console, `驳回 报停 ${accountNo}`);
  const confirm = modal.getByRole('button', { name: /确认驳回/ });
  // No reason, no decision: the resident must be told why.
  expect(await confirm.isDisabled()).toBe(true);
  await modal.getByLabel('驳回原因').fill('户内燃气管道改造未验收,验收合格后再申请');
  await confirm.click();
  await toastShown(console, `已驳回 ${orderNo}`);
  // Decided: it leaves the 待审核 queue.
  await row.waitFor({ state: 'detached' });

  const order = await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token });
  expect(JSON.stringify(order.body)).toContain('户内燃气管道改造未验收,验收合格后再申请');
});
