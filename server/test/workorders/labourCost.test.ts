/**
 * 工单成本 with labour: cost = materials + recorded hours × 人工费率. The rate is the deployment's
 * LABOUR_RATE_FEN until an admin saves one in 服务设置; the report and its drill-down count labour at the
 * rate in force when asked, rounded to the fen once per row (and once per order in the drill-down).
 */
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

const clock = testClock(new Date('2030-11-20T02:00:00Z'));
let t: TestServer;
let admin: TestStaff;
let supervisor: TestStaff;

/** Orders completed 2030-11-20 (Shanghai) with work recorded, written straight into the collection. */
async function completed(
  orders: { no: string; type: string; area: string; materialFen: number; minutes: number }[],
) {
  const at = new Date('2030-11-20T03:00:00Z');
  await WorkOrderModel.collection.insertMany(
    orders.map((o) => ({
      orderNo: o.no,
      accountNo: '3100000001',
      areaCode: o.area,
      type: o.type,
      category: 'other',
      priority: 'normal',
      status: 'closed',
      state: 'resolved',
      description: 'test',
      address: 'test',
      assigneeName: '外勤王师傅',
      createdAt: at,
      updatedAt: at,
      resolvedAt: at,
      workRecordedAt: at,
      materialCostFen: o.materialFen,
      labourMinutes: o.minutes,
      history: [],
    })),
  );
}

beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig({ LABOUR_RATE_FEN: '6000' }), { clock }),
  });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
  supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['LC'] });
  await completed([
    { no: 'LC-1', type: 'repair', area: 'LC-1', materialFen: 8875, minutes: 90 },
    { no: 'LC-2', type: 'repair', area: 'LC-2', materialFen: 1000, minutes: 25 },
    { no: 'LC-3', type: 'inspection', area: 'LC-2', materialFen: 0, minutes: 45 },
  ]);
});
afterAll(() => t.close());

const report = () =>
  t.api('GET', '/api/kpi/order-costs?from=2030-11-20&to=2030-11-20', { token: supervisor.token });

it('counts labour at the configured rate until an admin saves one', async () => {
  const settings = await t.api('GET', '/api/staff/settings', { token: admin.token });
  expect(settings.body).toMatchObject({ labourRateFen: 6000, source: 'config' });

  const r = await report();
  expect(r.status).toBe(200);
  // repair: 115 min × 60 元/h = 115 元; inspection: 45 min = 45 元.
  expect(r.body.rows).toEqual([
    {
      type: 'inspection',
      typeLabel: expect.any(String),
      area: 'LC',
      orders: 1,
      materialCostFen: 0,
      labourMinutes: 45,
      avgMaterialCostFen: 0,
      labourCostFen: 4500,
      costFen: 4500,
      avgCostFen: 4500,
    },
    {
      type: 'repair',
      typeLabel: expect.any(String),
      area: 'LC',
      orders: 2,
      materialCostFen: 9875,
      labourMinutes: 115,
      avgMaterialCostFen: 4938,
      labourCostFen: 11500,
      costFen: 21375,
      avgCostFen: 10688,
    },
  ]);
  expect(r.body).toMatchObject({
    labourRateFen: 6000,
    totalOrders: 3,
    totalMaterialCostFen: 9875,
    totalLabourCostFen: 16000,
    totalCostFen: 25875,
  });
});

it('an admin’s saved rate applies at once, to the report and to the orders behind a row', async () => {
  const saved = await t.api('PUT', '/api/staff/settings', {
    token: admin.token,
    body: { hotline: '95158', chatServiceHours: '08:00-20:00', labourRateFen: 7250 },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ labourRateFen: 7250, source: 'saved' });
  // Residents never see the rate.
  expect((await t.api('GET', '/api/settings')).body).toEqual({
    hotline: '95158',
    chatServiceHours: '08:00-20:00',
  });

  const r = await report();
  // 115 min × 72.50 元/h = 138.958… 元 → 13896 fen; 45 min → 5437.5 → 5438 fen.
  expect(
    r.body.rows.map((x: { type: string; labourCostFen: number; costFen: number; avgCostFen: number }) => [
      x.type,
      x.labourCostFen,
      x.costFen,
      x.avgCostFen,
    ]),
  ).toEqual([
    ['inspection', 5438, 5438, 5438],
    ['repair', 13896, 23771, 11886],
  ]);
  expect(r.body).toMatchObject({ labourRateFen: 7250, totalLabourCostFen: 19334, totalCostFen: 29209 });

  const drill = await t.api(
    'GET',
    '/api/kpi/order-costs/orders?from=2030-11-20&to=2030-11-20&type=repair&area=LC',
    { token: supervisor.token },
  );
  expect(drill.status).toBe(200);
  expect(drill.body).toEqual([
    expect.objectContaining({ orderNo: 'LC-1', labourMinutes: 90, labourCostFen: 10875, costFen: 19750 }),
    expect.objectContaining({ orderNo: 'LC-2', labourMinutes: 25, labourCostFen: 3021, costFen: 4021 }),
  ]);

  // Saving the hotline alone keeps the rate.
  await t.api('PUT', '/api/staff/settings', {
    token: admin.token,
    body: { hotline: '96777', chatServiceHours: '08:00-20:00' },
  });
  expect((await report()).body.labourRateFen).toBe(7250);
});

it('refuses a rate that is not a whole number of fen, with the field named', async () => {
  for (const labourRateFen of [-1, 12.5, 'abc', 2_000_000]) {
    const r = await t.api('PUT', '/api/staff/settings', {
      token: admin.token,
      body: { hotline: '95158', chatServiceHours: '08:00-20:00', labourRateFen },
    });
    expect([labourRateFen, r.status]).toEqual([labourRateFen, 400]);
    expect(r.body.error.message).toContain('人工费率');
  }
  const refused = await t.api('PUT', '/api/staff/settings', {
    token: supervisor.token,
    body: { hotline: '95158', chatServiceHours: '08:00-20:00', labourRateFen: 1 },
  });
  expect(refused.status).toBe(403);
  expect((await report()).body.labourRateFen).toBe(7250);
});

it('lists the orders behind a row costliest first by total cost, labour included, not by materials alone', async () => {
  await completed([
    { no: 'LC-M', type: 'meterChange', area: 'LC-3', materialFen: 5000, minutes: 10 },
    { no: 'LC-L', type: 'meterChange', area: 'LC-3', materialFen: 0, minutes: 300 },
    { no: 'LC-S', type: 'meterChange', area: 'LC-3', materialFen: 100, minutes: 5 },
  ]);
  const drill = await t.api(
    'GET',
    '/api/kpi/order-costs/orders?from=2030-11-20&to=2030-11-20&type=meterChange&area=LC',
    { token: supervisor.token },
  );
  expect(drill.status).toBe(200);
  // At 72.50 元/h: 300 min is 36250 fen of labour, ahead of 5000 fen of materials and 10 minutes (6208).
  expect(drill.body.map((o: { orderNo: string; costFen: number }) => [o.orderNo, o.costFen])).toEqual([
    ['LC-L', 36250],
    ['LC-M', 6208],
    ['LC-S', 704],
  ]);
});
