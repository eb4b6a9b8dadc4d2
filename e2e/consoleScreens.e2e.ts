/**
 * The console's newer screens, one test each, against one demo portal: the screen is driven in Chromium,
 * one real change is made where the screen changes something, and its effect is read back through the API
 * (the resident's API where residents see it). Each test signs in on its own page; no page may throw.
 */
import fs from 'node:fs';
import { WorkOrderModel } from '../server/src/modules/workorders/orders/workorder.model';
import { EscalationModel } from '../server/src/modules/workorders/sla/sla.model';
import { KpiAlertModel } from '../server/src/modules/kpi/kpiAlert.model';
import { addDays, dayOf } from '../server/src/platform/time';
import {
  demoResidentToken,
  antButton,
  pickOption,
  pickSuggestion,
  screenshot,
  settledModal,
  useE2E,
  toastShown,
} from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident, 朝阳区望京园 (CY-WJY)
// The KPI roll-up runs only when asked (立即重算), so the cockpit test sees what its button does. Lists count
// their matches up to 100, so the demo's 400 orders go past it.
const e2e = useE2E({ env: { KPI_ROLLUP_EVERY_SECONDS: '86400', LIST_COUNT_UP_TO: '100' } });
let adminToken: string;

beforeAll(async () => {
  const login = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username: 'admin', password: 'admin123' },
  });
  adminToken = login.body.token;
});

const admin = () => e2e.consolePage('admin');
const api = <T = any>(method: string, p: string, body?: unknown) =>
  e2e.portal.api<T>(method, p, { token: adminToken, body });

const residentToken = () => demoResidentToken(e2e.portal, 'mp');

