/**
 * Every KPI formula on a hand-made data set with known answers, through the real roll-up and query
 * code against the database and real HTTP. "Today" is 2026-03-10 (Shanghai); every day is rolled up,
 * today included (the per-minute job). Expected values are worked out by hand in the comments.
 */
import ExcelJS from 'exceljs';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { KpiDailyModel } from '../../src/modules/kpi/kpiDaily.model';
import {
  runRollup,
  computeOrderRows,
  computePaymentRows,
  computeBillRows,
} from '../../src/modules/kpi/rollup.service';
import { buildReport } from '../../src/modules/kpi/kpi.service';
import { resolveScope, rowMatches } from '../../src/modules/kpi/scope';
import { dayStart } from '../../src/platform/time';
import { insertBills, insertOrders, insertTimers, sh } from './kpiData';

const NOW = sh('2026-03-10 12:00');
const clock = testClock(NOW);
let t: TestServer;
let manager: TestStaff;
const range = 'from=2026-03-08&to=2026-03-10';

beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  manager = await makeStaff(t.deps, ['manager']);
  // response = first staff action after creation (system steps and the creation itself do not count)
  await insertOrders([
    // 03-08: O1 repair mp: response 30, closed after 240, rated 5, fixed first time
    {
      no: 'WO202603080001',
      type: 'repair',
      area: 'CY-WJY',
      team: 'T1',
      channel: 'mp',
      created: '2026-03-08 09:00',
      state: 'closed',
      closed: '2026-03-08 13:00',
      score: 5,
      steps: [['2026-03-08 09:30', 'dispatch', 'staff']],
    },
    // O2 repair phone: system dispatch (no), staff accept at +45; closed after 600; rated 3; reopened once
    {
      no: 'WO202603080002',
      type: 'repair',
      area: 'CY-WJY',
      team: 'T1',
      channel: 'phone',
      created: '2026-03-08 10:00',
      state: 'closed',
      closed: '2026-03-08 20:00',
      score: 3,
      reopenCount: 1,
      steps: [
        ['2026-03-08 10:00', 'dispatch', 'system'],
        ['2026-03-08 10:45', 'accept', 'staff'],
      ],
    },
    // 03-09: O3 complaint (水质) via oa: response 20, resolved (finished, not closed), rated 4
    {
      no: 'WO202603090001',
      type: 'complaint',
      category: 'waterQuality',
      area: 'CY-ABC',
      team: 'T2',
      channel: 'oa',
      created: '2026-03-09 08:00',
      state: 'resolved',
      score: 4,
      steps: [['2026-03-09 08:20', 'start', 'staff']],
    },
    // O4 inspection, untouched, open
    {
      no: 'WO202603090002',
      type: 'inspection',
      area: 'HD-XYZ',
      team: 'T2',
      channel: 'console',
      created: '2026-03-09 09:00',
    },
    // O5 inspection: response 30, closed after 180, one earlier visit nobody home (attempts 1: not first-time)
    {
      no: 'WO202603090003',
      type: 'inspection',
      area: 'HD-XYZ',
      team: 'T2',
      channel: 'console',
      created: '2026-03-09 09:30',
      state: 'closed',
      closed: '2026-03-09 12:30',
      attempts: 1,
      steps: [['2026-03-09 10:00', 'arrive', 'staff']],
    },
    // O6 inspection cancelled by staff after 10 minutes
    {
      no: 'WO202603090004',
      type: 'inspection',
      area: 'HD-XYZ',
      team: 'T2',
      channel: 'console',
      created: '2026-03-09 11:00',
      state: 'cancelled',
      closed: '2026-03-09 11:10',
      steps: [['2026-03-09 11:10', 'cancel', 'staff']],
    },
    // 03-10 (today, live): O7 complaint mp, response 60, open
    {
      no: 'WO202603100001',
      type: 'complaint',
      category: 'other',
      area: 'CY-WJY',
      team: 'T1',
      channel: 'mp',
      created: '2026-03-10 08:00',
      steps: [['2026-03-10 09:00', 'start', 'staff']],
    },
    // O8 repair mp: response 15, closed after 60, rated 4
    {
      no: 'WO202603100002',
      type: 'repair',
      area: 'CY-WJY',
      team: 'T1',
      channel: 'mp',
      created: '2026-03-10 09:00',
      state: 'closed',
      closed: '2026-03-10 10:00',
      score: 4,
      steps: [['2026-03-10 09:15', 'dispatch', 'staff']],
    },
    // O9 inspection closed as unreachable after 3 visits: response 30, neither handled nor finished
    {
      no: 'WO202603100003',
      type: 'inspection',
      area: 'HD-XYZ',
      team: 'T2',
      channel: 'console',
      created: '2026-03-10 10:00',
      state: 'closed',
      closed: '2026-03-10 11:00',
      attempts: 3,
      unreachable: true,
      steps: [['2026-03-10 10:30', 'notHome', 'staff']],
    },
    // 03-07: outside the range
    {
      no: 'WO202603070001',
      type: 'complaint',
      category: 'waterQuality',
      area: 'CY-ABC',
      team: 'T2',
      channel: 'phone',
      created: '2026-03-07 10:00',
      state: 'closed',
      closed: '2026-03-07 12:00',
      score: 1,
    },
  ]);
  // SLA: O1 met; O2 one breached + one met; O4 running; O5 met; O8 breached → tracked 5, breached 2
  await insertTimers([
    ['WO202603080001', 'met', '2026-03-08 09:00'],
    ['WO202603080002', 'breached', '2026-03-08 10:00'],
    ['WO202603080002', 'met', '2026-03-08 10:00'],
    ['WO202603090002', 'running', '2026-03-09 09:00'],
    ['WO202603090003', 'met', '2026-03-09 09:30'],
    ['WO202603100002', 'breached', '2026-03-10 09:00'],
  ]);
  await insertBills([
    {
      account: '3100000101',
      area: 'CY-WJY',
      period: '2026-03',
      fen: 10_000,
      status: 'paid',
      paidAt: '2026-03-09 10:00',
      online: true,
    },
    { account: '3100000102', area: 'CY-WJY', period: '2026-03', fen: 5_000, status: 'unpaid' },
    {
      account: '3100000103',
      area: 'HD-XYZ',
      period: '2026-03',
      fen: 20_000,
      status: 'paid',
      paidAt: '2026-03-10 09:00',
    },
    { account: '3100000104', area: 'HD-XYZ', period: '2026-03', fen: 3_000, status: 'cancelled' },
    {
      account: '3100000105',
      area: 'CY-ABC',
      period: '2026-02',
      fen: 7_000,
      status: 'paid',
      paidAt: '2026-03-08 12:00',
      online: true,
    },
  ]);
  await runRollup(NOW);
});
afterAll(() => t.close());

