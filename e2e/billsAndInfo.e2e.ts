/**
 * Bills residents understand, and information pages staff keep, on the H5 pages against the demo portal
 * (its clock fixed in mid-September 2026, so the year has bills before the one looked at):
 * - the demo resident opens 缴费记录, finds a bill paid at a counter or by the bank with where and how,
 *   opens it, and reads each tier's quantity × unit price and the year's tier position, which matches
 *   the account's tariff and the year's bills as the API lists them;
 * - a self reading shows its trial bill (试算) as the resident types, before anything is submitted;
 * - an admin changes a service hall's hours in the console, and the H5 营业网点 page shows them at once.
 * Needs the H5 and console builds.
 */
import type { Page } from 'playwright-core';
import { h5PageUrl, type Bill, type TariffDefinition } from '@portal/types';
import { formatFen } from '@portal/types/src/money';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { antButton, atPage, confirmOauth, screenshot, settledModal, toastShown, useE2E } from './harness';

const e2e = useE2E({ clockStart: new Date('2026-09-15T10:00:00+08:00') });
let phone: Page;
let residentToken: string;

beforeAll(async () => {
  const { code } = await e2e.portal.sandbox.mintLoginCode({ openid: DEMO_RESIDENT.openidMp });
  residentToken = (await e2e.portal.api('POST', '/api/auth/wechat-login', { body: { code } })).body.token;
  phone = await e2e.phonePage();
});

const usageText = (n: number) => String(Math.round(n * 1000) / 1000);

/** Where the year's usage up to this bill stands in the tariff's tiers, computed here from the API's data. */
function expectedTierPosition(tariff: TariffDefinition, bill: Bill, yearBills: Bill[], unit: string) {
  const rule = tariff.rules[bill.utility];
  if (rule?.kind !== 'tiered') throw new Error(`the demo account's tariff is not tiered: ${tariff.name}`);
  const used = yearBills
    .filter((b) => b.status !== 'cancelled' && b.period <= bill.period)
    .reduce((sum, b) => sum + (b.usage ?? 0), 0);
  const tier = rule.tiers.find((t) => t.upTo === null || t.upTo > used)!;
  return tier.upTo === null
    ? `今年已用 ${usageText(used)} ${unit},已进入${tier.label}`
    : `今年已用 ${usageText(used)} ${unit},${tier.label}剩余 ${usageText(tier.upTo - used)} ${unit}`;
}

