/**
 * The resident H5 in a real browser against the whole demo portal (sandbox + demo seed): one portal
 * for the file, one phone-sized browser context (one resident), flows in the order a resident lives
 * them. Staff act through the HTTP API with demo logins; the chat agent is a `ws` client.
 * Needs the H5 build (`npm run build:h5`).
 */
import path from 'node:path';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import {
  h5PageUrl,
  H5_BASE_PATH,
  pageLinkProblems,
  parsePageLink,
  type PageName,
  type PageQueryArg,
} from '@portal/types';
import { appJsonPages } from '../server/sandbox/pages';
import { REPO_ROOT } from '../server/src/platform/db/embeddedMongo';
import { UserModel } from '../server/src/modules/accounts/user.model';
import { PaymentModel } from '../server/src/modules/billing/payment.model';
import { formatFen } from '../miniprogram/src/utils/money';
import { atPage, confirmOauth, pageOf, screenshot, useE2E } from './harness';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { BillModel } from '../server/src/modules/billing/bill.model';

const PHOTO = path.join(__dirname, '..', 'miniprogram', 'src', 'assets', 'tab', 'home-active.png');

const e2e = useE2E({ timeout: 240_000 }); // chat answers all day (the harness default)
let page: Page;
const staff: Record<string, { token: string; id: string }> = {};

/** Two seeded active accounts with unpaid bills: one to bind and pay, one to pay by QR. */
let bindTarget: { accountNo: string; holderName: string };
let qrTarget: { accountNo: string };
/** The resident this browser signs in as (official-account openid). */
const residentOpenid = `o_e2e_${Date.now()}`;

async function staffLogin(username: string) {
  const res = await e2e.portal.api('POST', '/api/staff/login', {
    body: { username, password: `${username}123` },
  });
  expect(res.status).toBe(200);
  staff[username] = { token: res.body.token, id: res.body.staff.id };
  return staff[username]!;
}

const h5 = (p: string) => `${e2e.portal.url}/h5${p}`;
/** A page of the H5 build by its contract name. */
const h5Page = <N extends PageName>(name: N, ...query: PageQueryArg<N>) =>
  h5PageUrl(e2e.portal.url, name, ...query);
/** A NutUI button by its exact label (the button element takes the tap, not its inner text). */
const button = (label: string | RegExp) =>
  page
    .locator('.nut-button', { hasText: typeof label === 'string' ? new RegExp(`^\\s*${label}\\s*$`) : label })
    .first();
const see = (text: string | RegExp, timeout = 20_000) =>
  page.getByText(text).filter({ visible: true }).first().waitFor({ state: 'visible', timeout });

beforeAll(async () => {
  page = await e2e.phonePage();

  const withUnpaid: string[] = await BillModel.distinct('accountNo', {
    status: { $in: ['unpaid', 'overdue'] },
  });
  const accounts = await AccountModel.find({
    status: 'active',
    accountNo: { $in: withUnpaid, $nin: ['3100000001', '3110000002', '3120000003'] },
  })
    .sort({ accountNo: 1 })
    .limit(2)
    .lean();
  expect(accounts.length).toBe(2);
  bindTarget = {
    accountNo: accounts[0]!.accountNo,
    holderName: (accounts[0] as { holder: { name: string } }).holder.name,
  };
  qrTarget = { accountNo: accounts[1]!.accountNo };
  await Promise.all(['admin', 'operator', 'technician', 'agent'].map(staffLogin));
});

