/**
 * 过户 online, end to end: the demo resident applies on the H5 (ID photo, property certificate, the new
 * holder, the reading at handover), the supervisor approves in the console, the former occupant's binding
 * stops working, and the new holder binds on the H5 and sees only bills from the handover on. Then the new
 * holder files a 投诉 on the H5, the supervisor answers it in the console, and the resident reads the
 * answer on the order's timeline and rates it.
 * Needs the console and H5 builds.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { h5PageUrl } from '@portal/types';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import {
  antButton as button,
  atPage,
  confirmOauth,
  pageOf,
  screenshot,
  settledModal,
  toastShown,
  useE2E,
} from './harness';

const PHOTO = path.join(__dirname, '..', 'miniprogram', 'src', 'assets', 'tab', 'home-active.png');
const NEW_HOLDER = { name: '王新户', phone: '13912345678', idNumber: '110105199003071234' };
/** A NutUI button of the resident app by its exact text. */
const nutButton = (page: Page, label: string) =>
  page.locator('.nut-button', { hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();

const e2e = useE2E();
/** Carried from the 过户 journey into the complaint journey: the new holder's H5 page, the console. */
let residentPage: Page;
let supervisorPage: Page;
let newHolderNo: string;

async function residentToken(openidOa: string): Promise<string> {
  const user = await UserModel.findOne({ openidOa }).lean();
  return e2e.portal.deps.tokens.sign({
    kind: 'resident',
    userId: String(user!._id),
    openid: openidOa,
    app: 'oa',
  });
}

it('a 过户 applied for on the H5 and approved in the console hands the household to the new holder', async () => {
  // The demo resident, on the H5, signed in through the official account's OAuth.
  const page = await e2e.phonePage();
  await page.goto(h5PageUrl(e2e.portal.url, 'accounts'));
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  const former = await residentToken(DEMO_RESIDENT.openidOa);
  const mine = (await e2e.portal.api('GET', '/api/accounts', { token: former })).body.items as {
    accountNo: string;
  }[];
  const accountNo = mine[mine.length - 1]!.accountNo;
  const before = await AccountModel.findOne({ accountNo }).lean();
  const reading = (before!.meters[0]?.lastReading ?? 0) + 7;

  // From the household's page to the form.
  await page.goto(h5PageUrl(e2e.portal.url, 'accountDetail', { accountNo }));
  await page.getByText('过户 / 销户').click();
  await page.waitForURL(atPage('accountChange'));
  for (const add of ['+ 添加身份证照片', '+ 添加房产证/合同']) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText(add).click()]);
    await chooser.setFiles(PHOTO);
  }
  await page.locator('.create__photo').nth(1).waitFor();
  await page.getByLabel('新户主姓名').locator('input').fill(NEW_HOLDER.name);
  await page.getByLabel('新户主手机号').locator('input').fill(NEW_HOLDER.phone);
  await page.getByLabel('新户主身份证号').locator('input').fill(NEW_HOLDER.idNumber);
  await page.getByLabel('交接读数(表盘数字)').locator('input').fill(String(reading));
  await screenshot(page, 'resident-account-transfer');
  await nutButton(page, '提交申请').click();
  await page.waitForURL(atPage('orderDetail'));
  const orderNo = pageOf(page.url())!.query.orderNo!;
  await page
    .getByText(/已受理/)
    .first()
    .waitFor();

  // The supervisor approves in the console (the new holder carries any arrears).
  const console = await e2e.consolePage('supervisor');
  await console.goto(`${e2e.portal.url}/console/account-changes`);
  await console.getByRole('heading', { name: '过户/销户审批' }).waitFor();
  const row = console.locator('.ant-table-row', { hasText: orderNo });
  await row.getByText(NEW_HOLDER.name).waitFor();
  await row.getByRole('img', { name: `${accountNo} 身份证照片 1` }).waitFor();
  await screenshot(console, 'console-account-changes');
  await button(row, '审核通过').click();
  await (await settledModal(console)).getByRole('button', { name: /审\s*核\s*通\s*过/ }).click();
  await toastShown(console, `已审核通过 ${orderNo},已办结`);

  // The applicant follows the order to its end; the household is no longer theirs.
  await page.reload();
  await page.getByText('过户已办结').first().waitFor();
  expect((await e2e.portal.api('GET', `/api/accounts/${accountNo}`, { token: former })).status).toBe(404);
  expect((await e2e.portal.api('GET', `/api/bills?accountNo=${accountNo}`, { token: former })).status).toBe(
    404,
  );

  // The new holder binds on the H5 with their own name and sees only bills from the handover on.
  const next = await e2e.phonePage();
  await next.goto(h5PageUrl(e2e.portal.url, 'home'));
  await next.waitForSelector('#openid');
  await confirmOauth(next, 'o_new_holder_oa');
  await next.waitForURL(/\/h5\//);
  await next.goto(h5PageUrl(e2e.portal.url, 'bindAccount'));
  await next.locator('input[placeholder="见账单或燃气卡上的户号"]').fill(accountNo);
  await next.locator('input[placeholder="请输入户主姓名"]').fill(NEW_HOLDER.name);
  await nutButton(next, '绑定').click();
  await next.getByText('绑定成功').waitFor();
  const after = await AccountModel.findOne({ accountNo }).lean();
  const handover = after!.holderSince!.getTime();
  const bills = await e2e.portal.api('GET', `/api/bills?accountNo=${accountNo}`, {
    token: await residentToken('o_new_holder_oa'),
  });
  expect(bills.status).toBe(200);
  for (const b of bills.body.items as { issuedAt: string }[])
    expect(new Date(b.issuedAt).getTime()).toBeGreaterThanOrEqual(handover);
  await screenshot(next, 'resident-new-holder-bound');
  [residentPage, supervisorPage, newHolderNo] = [next, console, accountNo];
});

it('a complaint filed on the H5 is answered in the console and the resident rates the answer', async () => {
  const page = residentPage;
  await page.goto(h5PageUrl(e2e.portal.url, 'createService', { type: 'complaint' }));
  await page.getByText(newHolderNo).first().waitFor(); // the household is chosen

  await page.locator('textarea').fill('过户后燃气卡信息未更新,营业厅说要等一周');
  await nutButton(page, '提交').click();
  await page.waitForURL(atPage('orderDetail'));
  const orderNo = pageOf(page.url())!.query.orderNo!;

  const console = supervisorPage;
  await console.goto(`${e2e.portal.url}/console/work-orders/${orderNo}`);
  await button(console, '答复').click();
  const answer = '已为您加急更新燃气卡信息,今日可到任一营业厅写卡。给您带来不便,深表歉意。';
  const modal = await settledModal(console);
  await modal.getByLabel('答复内容').fill(answer);
  await modal.getByRole('button', { name: /答\s*复\s*并\s*办\s*结/ }).click();
  await toastShown(console, '已答复,居民可在工单进度中查看并评价');

  await page.reload();
  await page.getByText(`投诉已处理。答复:${answer}`).waitFor();
  await screenshot(page, 'resident-complaint-answered');
  await nutButton(page, '提交评价').click();
  await page.getByText('感谢您的评价').first().waitFor();
  const rated = await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, {
    token: await residentToken('o_new_holder_oa'),
  });
  expect(rated.body.rating).toMatchObject({ score: 5 });
});