const kpis = (q = range, token = manager.token) => t.api('GET', `/api/staff/kpis?${q}`, { token });

describe('KPI cockpit formulas', () => {
  it('rolls up every day up to today, each with its totals rows', async () => {
    const days = (await KpiDailyModel.distinct('day', { kind: 'orders' })).sort();
    expect(days).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    const totals = await KpiDailyModel.find({ kind: 'orderTotals', district: '*', type: '*' })
      .sort({ day: 1 })
      .lean();
    expect(totals.map((r) => [r.day, r.n.orders])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 2],
      ['2026-03-09', 4],
      ['2026-03-10', 3],
    ]);
    expect(totals[2].areas).toEqual({ 'CY-ABC': 1, 'HD-XYZ': 3 });
    const hd = await KpiDailyModel.findOne({ kind: 'orderTotals', day: '2026-03-09', district: 'HD' }).lean();
    expect(hd!.n.orders).toBe(3);
    const inspections = await KpiDailyModel.findOne({
      kind: 'orderTotals',
      day: '2026-03-09',
      type: 'inspection',
    }).lean();
    expect(inspections!.n).toMatchObject({ orders: 3, inspPlanned: 2, inspDone: 1, cancelled: 1 });
  });

  it('computes every KPI with its numerator, denominator and formula', async () => {
    const res = await kpis();
    expect(res.status).toBe(200);
    const k = res.body.kpis;
    // O1..O9
    expect(k.orderCount.value).toBe(9);
    // responses 30+45+20+30+10+60+15+30 = 240 over 8 orders
    expect(k.avgResponseMinutes).toMatchObject({ value: 30, numerator: 240, denominator: 8 });
    // closed and not unreachable: O1 240 + O2 600 + O5 180 + O8 60 = 1080 over 4
    expect(k.avgHandlingMinutes).toMatchObject({ value: 270, numerator: 1080, denominator: 4 });
    // rated O1(5) O2(3) O3(4) O8(4): satisfied 3 of 4
    expect(k.satisfactionRate).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    // finished O1 O2 O3 O5 O8; first time: O1 O3 O8 (O2 reopened, O5 second visit)
    expect(k.firstTimeFixRate).toMatchObject({ value: 0.6, numerator: 3, denominator: 5 });
    // orders online O1 O3 O7 O8 = 4 of 9; paid bills in range B1 (online) B5 (online) B3 (counter) = 2 of 3
    expect(k.onlineShare).toMatchObject({ value: 0.5, numerator: 6, denominator: 12 });
    // inspections planned O4 O5 O9 (O6 cancelled); done O5 (O9 unreachable)
    expect(k.inspectionCompletionRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(k.inspectionCompletionRate.value).toBeCloseTo(1 / 3, 10);
    // period 2026-03: due 10000+5000+20000 (B4 cancelled), collected 10000+20000
    expect(k.collectionRate).toMatchObject({ numerator: 30_000, denominator: 35_000 });
    expect(k.collectionRate.value).toBeCloseTo(30 / 35, 10);
    // with clocks O1 O2 O4 O5 O8; breached O2 O8
    expect(k.slaBreachRate).toMatchObject({ value: 0.4, numerator: 2, denominator: 5 });
    expect(k.complaintCount.value).toBe(2);
    for (const v of Object.values(k) as { formula: string }[]) expect(v.formula).toMatch(/[=]/);
  });

  it('gives the charts: orders by area and by day, complaints by category, collection by area and period, channels', async () => {
    const r = (await kpis()).body;
    expect(r.ordersByArea).toEqual([
      { areaCode: 'CY-WJY', district: 'CY', count: 4 },
      { areaCode: 'HD-XYZ', district: 'HD', count: 4 },
      { areaCode: 'CY-ABC', district: 'CY', count: 1 },
    ]);
    expect(r.orderTrend).toEqual([
      { date: '2026-03-08', count: 2 },
      { date: '2026-03-09', count: 4 },
      { date: '2026-03-10', count: 3 },
    ]);
    // satisfaction per day: 03-08 O1 of O1,O2; 03-09 O3; 03-10 O8
    expect(r.kpis.satisfactionRate.trend.map((p: { value: number }) => p.value)).toEqual([0.5, 1, 1]);
    expect(r.topComplaints).toEqual([
      { category: 'other', name: '其他', count: 1 },
      { category: 'waterQuality', name: '水质问题', count: 1 },
    ]);
    expect(r.collectionByArea).toEqual([
      { areaCode: 'CY-WJY', rate: 10_000 / 15_000, collectedFen: 10_000, dueFen: 15_000 },
      { areaCode: 'HD-XYZ', rate: 1, collectedFen: 20_000, dueFen: 20_000 },
    ]);
    expect(r.collectionByPeriod).toEqual([
      { period: '2026-03', rate: 30 / 35, collectedFen: 30_000, dueFen: 35_000 },
    ]);
    const ch = Object.fromEntries(
      r.onlineByChannel.map((c: { channel: string; orders: number; payments: number }) => [
        c.channel,
        c.orders + c.payments,
      ]),
    );
    // mp O1 O7 O8, oa O3, console O4 O5 O6 O9, phone O2; paid online B1 B5, at the counter B3
    expect(ch).toEqual({ mp: 3, oa: 1, console: 4, phone: 1, wechatPay: 2, counterPay: 1 });
  });

  it('filters by district, team and order type', async () => {
    const hd = (await kpis(`${range}&district=HD`)).body.kpis;
    // O4 O5 O6 O9; payments B3 (counter) only; period 2026-03 in HD: 20000 of 20000
    expect(hd.orderCount.value).toBe(4);
    expect(hd.onlineShare).toMatchObject({ value: 0, numerator: 0, denominator: 5 });
    expect(hd.collectionRate).toMatchObject({ value: 1, numerator: 20_000, denominator: 20_000 });
    const repair = (await kpis(`${range}&type=repair`)).body.kpis;
    // O1 O2 O8: responses 30+45+15; online O1 O8 of 3 (payments drop out with an order-type filter)
    expect(repair.orderCount.value).toBe(3);
    expect(repair.avgResponseMinutes).toMatchObject({ value: 30, denominator: 3 });
    expect(repair.onlineShare).toMatchObject({ numerator: 2, denominator: 3 });
    const t2 = (await kpis(`${range}&team=T2&district=HD-XYZ`)).body.kpis;
    expect(t2.orderCount.value).toBe(4);
    const oneDay = (await kpis('from=2026-03-07&to=2026-03-07')).body.kpis;
    // O10 only: rated 1 → not satisfied
    expect(oneDay.orderCount.value).toBe(1);
    expect(oneDay.satisfactionRate).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
  });

  it('the rolled-up figures, today included, equal a direct computation from the sources, with or without filters', async () => {
    const end = new Date(+dayStart('2026-03-10') + 86_400_000);
    const sources = {
      orders: await computeOrderRows(dayStart('2026-03-07'), end),
      payments: await computePaymentRows(dayStart('2026-03-07'), end),
      bills: await computeBillRows('2026-03'),
    };
    for (const filter of ['', '&district=HD', '&district=CY-WJY', '&type=repair', '&team=T2']) {
      const q = `from=2026-03-07&to=2026-03-10${filter}`;
      const scope = resolveScope(
        Object.fromEntries(new URLSearchParams(q)) as Parameters<typeof resolveScope>[0],
        NOW,
      );
      const only = (kind: 'orders' | 'payments' | 'bills') => (rows: typeof sources.orders) =>
        rows.filter((r) => rowMatches(scope, { ...r, kind }));
      const direct = buildReport(
        scope,
        {
          orders: only('orders')(sources.orders),
          payments: scope.team || scope.type ? [] : only('payments')(sources.payments),
          bills: only('bills')(sources.bills),
        },
        NOW,
      );
      const viaApi = (await kpis(q)).body;
      expect(viaApi.kpis).toEqual(direct.kpis);
      expect(viaApi.ordersByArea).toEqual(direct.ordersByArea);
      expect(viaApi.orderTrend).toEqual(direct.orderTrend);
      expect(viaApi.collectionByArea).toEqual(direct.collectionByArea);
      expect(viaApi.onlineByChannel).toEqual(direct.onlineByChannel);
      expect(viaApi.topComplaints).toEqual(direct.topComplaints);
    }
  });

  it('re-rolls only the days whose orders changed', async () => {
    const before = await KpiDailyModel.findOne({ kind: 'orders', day: '2026-03-08' }).lean();
    // O4 (created 03-09) gets closed 2026-03-09 15:00: +1 closed, +360 min; its inspection is done
    await WorkOrderModel.updateOne(
      { orderNo: 'WO202603090002' },
      {
        $set: { state: 'closed', status: 'closed', closedAt: sh('2026-03-09 15:00'), updatedAt: new Date() },
      },
    );
    const stale = (await kpis()).body.kpis;
    expect(stale.avgHandlingMinutes.denominator).toBe(4);
    // no overlap: the run looks only at what changed since the first run started
    const r = await runRollup(NOW, { overlapMs: 0 });
    expect(r.days).toBe(1);
    const k = (await kpis()).body.kpis;
    expect(k.avgHandlingMinutes).toMatchObject({ value: 1440 / 5, numerator: 1440, denominator: 5 });
    expect(k.inspectionCompletionRate).toMatchObject({ numerator: 2, denominator: 3 });
    const after = await KpiDailyModel.findOne({ _id: before!._id }).lean();
    expect(after!.rev).toBe(before!.rev);
  });

  it('drills down from a chart point to the orders and bills behind it', async () => {
    const breached = await t.api('GET', `/api/staff/kpis/slaBreachRate/items?${range}&onlyHits=true`, {
      token: manager.token,
    });
    expect(breached.status).toBe(200);
    expect(breached.body.orders.map((o: { orderNo: string }) => o.orderNo)).toEqual([
      'WO202603100002',
      'WO202603080002',
    ]);
    const sat = await t.api('GET', `/api/staff/kpis/satisfactionRate/items?${range}&bucket=day:2026-03-08`, {
      token: manager.token,
    });
    expect(
      sat.body.orders.map((o: { orderNo: string; hit: boolean; score: number }) => [
        o.orderNo,
        o.score,
        o.hit,
      ]),
    ).toEqual([
      ['WO202603080002', 3, false],
      ['WO202603080001', 5, true],
    ]);
    const area = await t.api(
      'GET',
      `/api/staff/kpis/orderCount/items?${range}&bucket=area:HD-XYZ&pageSize=2`,
      { token: manager.token },
    );
    expect(area.body).toMatchObject({ kind: 'orders', total: 4, page: 1, pageSize: 2 });
    expect(area.body.orders).toHaveLength(2);
    const resp = await t.api(
      'GET',
      `/api/staff/kpis/avgResponseMinutes/items?${range}&bucket=day:2026-03-08`,
      { token: manager.token },
    );
    expect(resp.body.orders.map((o: { responseMinutes: number }) => o.responseMinutes)).toEqual([45, 30]);
    const bills = await t.api('GET', `/api/staff/kpis/collectionRate/items?${range}&bucket=area:CY-WJY`, {
      token: manager.token,
    });
    expect(bills.body.kind).toBe('bills');
    expect(bills.body.bills.map((b: { accountNo: string; hit: boolean }) => [b.accountNo, b.hit])).toEqual([
      ['3100000101', true],
      ['3100000102', false],
    ]);
    const bad = await t.api('GET', `/api/staff/kpis/nope/items`, { token: manager.token });
    expect(bad.status).toBe(400);
  });

  it('exports a table as CSV and as Excel', async () => {
    const csv = await fetch(`${t.url}/api/staff/kpis/export?${range}&table=ordersByArea&format=csv`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="kpi-ordersByArea-2026-03-10.csv"/,
    );
    const text = await csv.text();
    expect(text.split('\r\n').slice(0, 2)).toEqual(['区域,片区,工单量', 'CY-WJY,CY,4']);
    const xlsx = await fetch(`${t.url}/api/staff/kpis/export?${range}&table=summary&format=xlsx`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const rows = wb.worksheets[0].getSheetValues() as unknown[][];
    expect(rows[1].slice(1, 3)).toEqual(['指标', '数值']);
    expect(rows.find((r) => r?.[1] === '客户满意度')?.[2]).toBe(75);
  });

  it('is for managers, supervisors and admins: agents and technicians are refused', async () => {
    for (const role of ['agent', 'technician'] as const) {
      const s = await makeStaff(t.deps, [role]);
      expect((await kpis(range, s.token)).status).toBe(403);
      expect((await t.api('GET', `/api/staff/kpis/orderCount/items`, { token: s.token })).status).toBe(403);
      expect((await t.api('GET', `/api/staff/kpis/export`, { token: s.token })).status).toBe(403);
      expect((await t.api('GET', `/api/staff/kpi-alerts`, { token: s.token })).status).toBe(403);
    }
    const sup = await makeStaff(t.deps, ['supervisor']);
    expect((await kpis(range, sup.token)).status).toBe(200);
    expect((await t.api('GET', '/api/staff/kpis')).status).toBe(401);
  });

  it('shows an order filed today after the next roll-up run, not before', async () => {
    const before = (await kpis()).body;
    await insertOrders([
      {
        no: 'WO202603100009',
        type: 'repair',
        area: 'HD-ABC',
        team: 'T2',
        channel: 'mp',
        created: '2026-03-10 11:30',
      },
    ]);
    expect((await kpis()).body.kpis.orderCount.value).toBe(before.kpis.orderCount.value);
    await runRollup(NOW);
    const after = (await kpis()).body;
    expect(after.kpis.orderCount.value).toBe(before.kpis.orderCount.value + 1);
    expect(after.orderTrend.at(-1)).toEqual({ date: '2026-03-10', count: 4 });
    expect(after.ordersByArea).toContainEqual({ areaCode: 'HD-ABC', district: 'HD', count: 1 });
  });

  it('counts an order filed just before midnight once the day has closed', async () => {
    clock.set(sh('2026-03-10 23:59'));
    await insertOrders([
      {
        no: 'WO202603100010',
        type: 'repair',
        area: 'HD-ABC',
        team: 'T2',
        channel: 'mp',
        created: '2026-03-10 23:59',
      },
    ]);
    clock.set(sh('2026-03-11 00:01'));
    try {
      await runRollup(clock.now());
      const day = (await kpis('from=2026-03-10&to=2026-03-10')).body;
      expect(day.orderTrend).toEqual([{ date: '2026-03-10', count: 5 }]);
      expect(day.liveFrom).toBe('2026-03-11');
    } finally {
      clock.set(NOW);
    }
  });
});