it('signs in through official-account OAuth, binds an account by holder name and pays a bill through the sandbox', async () => {
  await page.goto(h5('/'));
  // No session: the H5 goes to the (sandbox) OAuth authorize page and comes back with a code.
  await page.waitForSelector('#openid');
  await confirmOauth(page, residentOpenid);
  await page.waitForURL(/\/h5\//);
  await see('还没有绑定户号');
  // The resident follows the official account, so what happens next reaches them as template messages
  // (the sandbox records each; the last test follows their links). Follower status is set by hand here:
  // keeping it from the account's message push is issue 14's fallback work.
  await e2e.portal.sandbox.follow(residentOpenid);
  expect(
    (await UserModel.updateOne({ openidOa: residentOpenid }, { $set: { followsOa: true } })).matchedCount,
  ).toBe(1);
  await screenshot(page, 'resident-home-empty');
  await button('绑定户号').click();
  await page.waitForURL(atPage('bindAccount'));
  await page.locator('input[placeholder="见账单或燃气卡上的户号"]').fill(bindTarget.accountNo);
  await page.locator('input[placeholder="请输入户主姓名"]').fill(bindTarget.holderName);
  await screenshot(page, 'resident-bind');
  await button('绑定').click();
  // Home lists the bound account with what it owes.
  await page.waitForURL(atPage('home'));
  await see(bindTarget.accountNo);
  await see(/待缴 ¥/);
  await screenshot(page, 'resident-home');

  await page.goto(h5Page('bills'));
  await see('待缴账单');
  const firstRow = page.locator('.bills__row').first();
  await firstRow.waitFor();
  await screenshot(page, 'resident-bills');
  await firstRow.locator('.nut-checkbox').first().click();
  await button('立即缴费').click();
  // The sandbox pays; the result page waits for the server's confirmation (the signed notification).
  await page.waitForURL(atPage('payResult'));
  await see(/缴费成功 ¥/, 45_000);
  await screenshot(page, 'resident-pay-result');

  // History: the payment is there as a receipt, and the 12-month usage chart is drawn.
  await page.goto(h5Page('billHistory'));
  await see('近12个月用量');
  await page.locator('.usage-chart__bar').first().waitFor();
  await see('已支付');
  await screenshot(page, 'resident-history');
});

it('pays by scanning a 一户一码 QR code without binding', async () => {
  const qr = await e2e.portal.api('GET', `/api/staff/accounts/${qrTarget.accountNo}/qr`, {
    token: staff.admin!.token,
  });
  expect(qr.status).toBe(200);
  await page.goto(h5Page('qrPay', { t: qr.body.token }));
  await see('扫码缴费');
  await see('应缴合计');
  await screenshot(page, 'resident-qr-pay');
  await button(/支付 ¥/).click();
  await see(/缴费成功 ¥/, 45_000);
  const bills = await BillModel.countDocuments({
    accountNo: qrTarget.accountNo,
    status: { $in: ['unpaid', 'overdue'] },
  });
  expect(bills).toBe(0);
});

it('reports a fault with a photo and sees the order advance when staff act', async () => {
  await page.goto(h5Page('createService', { type: 'repair' }));
  await see('问题类别');
  await page.locator('.nut-radio', { hasText: '户内管道' }).first().click();
  await page.locator('textarea').fill('厨房燃气管道接口处有滴答声,请上门检查');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByText('+ 添加照片').click(),
  ]);
  await chooser.setFiles(PHOTO);
  await page.locator('.create__photo').first().waitFor();
  await screenshot(page, 'resident-report-fault');
  await button('提交').click();
  await page.waitForURL(atPage('orderDetail'));
  const orderNo = pageOf(page.url())!.query.orderNo!;
  await see('处理记录');
  await see(/已受理/);

  // Staff: the dispatcher (admin) assigns the technician, who accepts.
  const dispatch = await e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, {
    token: staff.admin!.token,
    body: { action: 'dispatch', assigneeId: staff.technician!.id },
  });
  expect(dispatch.status).toBe(200);
  const accept = await e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, {
    token: staff.technician!.token,
    body: { action: 'accept' },
  });
  expect(accept.status).toBe(200);
  // The new order reached staff phones as a WeCom card (the demo's WeCom application is the sandbox's).
  const alerted = async () =>
    (await e2e.portal.sandbox.listWecomMessages()).find(
      (m) => m.textcard?.title.includes(orderNo) && m.delivered.length > 0,
    );
  for (let i = 0; i < 150 && !(await alerted()); i++) await page.waitForTimeout(200);
  expect((await alerted())?.delivered).toEqual(expect.arrayContaining(['dispatcher']));

  await page.reload();
  await see(/服务人员已接单/);
  await see('服务人员');
  await screenshot(page, 'resident-order-detail');
  await page.goto(h5Page('orders'));
  await see(orderNo);
  await screenshot(page, 'resident-orders');
});

it('reads an outage notice an operator published for the bound account', async () => {
  const start = new Date(Date.now() + 4 * 86400_000);
  const created = await e2e.portal.api('POST', '/api/staff/notices', {
    token: staff.operator!.token,
    body: {
      utility: 'gas',
      kind: 'planned',
      title: 'E2E小区计划停气',
      reason: '燃气管网碰口施工',
      safetyAdvice: '停气期间请关闭燃气表前阀门',
      startAt: start.toISOString(),
      expectedEndAt: new Date(start.getTime() + 6 * 3600_000).toISOString(),
      target: { accountNos: [bindTarget.accountNo] },
    },
  });
  expect(created.status).toBe(201);
  const published = await e2e.portal.api('POST', `/api/staff/notices/${created.body.id}/publish`, {
    token: staff.operator!.token,
    body: {},
  });
  expect(published.status).toBe(200);

  await page.goto(h5Page('notices'));
  await see(/E2E小区计划停气/);
  await screenshot(page, 'resident-notices');
  await page
    .getByText(/E2E小区计划停气/)
    .first()
    .click();
  await see('燃气管网碰口施工');
  await see(/停气期间请关闭燃气表前阀门/);
  await see('您绑定的户号在影响范围内');
  await screenshot(page, 'resident-notice-detail');
});

