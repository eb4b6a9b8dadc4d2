/**
 * 缴费与退款 in the console against the demo portal: the demo resident pays a bill (through the WeChat Pay
 * sandbox, notified the production way), a supervisor finds the payment by 户号, reads its timeline,
 * refunds part of it, and the refund is checked where it matters: at WeChat Pay (the sandbox, asked over
 * the signed refund query) and on the payment the portal keeps; then WeChat Pay's trade bill of a past day is
 * reconciled from the same screen and lists a payment whose notification was lost. Needs `npm run build:console`.
 */
import type { Page } from 'playwright-core';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { BindingModel } from '../server/src/modules/accounts/binding.model';
import { BillModel } from '../server/src/modules/billing/bill.model';
import { PaymentModel } from '../server/src/modules/billing/payment.model';
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { fenToYuan } from '../types/src/money';
import { addDays, atShanghai, dayOf } from '../types/src/time';
import { screenshot, settledModal, useE2E } from './harness';

const e2e = useE2E({ timeout: 300_000 });
let page: Page;

beforeAll(async () => {
  page = await e2e.desktopPage();
});

/** antd puts a space between two Chinese characters on a button ("退 款"). */
const button = (text: string) =>
  page.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });

async function until<T>(
  what: string,
  read: () => Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The demo resident pays one unpaid bill of a home they are bound to; the sandbox notifies the portal (unless
 * `lost`: WeChat takes the money and the notification never arrives). `paidAt`: when WeChat records it.
 */
async function residentPays(
  o: { paidAt?: Date; lost?: boolean } = {},
): Promise<{ accountNo: string; outTradeNo: string; amountFen: number }> {
  const resident = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  const homes = (await BindingModel.find({ userId: resident!._id }).lean()).map((b) => b.accountNo);
  const bill = await BillModel.findOne({
    accountNo: { $in: homes },
    status: { $in: ['unpaid', 'overdue'] },
    amountDue: { $gt: o.lost ? 0 : 2_000 },
  }).lean();
  expect(bill).toBeTruthy();
  const token = await e2e.portal.deps.tokens.sign({
    kind: 'resident',
    userId: String(resident!._id),
    openid: DEMO_RESIDENT.openidMp,
    app: 'mp',
  });
  const made = await e2e.portal.api('POST', '/api/payments', {
    token,
    body: { accountNo: bill!.accountNo, billIds: [String(bill!._id)] },
  });
  expect(made.status).toBe(200);
  const { outTradeNo, amountFen } = made.body.payment;
  if (o.lost) await e2e.portal.sandbox.injectFault({ kind: 'drop' });
  await e2e.portal.sandbox.payOrder(outTradeNo, { paidAt: o.paidAt });
  if (o.lost) return { accountNo: bill!.accountNo, outTradeNo, amountFen };
  await until(
    'the payment to be paid',
    async () => (await PaymentModel.findOne({ outTradeNo, status: 'paid' }).lean()) !== null,
  );
  return { accountNo: bill!.accountNo, outTradeNo, amountFen };
}

it('a supervisor finds a resident’s paid payment by 户号, refunds part of it (WeChat Pay refunds that amount) and reconciles a day’s trade bill', async () => {
  const paid = await residentPays();
  const refundFen = 1_234;

  await page.goto(`${e2e.portal.url}/console/login`);
  await page.getByPlaceholder('用户名').fill('supervisor');
  await page.getByPlaceholder('密码').fill('supervisor123');
  await button('登录').click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));

  // The menu offers the screen under 收费 (the route guard lets the supervisor in).
  await page.locator('.ant-menu-item', { hasText: '缴费与退款' }).first().waitFor({ state: 'attached' });
  await page.goto(`${e2e.portal.url}/console/payments`);

  await page.getByPlaceholder('户号 / 订单号 / 微信支付单号').fill(paid.accountNo);
  await page.getByPlaceholder('户号 / 订单号 / 微信支付单号').press('Enter');
  const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: paid.outTradeNo });
  await row.waitFor();
  await expectText(row, '已支付');
  await row.click();

  const drawer = page.locator('.ant-drawer-content');
  await drawer.getByText(paid.outTradeNo).first().waitFor();
  const timeline = drawer.getByTestId('payment-timeline');
  await timeline.getByText('创建订单').waitFor();
  await timeline.getByText('收到微信支付通知:支付成功').waitFor();
  await screenshot(page, 'payments-desk-found');

  await drawer.getByRole('button', { name: /退\s*款/ }).click();
  const modal = await settledModal(page, `可退 ¥${fenToYuan(paid.amountFen)}`);
  // check(): clicks the label and fails at once, saying so, when the click did not select it.
  await modal.getByRole('radio', { name: '部分退款' }).check();
  await modal.getByPlaceholder('例如 10.00').fill(fenToYuan(refundFen, { grouping: false }));
  await modal.getByPlaceholder('例如:多收燃气费、重复缴费').fill('抄表错误多收');
  const key = (await modal.getByText(/^幂等键:/).innerText()).match(/refund-[\w-]+/)![0];
  await modal.getByRole('button', { name: /确认退款/ }).click();
  await page.getByText('退款已提交').waitFor();

  // The drawer shows the refund in the timeline and the refund list.
  await timeline.getByText(`申请退款:${refundFen} 分:抄表错误多收`).waitFor();
  await drawer.locator('.ant-table-tbody tr', { hasText: '抄表错误多收' }).waitFor();
  await screenshot(page, 'payments-desk-refunded');

  // WeChat Pay (the sandbox, asked over the signed API) has the refund, for that amount.
  const doc = await until('the refund to succeed', async () => {
    const p = await PaymentModel.findOne({ outTradeNo: paid.outTradeNo }).lean();
    return p?.status === 'partially_refunded' ? p : undefined;
  });
  expect(doc.refunds).toHaveLength(1);
  expect(doc.refunds[0]).toMatchObject({
    amountFen: refundFen,
    status: 'success',
    reason: '抄表错误多收',
    idempotencyKey: key,
  });
  expect(doc.refundedFen).toBe(refundFen);
  const atWechat = await e2e.portal.deps.wechat.pay().queryRefund(doc.refunds[0]!.outRefundNo);
  expect(atWechat).toMatchObject({
    status: 'SUCCESS',
    out_trade_no: paid.outTradeNo,
    amount: expect.objectContaining({ refund: refundFen, total: paid.amountFen }),
  });

  // The staff API answers the same as the screen.
  const login = await e2e.portal.api('POST', '/api/staff/login', {
    body: { username: 'supervisor', password: 'supervisor123' },
  });
  const staffView = await e2e.portal.api('GET', `/api/staff/payments/${paid.outTradeNo}`, {
    token: login.body.token,
  });
  expect(staffView.body).toMatchObject({ status: 'partially_refunded', refundedFen: refundFen });

  // Reconciliation from the same screen says what it changed (nothing is left pending here).
  await page.locator('.ant-drawer-close').click();
  await button('立即对账').click();
  await page
    .getByTestId('reconciliation-result')
    .getByText(/共检查 \d+ 笔/)
    .waitFor();
  await screenshot(page, 'payments-desk-reconciled');

  // WeChat Pay's trade bill of two days ago: a payment WeChat took whose notification was lost is listed,
  // and recorded on the spot.
  const billDate = addDays(dayOf(new Date()), -2);
  const lost = await residentPays({ paidAt: atShanghai(billDate, '09:30'), lost: true });
  expect((await PaymentModel.findOne({ outTradeNo: lost.outTradeNo }).lean())!.status).toBe('pending');
  const card = page.locator('.ant-card', { hasText: '微信支付对账单' });
  await card.getByPlaceholder('账单日期').click();
  await card.getByPlaceholder('账单日期').fill(billDate);
  await card.getByPlaceholder('账单日期').press('Enter');
  await card.getByRole('button', { name: /下载账单并对账/ }).click();
  const result = page.getByTestId('trade-bill-result');
  await result.getByText(billDate).first().waitFor();
  const diff = result.locator('.ant-table-tbody tr', { hasText: lost.outTradeNo });
  await diff.getByText('微信已支付、平台未入账').waitFor();
  await diff.getByText('已查单补记').waitFor();
  await screenshot(page, 'payments-desk-trade-bill');
  expect((await PaymentModel.findOne({ outTradeNo: lost.outTradeNo }).lean())!.status).toBe('paid');
  const stored = await e2e.portal.api('GET', `/api/staff/trade-bills/${billDate}`, {
    token: login.body.token,
  });
  expect(stored.body.discrepancies).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        kind: 'status_mismatch',
        outTradeNo: lost.outTradeNo,
        resolution: 'settled',
      }),
    ]),
  );
});

async function expectText(locator: ReturnType<Page['locator']>, text: string) {
  await locator.getByText(text).first().waitFor();
}