it('a resident finds a bill paid at the counter or bank in the history, with its tiers and the tier position of the tariff', async () => {
  const mine = await e2e.portal.api('GET', '/api/accounts', { token: residentToken });
  const items = mine.body.items as { accountNo: string; isDefault: boolean }[];
  const accountNo = (items.find((a) => a.isDefault) ?? items[0])!.accountNo;
  const year = await e2e.portal.api('GET', `/api/bills?accountNo=${accountNo}&year=2026&pageSize=100`, {
    token: residentToken,
  });
  const yearBills = year.body.items as Bill[];
  // The latest bill of the year paid before the portal, with usage priced in tiers.
  const paid = yearBills
    .filter((b) => b.status === 'paid' && b.paidVia && b.items.some((i) => i.quantity && i.unitPriceFen))
    .sort((a, b) => b.period.localeCompare(a.period))[0]!;
  expect(paid).toBeDefined();
  expect(paid.period > '2026-01').toBe(true);
  const account = await AccountModel.findOne({ accountNo }).lean();
  const tariffs = (await e2e.portal.api('GET', '/api/tariffs')).body.items as TariffDefinition[];
  const tariff = tariffs.find((t) => t.name === (account!.contract?.tariff || 'residential-tiered'))!;
  const unit = paid.items.find((i) => i.unit)!.unit!;

  const history = h5PageUrl(e2e.portal.url, 'billHistory');
  await phone.goto(history);
  await phone.waitForSelector('#openid');
  await confirmOauth(phone, DEMO_RESIDENT.openidOa);
  await phone.waitForURL(/\/h5\//);
  if (!atPage('billHistory')(new URL(phone.url()))) await phone.goto(history);

  const [y, m] = paid.period.split('-');
  const row = phone.getByLabel(`${y}年${Number(m)}月账单`);
  await row.waitFor();
  await row.getByText('已缴清').waitFor();
  const place = paid.paidVia!.place!;
  await row.getByText(place, { exact: false }).waitFor();
  await screenshot(phone, 'resident-bill-history');

  await row.click();
  await phone.waitForURL(atPage('billDetail'));
  await phone.getByText('计费明细').waitFor();
  for (const item of paid.items.filter((i) => i.quantity && i.unitPriceFen)) {
    const line = phone.getByLabel('计费行').filter({ hasText: item.name });
    await line
      .getByText(`${usageText(item.quantity!)} ${item.unit} × ${formatFen(item.unitPriceFen!)}`)
      .waitFor();
    await line.getByText(formatFen(item.amountFen)).waitFor();
  }
  await phone.getByText(expectedTierPosition(tariff, paid, yearBills, unit)).waitFor();
  await phone.getByText('缴费时间').waitFor();
  await phone
    .getByText(/^缴费方式:/)
    .filter({ hasText: place })
    .waitFor();
  await phone.locator('.nut-button', { hasText: '下载缴费凭证' }).waitFor();
  // Paid: no pay button.
  expect(await phone.locator('.nut-button', { hasText: /^\s*缴费 ¥/ }).count()).toBe(0);
  await screenshot(phone, 'resident-bill-detail-tiers');
});

it('a self reading shows its trial bill, tiers and amount, before the resident submits it', async () => {
  const mine = await e2e.portal.api('GET', '/api/accounts', { token: residentToken });
  const accountNo = mine.body.items[0].accountNo as string; // the page's first account
  const account = await AccountModel.findOne({ accountNo }).lean();
  const reading = (account!.meters[0]!.lastReading ?? 0) + 25;
  const trial = await e2e.portal.api('POST', '/api/meter-readings/trial', {
    token: residentToken,
    body: { accountNo, reading },
  });
  expect(trial.status).toBe(200);

  await phone.goto(h5PageUrl(e2e.portal.url, 'meterReading'));
  await phone.locator('input[type="number"]').fill(String(reading));
  const shown = phone.getByLabel('试算结果');
  await shown.getByText(`用量 ${usageText(trial.body.usage)} ${trial.body.unit}`).waitFor();
  await shown.getByText(formatFen(trial.body.amountFen), { exact: true }).last().waitFor();
  for (const item of trial.body.items as Bill['items']) await shown.getByText(item.name).waitFor();
  await screenshot(phone, 'resident-trial-bill');
  // Nothing was submitted: the household has no new reading.
  const readings = await e2e.portal.api('GET', `/api/accounts/${accountNo}/meter-readings`, {
    token: residentToken,
  });
  expect(readings.body.items.some((r: { reading: number }) => r.reading === reading)).toBe(false);
});

it('staff change a service hall’s hours in the console and the H5 page shows them at once', async () => {
  const admin = await e2e.consolePage('admin');
  await admin.goto(`${e2e.portal.url}/console/admin/service-halls`);
  await admin.getByRole('heading', { name: '营业网点' }).waitFor();
  await admin.getByRole('button', { name: '编辑朝阳营业厅' }).click();
  const dialog = await settledModal(admin);
  const hours = dialog.getByLabel('营业时间');
  await hours.fill('周一至周六 9:00–18:00(周日休息)');
  await antButton(dialog, '保存').click();
  await admin.getByRole('cell', { name: '周一至周六 9:00–18:00(周日休息)' }).waitFor();

  await phone.goto(h5PageUrl(e2e.portal.url, 'serviceHalls'));
  await phone
    .getByLabel('朝阳营业厅营业时间')
    .getByText('营业时间:周一至周六 9:00–18:00(周日休息)')
    .waitFor();
  await screenshot(phone, 'resident-service-halls');
});

it('an admin writes a 业务指南 in the console, residents read it on the H5 at once, and it is gone once deleted', async () => {
  const admin = await e2e.consolePage('admin');
  await admin.goto(`${e2e.portal.url}/console/admin/service-guides`);
  await admin.getByRole('heading', { name: '业务指南' }).waitFor();
  await antButton(admin, '新增指南').click();
  const dialog = await settledModal(admin, '新增业务指南');
  await dialog.getByLabel('标题').fill('冬季供暖前自查');
  await dialog.getByLabel('内容(每行一条)').fill('检查暖气片阀门是否打开\n\n  家中无人时请关闭燃气总阀  ');
  await antButton(dialog, '保存').click();
  await admin.getByRole('cell', { name: '冬季供暖前自查', exact: true }).waitFor();
  await admin
    .getByRole('row', { name: /冬季供暖前自查/ })
    .getByText('2 条')
    .waitFor();

  await phone.goto(h5PageUrl(e2e.portal.url, 'serviceGuides'));
  await phone.getByText('冬季供暖前自查').waitFor();
  // The lines as written, trimmed, the blank one left out.
  await phone.getByText('2. 家中无人时请关闭燃气总阀', { exact: true }).waitFor();

  await admin.getByRole('button', { name: '编辑冬季供暖前自查' }).waitFor();
  await admin
    .getByRole('row', { name: /冬季供暖前自查/ })
    .getByRole('button', { name: /删\s*除/ })
    .click();
  await antButton(admin.locator('.ant-popconfirm'), '确定').click();
  await toastShown(admin, '已删除“冬季供暖前自查”');
  await admin.getByRole('cell', { name: '冬季供暖前自查', exact: true }).waitFor({ state: 'detached' });
  const listed = phone.waitForResponse((r) => new URL(r.url()).pathname === '/api/service-guides');
  await phone.reload();
  const after = (await (await listed).json()) as { items: { title: string }[] };
  expect(after.items.map((g) => g.title)).not.toContain('冬季供暖前自查');
  await phone.waitForLoadState('networkidle');
  expect(await phone.getByText('冬季供暖前自查').count()).toBe(0);
});
