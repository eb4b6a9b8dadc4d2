/**
 * Booking capacity and field work in the console against the demo portal: an admin sets up a slot template
 * and generates slots on the 排班模板 screen, a resident books one of the generated slots, the order goes
 * to a technician, who goes on shift, shares a position and records materials from the catalogue on the
 * phone pages; the dispatcher's board and the order show the effect through the API. Last, the resident
 * cancels the visit and books again from the order's H5 page.
 */
import { DEMO_RESIDENT } from '../server/src/demo/accounts';
import { addDays, dayOf } from '../server/src/platform/time';
import { h5PageUrl } from '@portal/types';
import {
  antButton,
  confirmOauth,
  pickOption,
  screenshot,
  demoResidentToken,
  settledModal,
  useE2E,
} from './harness';

const ACCOUNT = '3100000001'; // bound to the demo resident, 朝阳区望京园 (CY-WJY)
const e2e = useE2E();

async function staffToken(username: string): Promise<string> {
  const r = await e2e.portal.api<{ token: string }>('POST', '/api/staff/login', {
    body: { username, password: `${username}123` },
  });
  return r.body.token;
}

it('an admin generates slots from a template, a resident books one, and the technician on shift records materials', async () => {
  // 1. 排班模板 → 生成: a community the demo seed gave no slots of its own.
  const admin = await e2e.consolePage('admin');
  await admin.goto(`${e2e.portal.url}/console/appointments/slots`);
  await admin.getByRole('tab', { name: '排班模板' }).click();
  await antButton(admin, '新建模板').click();
  // Once the dialog has finished opening (CI once lost the 片区 pick made during its zoom).
  const modal = await settledModal(admin, '新建排班模板');
  // Saved without a 片区, the dialog says what is missing and stays (no unhandled rejection: the page-error check).
  await antButton(modal, '保存').click();
  await modal.getByText('请选择片区').waitFor();
  await pickOption(modal.locator('.ant-form-item', { hasText: '片区' }), 'CY-WJY', { search: 'CY-WJY' });
  await antButton(modal, '保存').click();
  await admin.locator('.ant-table-row', { hasText: 'CY-WJY' }).waitFor();
  await antButton(admin, '生成未来 14 天时段').click();
  await admin.getByText(/新开 \d+ 个时段/).waitFor();
  await screenshot(admin, 'field-slots-generated');

  // 2. The resident books a generated slot (one of CY-WJY's own, not the district's demo slots).
  const resident = await demoResidentToken(e2e.portal, 'mp');
  const today = dayOf(new Date());
  const slots = await e2e.portal.api(
    'GET',
    `/api/slots?areaCode=CY-WJY&type=inspection&from=${addDays(today, 1)}&to=${addDays(today, 14)}`,
    { token: resident },
  );
  const generated = slots.body.find((s: { areaCode: string }) => s.areaCode === 'CY-WJY');
  expect(generated).toMatchObject({ capacity: 4, remaining: 4 });
  const booked = await e2e.portal.api('POST', '/api/appointments', {
    token: resident,
    body: { slotId: generated.id, accountNo: ACCOUNT, description: '预约年度安检' },
  });
  expect(booked.status).toBe(201);
  const orderNo: string = booked.body.orderNo;

  // 3. The catalogue and the dispatch to the demo technician (API: their screens have their own tests).
  const adminToken = await staffToken('admin');
  const material = await e2e.portal.api('POST', '/api/materials', {
    token: adminToken,
    body: { code: 'CLAMP-U', name: '管卡', spec: 'U型', unit: '个', unitCostFen: 150 },
  });
  expect(material.status).toBe(201);
  const dispatcher = await staffToken('dispatcher');
  const board = await e2e.portal.api('GET', '/api/staff/technicians/board', { token: dispatcher });
  const tech = board.body.technicians.find((x: { name: string }) => x.name === '维修李师傅');
  const dispatched = await e2e.portal.api('POST', `/api/work-orders/${orderNo}/transitions`, {
    token: dispatcher,
    body: { action: 'dispatch', assigneeId: tech.id },
  });
  expect(dispatched.status).toBe(200);
  const techToken = await staffToken('technician');
  await e2e.portal.api('PUT', '/api/staff/me/shift', { token: techToken, body: { onShift: false } });

  // 4. The technician's phone: on shift, share the position, record materials and hours.
  const phone = await e2e.phonePage();
  await phone.context().grantPermissions(['geolocation'], { origin: e2e.portal.url });
  await phone.context().setGeolocation({ latitude: 39.9963, longitude: 116.4706 });
  await phone.goto(`${e2e.portal.url}/console/login`);
  await phone.getByPlaceholder('用户名').fill('technician');
  await phone.getByPlaceholder('密码').fill('technician123');
  await antButton(phone, '登录').click();
  await phone.waitForURL((u) => !u.pathname.endsWith('/login'));
  await phone.goto(`${e2e.portal.url}/console/work-orders/mine/${orderNo}`);
  await phone.getByText('下班时不共享位置').waitFor();
  await phone.getByRole('switch', { name: '在班' }).click();
  await phone.getByText('尚未共享位置').waitFor();
  await antButton(phone, '共享位置').click();
  await phone.getByText(/位置 \d\d:\d\d 已共享/).waitFor();

  // The button carries a plus icon, whose name comes first.
  await phone.getByRole('button', { name: /添\s*加\s*材\s*料$/ }).click();
  await pickOption(phone.getByRole('combobox', { name: '材料' }), '管卡');
  await phone.getByRole('spinbutton', { name: '数量' }).fill('2');
  await phone.getByRole('spinbutton', { name: '工时' }).fill('1.5');
  await antButton(phone, '登记用料与工时').click();
  await phone.getByText('已登记:管卡 2个').waitFor();
  await screenshot(phone, 'field-technician-materials');

  // The effect, through the API: the order's cost from the catalogue, and the board shows where he is.
  const order = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: dispatcher })).body;
  expect(order.materials).toEqual([
    expect.objectContaining({ code: 'CLAMP-U', quantity: 2, unitPriceFen: 150 }),
  ]);
  expect(order.labourMinutes).toBe(90);
  const after = await e2e.portal.api('GET', `/api/staff/technicians/board?orderNo=${orderNo}`, {
    token: dispatcher,
  });
  const row = after.body.technicians.find((x: { id: string }) => x.id === tech.id);
  expect(row).toMatchObject({ onShift: true, openOrders: expect.any(Number) });
  expect(row.position).toMatchObject({ lat: 39.9963, lng: 116.4706 });

  // 5. The resident cancels the visit, then books again from the order on the H5 page.
  expect(
    (await e2e.portal.api('DELETE', `/api/appointments/${booked.body.id}`, { token: resident })).status,
  ).toBe(200);
  const h5 = await e2e.phonePage();
  await h5.goto(`${e2e.portal.url}/h5/`);
  await h5.waitForSelector('#openid');
  await confirmOauth(h5, DEMO_RESIDENT.openidOa);
  await h5.waitForURL(/\/h5\//);
  await h5.goto(h5PageUrl(e2e.portal.url, 'orderDetail', { orderNo }));
  await h5.getByText('本工单还没有上门时间').waitFor();
  await h5.getByText('选择上门时段').click();
  await h5
    .getByText(/预约此时段/)
    .first()
    .click();
  await h5.getByText('预约时间').waitFor();
  await screenshot(h5, 'field-resident-rebooked');
  const rebooked = (await e2e.portal.api('GET', `/api/work-orders/${orderNo}`, { token: resident })).body;
  expect(rebooked.appointment.id).not.toBe(booked.body.id);
}, 150_000);
