/**
 * The staff console against the whole demo portal (real server, sandbox, demo seed) in headless Chromium:
 * an agent finds a customer and answers a chat, a dispatcher dispatches an order the resident then sees,
 * an operator publishes an outage notice and watches its delivery report fill, a manager drills from a
 * chart to the orders behind it, and a technician cannot open admin pages.
 */
import WebSocket from 'ws';
import {
  antButton as button,
  demoResidentToken,
  pickOption,
  screenshot,
  settledModal,
  toastShown,
  useE2E,
} from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident (accounts demo seed), 朝阳区望京园
const e2e = useE2E();
let residentToken: string;

beforeAll(async () => {
  residentToken = await demoResidentToken(e2e.portal, 'mp');
});

async function staffToken(username: string): Promise<string> {
  const r = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username, password: `${username}123` },
  });
  return r.body.token;
}

function residentSocket(): Promise<{ ws: WebSocket; frames: Array<Record<string, any>> }> {
  const ws = new WebSocket(`${e2e.portal.url.replace(/^http/, 'ws')}/ws`);
  const frames: Array<Record<string, any>> = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  return new Promise((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: residentToken })));
    ws.on('error', reject);
    const t = setInterval(() => {
      if (frames.some((f) => f.type === 'ready')) {
        clearInterval(t);
        resolve({ ws, frames });
      }
    }, 50);
  });
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('an agent finds a customer, and answers the resident’s chat with the record beside it', async () => {
  const agent = await staffToken('agent');
  const found = await e2e.portal.api('GET', `/api/staff/customers?q=${ACCOUNT}`, { token: agent });
  const holderName: string = found.body.items[0].holderName;

  const page = await e2e.consolePage('agent');
  await page.getByPlaceholder('户号 / 手机号 / 姓名 / 地址').fill(ACCOUNT);
  await button(page, '查询').click();
  await page.locator('.ant-table-row', { hasText: ACCOUNT }).click();
  await page.getByText(`${holderName}(户号 ${ACCOUNT})`).waitFor();
  await page.getByText('为客户开单').waitFor();
  await screenshot(page, 'console-customer-360');

  await page.goto(`${e2e.portal.url}/console/chat`);
  await page.getByText('已连接').waitFor();
  await pickOption(page.getByRole('combobox', { name: '接待状态' }), '在线接待');
  await toastShown(page, '已开始接待');

  const { ws, frames } = await residentSocket();
  try {
    const opened = await e2e.portal.api('POST', '/api/chat/sessions', {
      token: residentToken,
      body: { accountNo: ACCOUNT, text: '你好,我家燃气表不走字了' },
    });
    expect(opened.status).toBeLessThan(300);

    // Assigned to the only online agent at once; otherwise it waits in the queue for 接入.
    const mine = page.locator('.ant-list-item', { hasText: ACCOUNT });
    try {
      await mine.first().waitFor({ timeout: 8_000 });
      await mine.first().click();
    } catch {
      await page.getByRole('tab', { name: /排队/ }).click();
      await page.locator('.ant-list-item', { hasText: ACCOUNT }).first().click();
    }
    await page.getByText(`与 ${ACCOUNT} 的会话`).waitFor();
    await page.getByText('你好,我家燃气表不走字了').waitFor();
    await page.getByText(holderName).first().waitFor(); // the 360 record beside the conversation

    const reply = '您好,师傅今天下午上门检查表具';
    await page.getByPlaceholder('输入回复,Enter 发送,Shift+Enter 换行').fill(reply);
    await page.keyboard.press('Enter');
    await page.locator('[aria-label="消息列表"]').getByText(reply).waitFor();
    const got = await until('the agent’s reply on the resident’s socket', () =>
      frames.find((f) => f.type === 'message' && f.message.from === 'agent' && f.message.text === reply),
    );
    expect(got.message.sessionId).toBe(opened.body.session.id);
    await screenshot(page, 'console-chat-desk');
  } finally {
    ws.close();
  }
});

