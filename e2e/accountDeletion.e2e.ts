/**
 * 注销 in the resident H5: the demo resident opens 注销账号 from the page contract, reads what is deleted
 * and what is kept, confirms twice, and the app starts over; signing in again as the same WeChat person
 * makes a new resident with no 户号, while the payments stay on record. Needs the H5 build.
 */
import { h5PageUrl } from '@portal/types';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { BindingModel } from '../server/src/modules/accounts/binding.model';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { PaymentModel } from '../server/src/modules/billing/payment.model';
import { atPage, confirmOauth, screenshot, useE2E } from './harness';

const e2e = useE2E();

it('the demo resident deletes their account from the H5 and comes back as someone new with no 户号', async () => {
  const before = await UserModel.findOne({ openidOa: DEMO_RESIDENT.openidOa }).lean();
  expect(before).not.toBeNull();
  const userId = String(before!._id);
  expect(await BindingModel.countDocuments({ userId })).toBeGreaterThan(0);
  const paymentsBefore = await PaymentModel.countDocuments({ userId });

  const page = await e2e.phonePage();
  const url = h5PageUrl(e2e.portal.url, 'deleteAccount');
  await page.goto(url);
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  if (!atPage('deleteAccount')(new URL(page.url()))) await page.goto(url);

  await page.getByText(/已绑定 [1-9]\d* 个户号,注销后全部解除/).waitFor();
  await page.getByText('注销后将删除').waitFor();
  await page.getByText('缴费、退款和发票记录依法保留,但不再与您关联').waitFor();
  // A NutUI button: the element with the class takes the tap, and says when it is disabled.
  const deleteButton = page.locator('.nut-button', { hasText: /^\s*注销账号\s*$/ }).first();
  expect(await deleteButton.getAttribute('class')).toMatch(/disabled/);
  await page.locator('.nut-checkbox', { hasText: '我已了解,注销后无法恢复' }).click();
  await page.waitForFunction((el) => !el?.className.includes('disabled'), await deleteButton.elementHandle());
  await screenshot(page, 'account-deletion-confirm');
  await deleteButton.click();
  await page.getByText('确认注销').waitFor();
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/me') && r.request().method() === 'DELETE',
  );
  await page.getByText('注销', { exact: true }).filter({ visible: true }).click();
  expect((await answered).status()).toBe(200);

  const gone = await UserModel.findById(userId).lean();
  expect(gone).toMatchObject({ erasedAt: expect.any(Date) });
  expect(gone).not.toHaveProperty('openidOa');
  expect(await BindingModel.countDocuments({ userId })).toBe(0);
  expect(await PaymentModel.countDocuments({ userId })).toBe(paymentsBefore);

  // The app starts over; the same WeChat person signing in again is a new resident with nothing bound.
  await page.waitForSelector('#openid');
  await confirmOauth(page, DEMO_RESIDENT.openidOa);
  await page.waitForURL(/\/h5\//);
  await page.getByText('还没有绑定户号').first().waitFor();
  const again = await UserModel.findOne({ openidOa: DEMO_RESIDENT.openidOa }).lean();
  expect(String(again!._id)).not.toBe(userId);
  expect(await BindingModel.countDocuments({ userId: again!._id })).toBe(0);
  await screenshot(page, 'account-deletion-new-visitor');
}, 120_000);
