/**
 * 入户安检 on the demo portal in headless Chromium: the technician fills the inspection form on the phone
 * (checklist, reading, a 隐患, the resident's drawn signature) and completes the order; the hazard is then
 * in the statistics, through the API and on the supervisor's 隐患统计 screen.
 */
import sharp from 'sharp';
import { AccountModel } from '../server/src/modules/accounts/account.model';
import { StaffModel } from '../server/src/modules/accounts/staff.model';
import { antButton, pickOption, screenshot, toastShown, useE2E } from './harness';

// Wednesday 2026-12-02, 10:00 in Shanghai: the rectification day below is a week ahead whatever today is.
const e2e = useE2E({ clockStart: new Date('2026-12-02T10:00:00+08:00') });

async function staffToken(username: string): Promise<string> {
  const r = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username, password: `${username}123` },
  });
  return r.body.token;
}

it('a technician records an inspection with a hazard, and the hazard shows in the statistics', async () => {
  // An inspection order in the technician's area (朝阳), brought to the doorstep through the API.
  const account = await AccountModel.findOne({ areaCode: /^CY-/, status: 'active', utility: 'gas' }).lean();
  const technician = await StaffModel.findOne({ username: 'technician' }).lean();
  const [dispatcher, tech, supervisor] = await Promise.all(
    ['dispatcher', 'technician', 'supervisor'].map(staffToken),
  );
  const created = await e2e.portal.api('POST', '/api/work-orders', {
    token: dispatcher,
    body: { accountNo: account!.accountNo, type: 'inspection', description: '年度入户安检' },
  });
  expect(created.status).toBe(201);
  const orderNo: string = created.body.orderNo;
  const act = (token: string, body: Record<string, unknown>) =>
    e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });
  const now = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: dispatcher })).body;
  if (now.assigneeId !== String(technician!._id))
    expect((await act(dispatcher, { action: 'dispatch', assigneeId: String(technician!._id) })).status).toBe(
      200,
    );
  for (const action of ['accept', 'depart', 'arrive', 'start'])
    expect((await act(tech, { action })).status).toBe(200);

  // The form on the phone.
  const page = await e2e.consolePage('technician', { phone: true });
  await page.goto(`${e2e.portal.url}/console/work-orders/mine/${orderNo}`);
  await page.getByText('安检清单(燃气)').waitFor();
  const checklist = (await e2e.portal.api('GET', '/api/inspection-checklists', { token: tech })).body.find(
    (c: { utility: string }) => c.utility === 'gas',
  ).items as { key: string; label: string }[];
  for (const item of checklist) {
    const row = page.locator('.ant-form-item', { has: page.getByText(item.label, { exact: true }) }).first();
    await row.getByText(item.key === 'hose' ? '不合格' : '合格', { exact: true }).click();
  }
  await page.getByLabel('表读数').fill('1234.5');
  await page.getByRole('button', { name: /登记隐患$/ }).click(); // the name starts with the icon's
  await pickOption(page.getByRole('combobox', { name: '隐患类别' }), '胶管老化/超期');
  await page.locator('.ant-radio-button-wrapper', { hasText: '较大' }).click();
  await page.getByLabel('隐患描述').fill('灶具连接胶管龟裂,已超期使用');
  await page.getByLabel('整改期限').click();
  await page.getByLabel('整改期限').fill('2026-12-09');
  await page.keyboard.press('Enter');
  const hazardPhotos = page.locator('.ant-card', { hasText: '隐患照片' }).last();
  await hazardPhotos.locator('input[type=file]').setInputFiles({
    name: 'hose.png',
    mimeType: 'image/png',
    buffer: await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a33' } })
      .png()
      .toBuffer(),
  });
  await hazardPhotos.getByAltText('照片1').waitFor();

  // Submitting without a signature is stopped on the screen; then the resident signs with a finger.
  await antButton(page, '提交安检记录并完工').click();
  await page.locator('.ant-typography-danger', { hasText: '请用户在上方签字确认' }).waitFor();
  const pad = (await page.getByLabel('用户签字区').boundingBox())!;
  await page.mouse.move(pad.x + 30, pad.y + 100);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 30 + i * 20, pad.y + 100 - (i % 3) * 25);
  await page.mouse.up();
  await screenshot(page, 'inspection-form-filled');
  await antButton(page, '提交安检记录并完工').click();
  await toastShown(page, '安检记录已提交,工单已完工');

  // Through the API: the order is completed with its record, the signature is an image, the hazard counts.
  const record = await e2e.portal.api('GET', `/api/work-orders/${orderNo}/inspection`, { token: supervisor });
  expect(record.status).toBe(200);
  expect(record.body.checklist.find((c: { key: string }) => c.key === 'hose').result).toBe('fail');
  expect(record.body.readings).toEqual({ meter: 1234.5 });
  expect(record.body.hazardIds).toHaveLength(1);
  const signature = await fetch(`${e2e.portal.url}${record.body.signatureUrl}`);
  expect(signature.headers.get('content-type')).toBe('image/png');
  const stats = await e2e.portal.api('GET', '/api/hazards/stats', { token: supervisor });
  expect(stats.body).toMatchObject({ total: 1, open: 1, overdue: 0 });
  expect(stats.body.byArea).toEqual([{ key: account!.areaCode, total: 1, open: 1, overdue: 0 }]);
  expect(stats.body.byCategory).toEqual([{ key: 'hoseAging', total: 1, open: 1, overdue: 0 }]);
  const ledger = await e2e.portal.api('GET', '/api/hazards', { token: supervisor });
  expect(ledger.body.items[0]).toMatchObject({ orderNo, severity: 'major', rectifyBy: '2026-12-09' });
  expect(ledger.body.items[0].photoUrls).toHaveLength(1);

  // On the supervisor's screen.
  const desk = await e2e.consolePage('supervisor');
  await desk.goto(`${e2e.portal.url}/console/inspections/hazards`);
  const byCategory = desk.locator('.ant-card', { hasText: '按隐患类别' });
  await byCategory.locator('tr', { hasText: '胶管老化/超期' }).waitFor();
  expect(await byCategory.locator('tr', { hasText: '胶管老化/超期' }).innerText()).toMatch(
    /胶管老化\/超期\s+1\s+1\s+0/,
  );
  await desk.locator('.ant-table-row', { hasText: '灶具连接胶管龟裂' }).getByText('待整改').waitFor();
  await screenshot(desk, 'hazard-statistics');
});