it('a dispatcher dispatches an order and the resident’s timeline shows it', async () => {
  const created = await e2e.portal.api('POST', '/api/work-orders', {
    token: residentToken,
    body: { accountNo: ACCOUNT, type: 'repair', category: 'other', description: '灶具点不着火,麻烦上门看看' },
  });
  expect(created.status).toBe(201);
  const orderNo: string = created.body.orderNo;
  const before = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: residentToken })).body
    .timeline.length;

  const page = await e2e.consolePage('dispatcher');
  await page.goto(`${e2e.portal.url}/console/work-orders/${orderNo}`);
  await page.getByText(`工单 ${orderNo}`).waitFor();
  await page.getByRole('button', { name: /^(派\s*单|改\s*派)$/ }).click();
  const modal = await settledModal(page);
  await pickOption(modal, '维修李师傅', { search: '维修李' });
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await toastShown(page, '已更新工单');
  await page.getByText('维修李师傅').first().waitFor();
  await screenshot(page, 'console-order-dispatched');

  const seen = await until('the dispatch on the resident’s timeline', async () => {
    const o = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: residentToken })).body;
    return o.timeline.length > before && o.timeline.at(-1).node === 'dispatched' ? o : undefined;
  });
  expect(seen.timeline.at(-1).text).toMatch(/师傅/);

  // The technician sees it on a phone, and cannot reach admin pages.
  const phone = await e2e.consolePage('technician', { phone: true });
  await phone.getByText(orderNo).first().waitFor();
  await screenshot(phone, 'console-technician-tasks');
  await phone.getByText(orderNo).first().click();
  await button(phone, '接单').click();
  await toastShown(phone, '已提交');
  await phone.getByRole('button', { name: /^出\s*发$/ }).waitFor();
  await screenshot(phone, 'console-technician-order');
  const taken = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: residentToken })).body;
  expect(taken.timeline.at(-1).node).toBe('taken');
  await phone.goto(`${e2e.portal.url}/console/admin/staff`);
  await phone.getByText('您的角色无权访问此页面').waitFor();
  expect(await phone.getByText('人员与角色').count()).toBe(0);
  await screenshot(phone, 'console-technician-403');
  const denied = await e2e.portal.api('GET', '/api/staff/users', { token: await staffToken('technician') });
  expect(denied.status).toBe(403);
});

it('an operator publishes an outage notice and sees its delivery report fill', async () => {
  const page = await e2e.consolePage('operator');
  await page.goto(`${e2e.portal.url}/console/notices/new`);
  // The area picker: type to search the area tree, pick the community.
  await page
    .locator('.ant-form-item', { hasText: '影响范围' })
    .locator('.ant-select-selector')
    .first()
    .click();
  await page.keyboard.type('望京园');
  await page.locator('.ant-cascader-menu-item', { hasText: '望京园' }).first().click();
  await page.keyboard.press('Escape');
  await page.locator('#reason').fill('中压管网检修');
  await page.getByRole('button', { name: '预览受影响用户' }).click();
  const households = page
    .locator('.ant-descriptions-item', { hasText: '影响户数' })
    .locator('.ant-descriptions-item-content');
  await households.waitFor();
  const users = Number(
    await page
      .locator('.ant-descriptions-item', { hasText: '绑定用户' })
      .locator('.ant-descriptions-item-content')
      .innerText(),
  );
  expect(Number(await households.innerText())).toBeGreaterThan(0);
  expect(users).toBeGreaterThan(0);
  await screenshot(page, 'console-notice-compose');

  await button(page, '发布').click();
  await page.waitForURL(/\/console\/notices\/[0-9a-f]{24}$/);
  await toastShown(page, '通知已发布');
  await page.locator('.ant-tag', { hasText: '已发布' }).waitFor();
  // The fan-out runs in the portal's workers; the page polls the report until the push is done.
  await page.locator('.ant-table-row .ant-tag', { hasText: '完成' }).waitFor({ timeout: 60_000 });
  const stat = (title: string) =>
    page.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content-value').innerText();
  expect(Number(await stat('通知用户'))).toBe(users);
  const sent = Number(await stat('已发送'));
  const failed = Number(await stat('失败'));
  expect(sent + failed).toBeGreaterThan(0);
  await screenshot(page, 'console-notice-delivery');
});

it('a manager drills from the orders-by-area chart to the orders behind the bar', async () => {
  const kpis = (await e2e.portal.api('GET', '/api/staff/kpis', { token: await staffToken('manager') })).body;
  const areas = [...kpis.ordersByArea].sort(
    (a: { count: number }, b: { count: number }) => b.count - a.count,
  );
  expect(areas.length).toBeGreaterThan(0);

  const page = await e2e.consolePage('manager');
  await page.getByText('运营驾驶舱').waitFor();
  const chart = page.locator('[aria-label="各片区工单量"]');
  await chart.locator('canvas').waitFor();
  // Mouse clicks go to viewport coordinates: bring the chart on screen first (the cockpit has grown).
  await chart.scrollIntoViewIfNeeded();
  await page.waitForTimeout(800); // the bars' entry animation
  await screenshot(page, 'console-cockpit');

  // The first (tallest) bar: grid left 48 / right 16 / bottom 48 in CockpitPage; click near its base.
  const box = (await chart.boundingBox())!;
  const slot = (box.width - 64) / areas.length;
  await page.mouse.click(box.x + 48 + slot / 2, box.y + box.height - 48 - 4);
  const drawer = page.locator('.ant-drawer');
  await drawer.getByText(`${areas[0].areaCode} 的工单`).waitFor();
  await drawer.getByText(`共 ${areas[0].count} 条`).waitFor();
  const firstRow = drawer.locator('.ant-table-row').first();
  expect(await firstRow.innerText()).toContain(areas[0].areaCode);
  await screenshot(page, 'console-cockpit-drilldown');

  // The row opens the order itself, read-only (a manager does not dispatch).
  const orderNo = (await firstRow.locator('td').first().innerText()).trim();
  await firstRow.click();
  await page.getByText(`工单 ${orderNo}`).waitFor();
  await page.locator('.ant-timeline').first().waitFor();
  expect(await page.getByRole('button', { name: /^(派\s*单|改\s*派)$/ }).count()).toBe(0);
});
