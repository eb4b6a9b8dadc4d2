/**
 * 回访 in the real console against the demo portal: a completed repair of the demo resident is sampled
 * for a 回访 call (FOLLOW_UP_SAMPLE_RATES repair:100), an agent records the call from the 回访任务 screen
 * with one star, the order is reopened (checked through the API: state and the timeline entry), and after
 * a roll-up the manager's cockpit shows 回访完成率 as getKpis computes it. Needs the console build.
 */
import { StaffModel } from '../server/src/modules/accounts/staff.model';
import { formatPercent } from '../console/src/shared/format';
import { antButton as button, screenshot, demoResidentToken, settledModal, useE2E } from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident (accounts demo seed)
const e2e = useE2E({ env: { FOLLOW_UP_SAMPLE_RATES: 'repair:100', FOLLOW_UP_REOPEN_MAX_SCORE: '2' } });

async function staffToken(username: string): Promise<string> {
  const r = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username, password: `${username}123` },
  });
  expect(r.status).toBe(200);
  return r.body.token;
}

/** A repair of the demo resident, dispatched to the demo technician and completed by them. */
async function completedRepair(): Promise<string> {
  const residentToken = await demoResidentToken(e2e.portal, 'mp');
  const created = await e2e.portal.api('POST', '/api/work-orders', {
    token: residentToken,
    body: { accountNo: ACCOUNT, description: '热水器点不着火', category: 'applianceFault' },
  });
  expect(created.status).toBe(201);
  const orderNo: string = created.body.orderNo;
  const tech = await StaffModel.findOne({ username: 'technician' }).lean();
  const dispatched = await e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, {
    token: await staffToken('supervisor'),
    body: { action: 'dispatch', assigneeId: String(tech!._id) },
  });
  expect(dispatched.status).toBe(200);
  const techToken = await staffToken('technician');
  for (const action of ['accept', 'depart', 'arrive', 'start', 'complete']) {
    const r = await e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, {
      token: techToken,
      body: { action },
    });
    expect(r.status).toBe(200);
  }
  return orderNo;
}

it('an agent records a low-scored 回访, the order reopens, and the cockpit shows 回访完成率', async () => {
  const orderNo = await completedRepair();

  const page = await e2e.consolePage('agent');
  await page.goto(`${e2e.portal.url}/console/follow-ups`);
  await page.getByRole('heading', { name: '回访任务' }).waitFor();
  const row = page.locator('.ant-table-row', { hasText: orderNo });
  await row.getByText('抽样回访').waitFor();
  await button(row, '记录回访').click();
  const dialog = await settledModal(page, `记录回访 ${orderNo}`);
  await dialog.getByText('已接通').click();
  await dialog.getByRole('radio').first().waitFor();
  await dialog.locator('.ant-rate-star').first().click();
  await dialog.getByLabel('回访记录').fill('热水器仍打不着火');
  await button(dialog, '保存').click();
  await page.getByText(`${orderNo} 回访评分偏低,已重新派单处理`).waitFor();
  await screenshot(page, 'console-follow-ups');

  const supervisor = await staffToken('supervisor');
  const order = await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: supervisor });
  expect(order.body.state).toBe('open');
  expect(order.body.history.find((h: { action: string }) => h.action === 'reopen').note).toBe(
    '回访评分 1 分,重新处理:热水器仍打不着火',
  );

  const manager = await staffToken('manager');
  expect((await e2e.portal.api('POST', '/api/staff/kpis/rollup', { token: manager })).status).toBe(200);
  const kpi = (await e2e.portal.api('GET', '/api/staff/kpis', { token: manager })).body.kpis
    .followUpCompletionRate;
  expect(kpi.numerator).toBeGreaterThanOrEqual(1);
  const cockpit = await e2e.consolePage('manager');
  await cockpit.goto(`${e2e.portal.url}/console/cockpit`);
  const card = cockpit.locator('[data-kpi="followUpCompletionRate"]');
  await card.getByText('回访完成率').waitFor();
  await card.getByText(formatPercent(kpi.value)).waitFor();
  await screenshot(cockpit, 'console-cockpit-follow-ups');
}, 240_000);