it('chats with an online agent: sends a message and sees the reply', async () => {
  // The agent: a WebSocket client with a staff token, online.
  const agentFrames: any[] = [];
  const ws = new WebSocket(`${e2e.portal.url.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (d) => agentFrames.push(JSON.parse(String(d))));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'auth', token: staff.agent!.token }));
  const waitFrame = async (pred: (f: any) => boolean, ms = 20_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const f = agentFrames.find(pred);
      if (f) return f;
      if (Date.now() > until)
        throw new Error(`no such frame; got ${JSON.stringify(agentFrames.map((x) => x.type))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitFrame((f) => f.type === 'ready');
  expect(
    (
      await e2e.portal.api('PUT', '/api/chat/agent/status', {
        token: staff.agent!.token,
        body: { status: 'online' },
      })
    ).status,
  ).toBe(200);

  try {
    await page.goto(h5Page('chat'));
    await see(/为您服务|正在排队|正在为您接入/);
    await page.locator('input[placeholder="请输入您的问题"]').fill('请问本月账单为什么这么高?');
    await button('发送').click();
    await see('请问本月账单为什么这么高?');

    const incoming = await waitFrame(
      (f) =>
        f.type === 'message' &&
        f.message.from === 'resident' &&
        f.message.text === '请问本月账单为什么这么高?',
    );
    ws.send(
      JSON.stringify({
        type: 'send',
        sessionId: incoming.message.sessionId,
        clientMsgId: `agent-${Date.now()}`,
        message: { kind: 'text', text: '您好,本月为采暖季,用气量较上月增加。' },
      }),
    );
    await see('您好,本月为采暖季,用气量较上月增加。');
    await see(/为您服务/);
    // Each message once (ack + live message + resume never show twice).
    expect(await page.locator('.chat__bubble', { hasText: '请问本月账单为什么这么高?' }).count()).toBe(1);
    await screenshot(page, 'resident-chat');
  } finally {
    ws.close();
  }
});

it('shows the profile and the subscription settings', async () => {
  await page.goto(h5Page('mine'));
  await see('已绑定户号');
  await screenshot(page, 'resident-mine');
  await page.goto(h5Page('subscriptions'));
  await see('消息订阅');
  await screenshot(page, 'resident-subscriptions');
});

it('every message the resident received opens a page of the built mini-program, and that page shows what the message is about', async () => {
  const appJson = `${REPO_ROOT}/miniprogram/dist/weapp/app.json`;
  expect(fs.existsSync(appJson)).toBe(true); // npm run build:weapp
  const builtPages = appJsonPages(appJson);
  // The journey above paid a bill, reported a fault that staff advanced, and published a notice.
  const expected: PageName[] = ['payResult', 'orderDetail', 'noticeDetail'];
  let messages: Awaited<ReturnType<typeof e2e.portal.sandbox.listMessages>> = [];
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    messages = await e2e.portal.sandbox.listMessages({ touser: residentOpenid });
    if (expected.every((n) => messages.some((m) => m.page && parsePageLink(m.page)?.name === n))) break;
  }
  expect(messages.length).toBeGreaterThan(0);
  const opened = new Set<PageName>();
  for (const m of messages) {
    expect(m.page).toBeDefined();
    const link = parsePageLink(m.page!)!;
    expect(builtPages).toContain(link.path);
    expect(pageLinkProblems(m.page!)).toEqual([]);
    if (opened.has(link.name)) continue;
    opened.add(link.name);
    // The same page in the H5 build, as the message opens it in the mini-program.
    await page.goto(`${e2e.portal.url}${H5_BASE_PATH}/${m.page}`);
    if (link.name === 'orderDetail') {
      await see(link.query.orderNo!);
      await see('处理记录');
    } else if (link.name === 'noticeDetail') {
      const notice = await e2e.portal.api('GET', `/api/notices/${link.query.id}`);
      await see(notice.body.title);
    } else if (link.name === 'payResult') {
      const payment = await PaymentModel.findOne({ outTradeNo: link.query.outTradeNo }).lean();
      await see(`缴费成功 ${formatFen(payment!.amountFen)}`);
    } else if (link.name === 'billDetail') {
      await see('应缴金额');
    } else {
      await page.waitForLoadState('networkidle');
    }
    await screenshot(page, `resident-message-${link.name}`);
  }
  expect([...opened]).toEqual(expect.arrayContaining(expected));
});