/** Waits until `read` returns something `ok` accepts (an API answer the screen's action changes). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 10_000;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

it('服务设置: an admin changes the hotline and chat hours, and the residents’ settings answer with them', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/admin/settings`);
  const form = page.getByRole('form', { name: '服务热线与在线客服时间' });
  await form.getByLabel('服务热线').fill('0571-88886666');
  await form.getByLabel('在线客服 从').fill('07:30');
  await form.getByLabel('到', { exact: true }).fill('21:00');
  await antButton(form, '保存').click();
  await toastShown(page, '已保存,居民端即时生效');
  await page.getByText(/最近由 .+ 于 .+ 修改/).waitFor();
  await screenshot(page, 'screens-settings');
  const pub = await e2e.portal.api('GET', '/api/settings');
  expect(pub.body).toMatchObject({ hotline: '0571-88886666', chatServiceHours: '07:30-21:00' });

  // 人工费率: saved beside them, and what 工单成本 counts hours at.
  const rate = page.getByRole('form', { name: '人工费率' });
  await rate.getByLabel('每工时').fill('95');
  await antButton(rate, '保存').click();
  await toastShown(page, '已保存人工费率');
  const staff = await api('GET', '/api/staff/settings');
  expect(staff.body).toMatchObject({ hotline: '0571-88886666', labourRateFen: 9500 });
  const today = dayOf(new Date());
  const costs = await api('GET', `/api/kpi/order-costs?from=${addDays(today, -29)}&to=${today}`);
  expect(costs.body.labourRateFen).toBe(9500);
  await page.goto(`${e2e.portal.url}/console/cockpit/order-costs`);
  await page.getByText('人工费率 ¥95.00/小时(服务设置)').waitFor();
  await screenshot(page, 'screens-order-costs');
  // The demo's finished orders recorded their materials: a row opens the orders behind it, and an order number
  // opens that order in the console.
  await page.locator('.ant-table-row').first().click();
  const drawer = page.locator('.ant-drawer-content');
  const first = drawer.locator('.ant-table-row').first().getByRole('link');
  const orderNo = await first.innerText();
  await first.click();
  await page.waitForURL(new RegExp(`/console/work-orders/${orderNo}$`));
  await page.getByText(orderNo).first().waitFor();
}, 60_000);

it('工单列表: past the count’s bound the pager says 100+, and paging on counts further', async () => {
  const admin = await e2e.consolePage('admin');
  await admin.goto(`${e2e.portal.url}/console/work-orders`);
  const pager = admin.locator('.ant-pagination');
  await pager.getByText('共 100+ 条').waitFor();
  // What needs work first: open orders, the nearest deadline first and those with none running after them, then
  // resolved, closed and cancelled ones, the newest first among equals. (It opened on a cancelled order before.)
  const rank = ['open', 'resolved', 'closed', 'cancelled'];
  const due = (o: { slaDueAt?: Date | null }) => o.slaDueAt?.getTime() ?? Infinity;
  const expected = (await WorkOrderModel.find({}, { orderNo: 1, state: 1, slaDueAt: 1, createdAt: 1 }).lean())
    .sort(
      (a, b) =>
        rank.indexOf(a.state) - rank.indexOf(b.state) ||
        (due(a) === due(b) ? 0 : due(a) < due(b) ? -1 : 1) ||
        b.createdAt.getTime() - a.createdAt.getTime(),
    )
    .slice(0, 20);
  expect(expected[0].state).toBe('open');
  const shown = (await admin.locator('.ant-table-row').allInnerTexts()).map((r) => r.match(/WO\d+/)?.[0]);
  expect(shown).toEqual(expected.map((o) => o.orderNo));
  // 100 counted and more: the pager offers a sixth page of 20, and that page counts on to its own end.
  await pager.locator('.ant-pagination-item[title="6"]').click();
  await pager.getByText('共 120+ 条').waitFor();
  await admin.locator('.ant-table-row').first().waitFor();
  expect(await admin.locator('.ant-table-row').count()).toBe(20);
  await pager.locator('.ant-pagination-item[title="7"]').waitFor();
  await screenshot(admin, 'work-orders-count-capped');

  // The board shows the 100 open orders due first; with more open, it says how many and where the rest are.
  // The demo has a few open orders: 120 of its closed ones are opened for this, and closed again after.
  await admin.goto(`${e2e.portal.url}/console/work-orders/board`);
  await admin.locator('.ant-card-head').first().waitFor();
  expect(await admin.getByText(/看板显示时限最紧的/).count()).toBe(0); // all of them fit
  // Every column is named in Chinese, an empty one too (it has no order to take its name from).
  const heads = await admin.locator('.ant-card-head-title').allInnerTexts();
  expect(heads.filter((h) => /[a-z]/i.test(h))).toEqual([]);
  const reopened = (await WorkOrderModel.find({ state: 'closed' }, { _id: 1 }).limit(120).lean()).map(
    (o) => o._id,
  );
  expect(reopened).toHaveLength(120);
  await WorkOrderModel.updateMany({ _id: { $in: reopened } }, { $set: { state: 'open' } });
  try {
    const open = await e2e.portal.api('GET', '/api/staff/work-orders?state=open&pageSize=100', {
      token: adminToken,
    });
    expect(open.body).toMatchObject({ total: 100, totalCapped: true }); // counted up to 100
    await admin.reload();
    await admin.getByText('看板显示时限最紧的 100 单，未结工单共 100+ 单').waitFor();
    await screenshot(admin, 'work-orders-board-more');
    await admin.getByRole('link', { name: '工单列表' }).last().click();
    await admin.waitForURL(/\/console\/work-orders$/);
  } finally {
    await WorkOrderModel.updateMany({ _id: { $in: reopened } }, { $set: { state: 'closed' } });
  }
});

it('升级待办: an admin confirms an SLA escalation, and it leaves the open list', async () => {
  const order = await WorkOrderModel.findOne({ areaCode: /^CY-/ }).lean();
  const id = 'e2e-escalation-1';
  await EscalationModel.create({
    _id: id,
    orderNo: order!.orderNo,
    policy: 'repair.resolve',
    label: '报修处理超时',
    areaCode: order!.areaCode,
    breachedAt: new Date(),
    level: 1,
  });
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/work-orders/escalations`);
  const row = page.locator('.ant-table-row', { hasText: '报修处理超时' });
  await row.getByText(order!.orderNo).waitFor();
  await antButton(row, '确认').click();
  await toastShown(page, `已确认 ${order!.orderNo} 的升级`);
  // The demo's own escalations still wait (its open orders ran past their deadlines); this one has left the list.
  await row.waitFor({ state: 'detached' });
  await screenshot(page, 'screens-escalations');
  const open = await api<{ items: { id: string }[] }>('GET', '/api/escalations?open=true');
  expect(open.body.items.map((e) => e.id)).not.toContain(id);
  const all = await api<{ items: { id: string }[] }>('GET', '/api/escalations?open=false');
  expect(all.body.items.map((e) => e.id)).toContain(id);
  expect((await EscalationModel.findById(id).lean())!.acknowledgedAt).toBeInstanceOf(Date);
}, 60_000);

it('升级待办: past 200 waiting, the inbox says it lists the newest 200 and more wait', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/work-orders/escalations`);
  await page.locator('.ant-table').first().waitFor();
  const notice = page.getByRole('status').filter({ hasText: '只列出最新的 200 条待确认升级' });
  expect(await notice.count()).toBe(0); // the demo's few fit
  const ids = Array.from({ length: 201 }, (_, i) => `e2e-inbox-${i}`);
  await EscalationModel.insertMany(
    ids.map((id, i) => ({
      _id: id,
      orderNo: `WO-E2E-${i}`,
      policy: 'repair.resolve',
      label: '48 小时内完工',
      areaCode: 'CY-E2E',
      breachedAt: new Date(Date.now() - i * 60_000),
      level: 1,
    })),
  );
  try {
    await page.reload();
    await notice.waitFor();
    await screenshot(page, 'escalations-more');
    await page.getByText('全部', { exact: true }).click();
    await page.getByRole('status').filter({ hasText: '只列出最新的 200 条升级记录' }).waitFor();
  } finally {
    await EscalationModel.deleteMany({ _id: { $in: ids } });
  }
}, 60_000);

it('工单节点: an admin rewords what residents see at a repair step, and the node config has it', async () => {
  const before = await api<{ nodes: { key: string; residentText: string }[] }>(
    'GET',
    '/api/admin/work-order-nodes/repair',
  );
  const node = before.body.nodes[0]!;
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/admin/work-order-nodes`);
  const input = page.locator(`input[value="${node.residentText}"]`).first();
  await input.waitFor();
  await input.fill('已收到您的报修,我们正在安排');
  await antButton(page, '保存').click();
  await page.getByText(/已保存.*工单节点/).waitFor();
  await screenshot(page, 'screens-node-config');
  const after = await api<{ nodes: { key: string; residentText: string }[] }>(
    'GET',
    '/api/admin/work-order-nodes/repair',
  );
  expect(after.body.nodes.find((n) => n.key === node.key)!.residentText).toBe('已收到您的报修,我们正在安排');
}, 60_000);

it('工作日历: an admin renames a calendar and adds a closing day of its own', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/admin/calendars`);
  await page.locator('.ant-table-row', { hasText: 'business' }).click();
  const modal = await settledModal(page, '编辑工作日历 business');
  await modal.getByLabel('名称').fill('营业厅日历');
  await modal.getByLabel(/另加休息日/).click();
  await page.keyboard.type('2027-03-15');
  await page.keyboard.press('Enter');
  await antButton(modal, '保存').click();
  await toastShown(page, '已保存工作日历 营业厅日历');
  await page.locator('.ant-table-row', { hasText: '营业厅日历' }).waitFor();
  await screenshot(page, 'screens-calendars');
  const list = await api<{ key: string; label: string; holidays: string[] }[]>('GET', '/api/admin/calendars');
  expect(list.body.find((c) => c.key === 'business')).toMatchObject({
    label: '营业厅日历',
    holidays: ['2027-03-15'],
  });
}, 60_000);

it('抄表区段: an admin names the reader of an area, and the meter routes list him', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/meter-routes`);
  await page.getByLabel('片区编码').fill('CY-WJY');
  await page.getByLabel('抄表员').fill('抄表王师傅');
  await page.getByLabel('班组').fill('望京抄表组');
  await antButton(page, '保存').click();
  await toastShown(page, '已设置 CY-WJY 的抄表员');
  await page.locator('.ant-table-row', { hasText: '抄表王师傅' }).waitFor();
  await screenshot(page, 'screens-meter-routes');
  const routes = await api<{ areaPrefix: string; readerName: string; team: string }[]>(
    'GET',
    '/api/staff/meter-routes',
  );
  expect(routes.body).toContainEqual(
    expect.objectContaining({ areaPrefix: 'CY-WJY', readerName: '抄表王师傅', team: '望京抄表组' }),
  );
}, 60_000);

it('手工开放时段: an admin opens slots by hand, and a resident sees and books one', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/appointments/slots`);
  await page.getByRole('tab', { name: '手工开放' }).click();
  const panel = page.getByRole('tabpanel', { name: '手工开放' });
  await pickOption(panel.locator('.ant-select', { hasText: '片区编码,如 CY-WJY' }), 'CY-WJY', {
    search: 'CY-WJY',
  });
  await pickOption(panel.getByRole('combobox', { name: '工单类型' }), /^报修$/);
  await panel.getByRole('spinbutton').fill('3');
  await antButton(panel, '开放时段').click();
  await page.getByText(/CY-WJY 报修 .*新开放 \d+ 个时段/).waitFor();
  await screenshot(page, 'screens-manual-slots');

  const resident = await residentToken();
  const today = dayOf(new Date());
  const slots = await e2e.portal.api<{ id: string; areaCode: string; capacity: number; remaining: number }[]>(
    'GET',
    `/api/slots?areaCode=CY-WJY&type=repair&from=${addDays(today, 1)}&to=${addDays(today, 7)}`,
    { token: resident },
  );
  const opened = slots.body.filter((s) => s.areaCode === 'CY-WJY');
  expect(opened.length).toBeGreaterThan(0);
  expect(opened[0]).toMatchObject({ capacity: 3, remaining: 3 });
  const booked = await e2e.portal.api('POST', '/api/appointments', {
    token: resident,
    body: { slotId: opened[0]!.id, accountNo: ACCOUNT, description: '厨房燃气灶打不着火' },
  });
  expect(booked.status).toBe(201);
  const again = await e2e.portal.api<{ id: string; remaining: number }[]>(
    'GET',
    `/api/slots?areaCode=CY-WJY&type=repair&from=${addDays(today, 1)}&to=${addDays(today, 7)}`,
    { token: resident },
  );
  expect(again.body.find((s) => s.id === opened[0]!.id)!.remaining).toBe(2);

  // 预留与停约: a blackout over the booked day lists the booking still standing, and its order number opens the
  // order in the console.
  const slot = opened[0] as unknown as { date: string; window: 'am' | 'pm' };
  const hold = await api('POST', '/api/slot-holds', {
    kind: 'blackout',
    areaCode: 'CY-WJY',
    type: 'repair',
    from: slot.date,
    to: slot.date,
    window: slot.window,
    reason: '管网检修',
  });
  expect(hold.status).toBe(201);
  const orderNo = (booked.body as { orderNo: string }).orderNo;
  await page.getByRole('tab', { name: '预留与停约' }).click();
  const holds = page.getByRole('tabpanel', { name: '预留与停约' });
  await holds
    .locator('.ant-table-row', { hasText: '管网检修' })
    .locator('.ant-table-row-expand-icon')
    .click();
  await holds.getByText('这些预约仍然有效').waitFor();
  await holds.getByRole('link', { name: orderNo }).click();
  await page.waitForURL(new RegExp(`/console/work-orders/${orderNo}$`));
  await page.getByText(orderNo).first().waitFor();
}, 60_000);

it('一户一码: an admin previews a household’s code, as the API issues it', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/qr-codes`);
  await page.getByPlaceholder('户号').fill(ACCOUNT);
  await antButton(page, '查看该户二维码').click();
  const modal = await settledModal(page, `户号 ${ACCOUNT} 的一户一码`);
  const img = modal.getByRole('img', { name: `户号 ${ACCOUNT} 的二维码` });
  await img.waitFor();
  // The image has loaded (a broken blob URL would leave it 0 wide).
  const loaded = await eventually(
    () => img.evaluate((el: { complete: boolean; naturalWidth: number }) => el.complete && el.naturalWidth),
    (w) => Boolean(w),
  );
  expect(loaded).toBeGreaterThan(0);
  const qr = await api<{ url: string; revision: number }>('GET', `/api/staff/accounts/${ACCOUNT}/qr`);
  await modal.getByText(`第 ${qr.body.revision} 版`).waitFor();
  await modal.getByText(qr.body.url).waitFor();
  await screenshot(page, 'screens-qr-preview');
}, 60_000);

it('运营指标: an admin recomputes the KPIs now; the report counts an order opened since, and 回收率 by reader exports as counted', async () => {
  const orderCount = async () =>
    (await api('GET', '/api/staff/kpis')).body.kpis.orderCount.value as number | null;
  const resident = await residentToken();
  const opened = await e2e.portal.api('POST', '/api/work-orders', {
    token: resident,
    body: { accountNo: ACCOUNT, type: 'complaint', description: '营业厅排队太久' },
  });
  expect(opened.status).toBe(201);
  const before = (await orderCount()) ?? 0;

  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/cockpit`);
  await antButton(page, '立即重算').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /重\s*算/ })
    .click();
  await page.getByText(/已重算 \d+ 天、\d+ 个账期,新增告警 \d+ 条/).waitFor({ timeout: 90_000 });
  await screenshot(page, 'screens-cockpit-rollup');
  expect(await orderCount()).toBeGreaterThan(before);

  // 回收率:抄表员, rolled up with the reader named on 抄表区段 above, and its export as the API counts it.
  await page.reload();
  const readers = page.locator('[aria-label="回收率按抄表员"]');
  const row = readers.locator('tr', { hasText: '抄表王师傅' });
  await row.waitFor();
  const report = await api('GET', '/api/staff/kpis');
  const wang = report.body.collectionByReader.find(
    (x: { readerName: string }) => x.readerName === '抄表王师傅',
  );
  expect(wang).toMatchObject({ team: '望京抄表组', dueFen: expect.any(Number) });
  const card = page.locator('.ant-card', { has: readers }).last();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: /CSV$/ }).click(),
  ]);
  const csv = fs.readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
  expect(csv).toContain(`抄表王师傅,望京抄表组,`);
  expect(csv).toContain(`,${wang.dueFen / 100}`);
}, 150_000);

it('修改客户资料: a supervisor notes a household’s special needs, and the customer record has them', async () => {
  const page = await e2e.consolePage('supervisor');
  await page.goto(`${e2e.portal.url}/console/customers/${ACCOUNT}`);
  // The button carries an edit icon, whose name comes first.
  await page.getByRole('button', { name: /修\s*改\s*资\s*料$/ }).click();
  const modal = await settledModal(page, `修改客户资料(户号 ${ACCOUNT})`);
  await modal.getByLabel('特殊需求').fill('独居老人,上门前请电话联系');
  await antButton(modal, '保存').click();
  await toastShown(page, '已保存客户资料');
  await page.getByText('独居老人,上门前请电话联系').first().waitFor();
  await screenshot(page, 'screens-customer-edit');
  const record = await api('GET', `/api/staff/customers/${ACCOUNT}`);
  expect(JSON.stringify(record.body)).toContain('独居老人,上门前请电话联系');
}, 60_000);

it('在线客服: an agent goes online, turns a resident’s chat into a linked order, ends it, and finds it in 全部会话', async () => {
  // Chat answers all day again (the 服务设置 test above set other hours).
  const settings = (await api('GET', '/api/staff/settings')).body;
  await api('PUT', '/api/staff/settings', {
    hotline: settings.hotline,
    chatServiceHours: '00:00-24:00',
  });
  const agentToken = (
    await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
      body: { username: 'agent', password: 'agent123' },
    })
  ).body.token;
  const page = await e2e.consolePage('agent');
  await page.goto(`${e2e.portal.url}/console/chat`);
  await page.getByText('已连接').waitFor();
  await pickOption(page.getByRole('combobox', { name: '接待状态' }), '在线接待');
  await toastShown(page, '已开始接待');
  const status = await e2e.portal.api('GET', '/api/chat/agent/status', { token: agentToken });
  expect(status.body.status).toBe('online');

  const opened = await e2e.portal.api('POST', '/api/chat/sessions', {
    token: await residentToken(),
    body: { accountNo: ACCOUNT, text: '燃气表不走字了,想请师傅上门看看' },
  });
  expect(opened.status).toBeLessThan(300);
  const sessionId: string = opened.body.session.id;
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

  // 建工单 from the conversation.
  await antButton(page, '建工单').click();
  const modal = await settledModal(page, `为 ${ACCOUNT} 建工单`);
  await pickOption(modal.locator('.ant-form-item', { hasText: '类型' }), /^报修$/);
  await antButton(modal, '创建并关联到会话').click();
  const created = page.getByText(/已创建工单 \S+/);
  await created.waitFor();
  const orderNo = /已创建工单 (\S+)/.exec(await created.innerText())![1]!;
  await screenshot(page, 'screens-chat-order');
  const order = await api('GET', `/api/work-orders/${orderNo}`);
  expect(order.body).toMatchObject({ accountNo: ACCOUNT, type: 'repair' });
  const linked = await e2e.portal.api('GET', `/api/chat/sessions/${sessionId}`, { token: agentToken });
  expect(JSON.stringify(linked.body)).toContain(orderNo);

  // 结束, then the conversation is in 全部会话 (history) as 已结束.
  await antButton(page, '结束').click();
  await page.getByText('会话已结束').first().waitFor();
  const closed = await e2e.portal.api('GET', `/api/chat/sessions/${sessionId}`, { token: agentToken });
  expect(JSON.stringify(closed.body)).toContain('"closed"');
  await page.getByRole('tab', { name: '全部会话' }).click();
  await page
    .getByRole('tabpanel', { name: '全部会话' })
    .locator('.ant-list-item', { hasText: ACCOUNT })
    .first()
    .waitFor();
  await screenshot(page, 'screens-chat-history');
}, 90_000);

it('告警记录: a repair-spike alert is listed with its figures and opens the area’s repairs', async () => {
  const day = dayOf(new Date());
  await KpiAlertModel.create({
    _id: `CY-WJY:${day}`,
    kind: 'repairSpike',
    areaCode: 'CY-WJY',
    district: 'CY',
    day,
    count24h: 9,
    baselineMean: 1.2,
    baselineStd: 0.8,
    threshold: 3.6,
    message: '望京园 24 小时报修 9 单,远高于平常',
    raisedAt: new Date(),
  });
  const listed = await api('GET', '/api/staff/kpi-alerts');
  expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(`CY-WJY:${day}`);

  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/cockpit`);
  const alerts = page.locator('.ant-card', { hasText: '告警记录' }).last();
  const row = alerts.locator('.ant-table-row', { hasText: '望京园 24 小时报修 9 单' });
  await row.getByText('24小时 9 单,阈值 3.6(基线 1.2 ± 0.8)').waitFor();
  await row.getByText('片区 CY-WJY').waitFor();
  await row.getByText('查看工单').click();
  const drawer = page.locator('.ant-drawer', { hasText: `CY-WJY ${day} 前24小时报修` });
  await drawer.waitFor();
  const from = addDays(day, -1);
  const orders = await api(
    'GET',
    `/api/staff/kpis/orderCount/items?bucket=area:CY-WJY&type=repair&from=${from}&to=${day}`,
  );
  expect(orders.status).toBe(200);
  if (orders.body.total > 0) await drawer.getByText(orders.body.orders[0].orderNo).waitFor();
  else await drawer.locator('.ant-empty').first().waitFor();
  await screenshot(page, 'screens-cockpit-alerts');
}, 60_000);

it('派单规则 and 人员: a rule nobody can take says so, until an admin gives a technician its team and skill', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/admin/dispatch-rules`);
  // Every rule of the demo has technicians on shift to take its orders.
  await page
    .locator('.ant-table-row', { hasText: '燃气泄漏 → 抢修队' })
    .getByText(/^\d+ 人\(在班 \d+\)$/)
    .waitFor();
  expect(await page.getByText('无人可派', { exact: true }).count()).toBe(0);

  // A new rule: 西城's meter faults to a team no one is in yet.
  await page.getByRole('button', { name: /新\s*增\s*规\s*则/ }).click();
  const ruleForm = await settledModal(page, '新增派单规则');
  await ruleForm.getByLabel('名称').fill('西城表具故障 → 西城表务班');
  await pickOption(ruleForm.getByRole('combobox', { name: '工单类型' }), /^报修$/);
  await pickOption(ruleForm.getByRole('combobox', { name: '类别' }), '表具故障');
  await pickOption(ruleForm.getByRole('combobox', { name: '片区' }), 'XC 西城区', { search: 'XC' });
  await ruleForm.getByRole('combobox', { name: '班组' }).fill('西城表务班');
  await ruleForm.getByRole('combobox', { name: '技能' }).fill('表务');
  await ruleForm.getByText('无人可派', { exact: true }).waitFor(); // said in the editor, before it is saved
  await antButton(ruleForm, '保存').click();
  await toastShown(page, '已保存规则“西城表具故障 → 西城表务班”');
  const row = page.locator('.ant-table-row', { hasText: '西城表具故障 → 西城表务班' });
  await row.getByText('无人可派', { exact: true }).waitFor();
  await row.getByRole('cell', { name: '表具故障', exact: true }).waitFor();
  const rules = await api<{ label: string }[]>('GET', '/api/admin/dispatch-rules');
  expect(rules.body.find((r) => r.label === '西城表具故障 → 西城表务班')).toMatchObject({
    type: 'repair',
    category: 'meterFault',
    areaPrefix: 'XC',
    team: '西城表务班',
    skill: '表务',
    order: 100,
    enabled: true,
  });

  // A technician for it, the team and the skill picked from those dispatch knows.
  await page.goto(`${e2e.portal.url}/console/admin/staff`);
  await page.getByRole('button', { name: /新\s*增\s*人\s*员/ }).click();
  const staffForm = await settledModal(page, '新增人员');
  await staffForm.getByLabel('用户名').fill('tech_xc_meter');
  await staffForm.getByLabel('姓名').fill('表务陈师傅');
  await staffForm.getByLabel('初始密码').fill('technician-123');
  await pickOption(staffForm.getByRole('combobox', { name: '角色' }), '维修师傅');
  await staffForm.getByText('未设置班组').waitFor();
  // 班组 offers the teams dispatch knows as one types.
  await pickSuggestion(staffForm.getByRole('combobox', { name: '班组' }), '西城表', '西城表务班');
  await pickOption(staffForm.getByRole('combobox', { name: '技能' }), /^表务$/, { search: '表务' });
  await staffForm.getByText('自动派单:西城表具故障 → 西城表务班').waitFor();
  await screenshot(page, 'screens-staff-skills');
  await antButton(staffForm, '确定').click();
  await toastShown(page, '已保存');
  await page.getByPlaceholder('姓名 / 用户名').fill('tech_xc_meter');
  await antButton(page, '查询').click();
  const staffRow = page.locator('.ant-table-row', { hasText: 'tech_xc_meter' });
  await staffRow.getByRole('cell', { name: '西城表务班', exact: true }).waitFor();
  await staffRow.getByRole('cell', { name: '表务', exact: true }).waitFor();

  // The rule now has someone, and the dry run sends a 西城 meter fault to him.
  await page.goto(`${e2e.portal.url}/console/admin/dispatch-rules`);
  await row.getByText('1 人(在班 1)').waitFor();
  const trial = page.locator('.ant-card', { hasText: '试运行' });
  await pickOption(trial.locator('.ant-select', { hasText: '工单类型' }), /^报修$/);
  await pickOption(trial.locator('.ant-select', { hasText: '片区编码' }), 'XC-JRJ', { search: 'XC-JRJ' });
  await pickOption(trial.locator('.ant-select', { hasText: '类别(可选)' }), '表具故障');
  await antButton(trial, '试派').click();
  await trial.getByText('表务陈师傅(在办 0 单)').waitFor();
  await trial.getByText('西城表具故障 → 西城表务班', { exact: true }).waitFor();
  await screenshot(page, 'screens-dispatch-rules');

  // The team renamed once, in its rule and its technician together: the rule still has him.
  await page.getByRole('button', { name: /重\s*命\s*名\s*班\s*组/ }).click();
  const renameForm = await settledModal(page, '重命名班组');
  await pickOption(renameForm.getByRole('combobox', { name: '班组' }), '西城表务班', { search: '西城表' });
  await renameForm.getByRole('combobox', { name: '新名称' }).fill('抢修队');
  await renameForm.getByText('“抢修队”已是班组:两个班组将合并为一个', { exact: false }).waitFor();
  await screenshot(page, 'screens-rename-team');
  await renameForm.getByRole('combobox', { name: '新名称' }).fill('西城表务组');
  await antButton(renameForm, '重命名').click();
  await toastShown(page, '已将“西城表务班”改名为“西城表务组”:规则 1 条、人员 1 人、在办工单 0 单');
  await row.getByRole('cell', { name: '西城表务组', exact: true }).waitFor();
  await row.getByText('1 人(在班 1)').waitFor();
});

it('时限配置: an admin adds a policy with the type’s own nodes, and one that could never run is refused', async () => {
  const page = await admin();
  await page.goto(`${e2e.portal.url}/console/admin/sla`);
  // The defaults read in words: nodes and calendars by name, not their codes.
  const leak = page.locator('.ant-table-row', { hasText: '燃气泄漏' }).first();
  await leak.getByText(/受理 → |派单 → /).waitFor();
  expect(await page.getByRole('cell', { name: /^(business|24x7)$/ }).count()).toBe(0);
  await page.getByRole('cell', { name: '22小时30分(工作时间)' }).first().waitFor();

  await page.getByRole('button', { name: /新\s*增\s*时\s*限/ }).click();
  const form = await settledModal(page, '新增时限');
  await form.getByLabel('名称').fill('紧急报修 30 分钟到场');
  await pickOption(form.getByRole('combobox', { name: '优先级' }), '紧急');
  // 到场 before 受理: the server says why, and nothing is stored.
  await pickOption(form.getByRole('combobox', { name: '起始节点' }), '到场', { search: '到场' });
  await pickOption(form.getByRole('combobox', { name: '目标节点' }), '受理', { search: '受理' });
  await form.getByLabel('时限(分钟)').fill('30');
  await antButton(form, '保存').click();
  await toastShown(page, '请检查:目标节点须在起始节点之后');
  // …and beside the field at fault.
  await form.locator('.ant-form-item-explain-error', { hasText: '目标节点须在起始节点之后' }).waitFor();
  await pickOption(form.getByRole('combobox', { name: '起始节点' }), '受理', { search: '受理' });
  await pickOption(form.getByRole('combobox', { name: '目标节点' }), '到场', { search: '到场' });
  await form.getByText('30分').waitFor();
  await antButton(form, '保存').click();
  await toastShown(page, '已保存时限“紧急报修 30 分钟到场”');
  const row = page.locator('.ant-table-row', { hasText: '紧急报修 30 分钟到场' });
  await row.getByRole('cell', { name: '受理 → 到场', exact: true }).waitFor();
  await row.getByRole('cell', { name: '全天(24×7)', exact: true }).waitFor();
  await screenshot(page, 'screens-sla-policies');

  const policies = await api<{ label: string }[]>('GET', '/api/admin/sla-policies');
  const saved = policies.body.filter((p) => p.label === '紧急报修 30 分钟到场');
  expect(saved).toEqual([
    expect.objectContaining({
      type: 'repair',
      priority: 'urgent',
      startNode: 'accepted',
      targetNode: 'arrived',
      minutes: 30,
      calendar: '24x7',
      onBreach: 'escalate',
      enabled: true,
    }),
  ]);
  expect(saved[0]).not.toHaveProperty('category');
});
