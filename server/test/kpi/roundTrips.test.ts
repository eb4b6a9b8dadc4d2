/**
 * Round-trip budget of the cockpit: every day, today included, comes from the roll-up rows (the job rolls
 * today every minute), the alerts from their collection; the cost does not grow with the number of orders.
 */
import {
  createTestDeps,
  connectTestDb,
  startTestServer,
  testClock,
  testConfig,
  type TestServer,
} from '../harness';
import { makeStaff } from '../factories';
import { expectWithinBudget, watchRoundTrips, type RoundTripWatch, warmSession } from '../roundTripBudget';
import { KpiDailyModel } from '../../src/modules/kpi/kpiDaily.model';
import { addDays, daysBetween } from '../../src/platform/time';
import { insertBills, insertOrders, insertTimers, sh, type OrderSpec } from './kpiData';

/**
 * GET /api/staff/kpis over a month that includes today (was 7, when today was computed from the
 * sources): the order rows and the payment rows of the days (the per-day totals rows without a filter
 * or with a district or order-type filter, else the detailed rows), the bill rows of the periods, the
 * alerts.
 */
const GET_KPIS = 4;

const NOW = sh('2026-03-10 12:00');
let t: TestServer;
let trips: RoundTripWatch;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock: testClock(NOW) }),
    db: await connectTestDb(undefined, { monitorCommands: true }),
  });
  trips = watchRoundTrips();
});
afterAll(async () => {
  trips.stop();
  await t.close();
});

/** Ten days of orders in two districts (some today), their clocks and a month of bills. */
async function tenBusyDays() {
  const orders: OrderSpec[] = [];
  for (let d = 1; d <= 10; d++) {
    for (let i = 0; i < 12; i++) {
      const day = `2026-03-${String(d).padStart(2, '0')}`;
      orders.push({
        no: `WO202603${String(d).padStart(2, '0')}${String(i).padStart(4, '0')}`,
        type: i % 3 ? 'repair' : 'complaint',
        area: i % 2 ? 'CY-WJY' : 'HD-XYZ',
        team: i % 2 ? 'T1' : 'T2',
        channel: i % 4 ? 'mp' : 'phone',
        created: `${day} 0${i % 10}:00`,
        state: i % 5 ? 'closed' : 'open',
        ...(i % 5 ? { closed: `${day} 1${i % 10}:00`, score: 3 + (i % 3) } : {}),
        steps: [[`${day} 0${i % 10}:30`, 'dispatch', 'staff']],
      });
    }
  }
  await insertOrders(orders);
  await insertTimers(
    orders
      .filter((_, i) => i % 3 === 0)
      .map((o) => [o.no, o.state === 'open' ? 'running' : 'met', o.created]),
  );
  await insertBills(
    Array.from({ length: 40 }, (_, i) => ({
      account: `31000002${String(i).padStart(2, '0')}`,
      area: i % 2 ? 'CY-WJY' : 'HD-XYZ',
      period: '2026-03',
      fen: 5_000 + i,
      status: i % 4 ? 'paid' : 'unpaid',
      ...(i % 4
        ? { paidAt: `2026-03-${String((i % 10) + 1).padStart(2, '0')} 10:00`, online: i % 2 === 0 }
        : {}),
    })),
  );
}

describe('round trips per request', () => {
  it('a manager opens the cockpit for the month so far in at most GET_KPIS round trips', async () => {
    await tenBusyDays();
    const manager = await makeStaff(t.deps, ['manager']);
    expect((await t.api('POST', '/api/staff/kpis/rollup', { token: manager.token })).status).toBe(200);
    await warmSession(t.api, manager.token, 'staff');
    const { result, commands } = await trips.of((headers) =>
      t.api('GET', '/api/staff/kpis?from=2026-03-01&to=2026-03-10', { token: manager.token, headers }),
    );
    expect(result.status).toBe(200);
    expect(result.body.orderTrend).toHaveLength(10);
    expect(result.body.orderTrend.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(120);
    expectWithinBudget('getKpis', commands, GET_KPIS);

    const cy = await trips.of((headers) =>
      t.api('GET', '/api/staff/kpis?from=2026-03-01&to=2026-03-10&district=HD', {
        token: manager.token,
        headers,
      }),
    );
    expect(cy.result.status).toBe(200);
    expect(cy.result.body.kpis.orderCount.value).toBe(60);
    expectWithinBudget('getKpis (district HD)', cy.commands, GET_KPIS);
  });

  it('a year of rolled days comes back in the same round trips (no getMore for 365 rows)', async () => {
    // The days before the ten busy ones, as the roll-up stores them: one whole-day totals row each.
    const days = daysBetween('2025-03-11', '2026-02-28');
    await KpiDailyModel.collection.insertMany(
      days.map((day) => ({
        _id: `orderTotals|${day}|*|*`,
        kind: 'orderTotals',
        day,
        district: '*',
        areaCode: '*',
        team: '*',
        type: '*',
        n: { orders: 1 },
        areas: { 'CY-WJY': 1 },
        rev: 'test',
      })) as never[],
    );
    const manager = await makeStaff(t.deps, ['manager']);
    await warmSession(t.api, manager.token, 'staff');
    const year = await trips.of((headers) =>
      t.api('GET', `/api/staff/kpis?from=${addDays('2026-03-10', -364)}&to=2026-03-10`, {
        token: manager.token,
        headers,
      }),
    );
    expect(year.result.status).toBe(200);
    expect(year.result.body.kpis.orderCount.value).toBe(days.length + 120);
    expectWithinBudget('getKpis (365 days)', year.commands, GET_KPIS);
  });
});
