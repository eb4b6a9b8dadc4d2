/**
 * 报修异常飙升: an area's repairs in the last 24 h against its own 28-day baseline from the roll-up.
 * Baseline for DC-ALR: one repair a day on 9 of the 28 days → mean 9/28 ≈ 0.32, σ ≈ 0.47, so
 * mean + 3σ ≈ 1.72; with the minimum of 10, 12 repairs today raise an alert. HD-QUI has 2 a day
 * every day and 3 today: under the minimum, no alert.
 */
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeStaff } from '../factories';
import { createWorker } from '../../src/platform/outbox/worker';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { sandboxSmsCollection } from '../../src/modules/messaging/sms';
import { kpiFeature } from '../../src/modules/kpi/feature';
import { runRollup } from '../../src/modules/kpi/rollup.service';
import { scanRepairSpikes, baselineOf } from '../../src/modules/kpi/alerts.service';
import { addDays } from '../../src/platform/time';
import { insertOrders, sh, type OrderSpec } from './kpiData';

const NOW = sh('2026-03-10 12:00');
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock: testClock(NOW) }) });
  const orders: OrderSpec[] = [];
  let n = 0;
  const no = (day: string) => `WO${day.replaceAll('-', '')}${String(++n).padStart(4, '0')}`;
  for (let i = 1; i <= 9; i++) {
    const day = addDays('2026-03-10', -i);
    orders.push({ no: no(day), type: 'repair', area: 'DC-ALR', created: `${day} 07:00` });
  }
  for (let i = 1; i <= 28; i++) {
    const day = addDays('2026-03-10', -i);
    for (const h of ['07:00', '08:00'])
      orders.push({ no: no(day), type: 'repair', area: 'HD-QUI', created: `${day} ${h}` });
  }
  for (let h = 0; h < 12; h++)
    orders.push({
      no: no('2026-03-10'),
      type: 'repair',
      area: 'DC-ALR',
      created: `2026-03-10 ${String(h).padStart(2, '0')}:30`,
    });
  for (const h of ['01', '02', '03'])
    orders.push({ no: no('2026-03-10'), type: 'repair', area: 'HD-QUI', created: `2026-03-10 ${h}:00` });
  // a complaint spike is not a repair spike
  for (let h = 0; h < 12; h++)
    orders.push({
      no: no('2026-03-10'),
      type: 'complaint',
      area: 'HD-QUI',
      created: `2026-03-10 ${String(h).padStart(2, '0')}:10`,
    });
  await insertOrders(orders);
  await runRollup(NOW);
});
afterAll(() => t.close());

it('computes the baseline as mean and population standard deviation', () => {
  expect(baselineOf([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
});

it('raises one alert for the area whose repairs spiked, for its supervisor, and texts them once', async () => {
  const sup = await makeStaff(t.deps, ['supervisor'], { areas: ['DC'], phone: '13900001111' });
  const other = await makeStaff(t.deps, ['supervisor'], { areas: ['HD'], phone: '13900002222' });
  const manager = await makeStaff(t.deps, ['manager']);
  const rule = { sigma: 3, minCount: 10 };
  expect(await scanRepairSpikes(NOW, rule)).toBe(1);
  expect(await scanRepairSpikes(NOW, rule)).toBe(0); // one per area per day

  const list = await t.api('GET', '/api/staff/kpi-alerts', { token: manager.token });
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(1);
  const a = list.body.items[0];
  expect(a).toMatchObject({
    id: 'DC-ALR:2026-03-10',
    areaCode: 'DC-ALR',
    day: '2026-03-10',
    count24h: 12,
    supervisorIds: [sup.staffId],
  });
  // 9 ones and 19 zeros
  expect(a.baselineMean).toBeCloseTo(9 / 28, 2);
  expect(a.threshold).toBeCloseTo(9 / 28 + 3 * Math.sqrt(9 / 28 - (9 / 28) ** 2), 2);

  // the supervisor of the area sees it; another area's supervisor does not
  expect((await t.api('GET', '/api/staff/kpi-alerts', { token: sup.token })).body.items).toHaveLength(1);
  expect((await t.api('GET', '/api/staff/kpi-alerts', { token: other.token })).body.items).toHaveLength(0);
  // and it is on the cockpit
  const cockpit = await t.api('GET', '/api/staff/kpis', { token: manager.token });
  expect(cockpit.body.alerts.map((x: { id: string }) => x.id)).toEqual(['DC-ALR:2026-03-10']);

  expect(await OutboxModel.countDocuments({ kind: 'kpi.alert.notify' })).toBe(1);
  const worker = createWorker({ handlers: kpiFeature.jobs!(t.deps), kinds: ['kpi.alert.notify'] });
  expect(await worker.drain()).toBe(1);
  const sms = await sandboxSmsCollection().find({ phone: '13900001111' }).toArray();
  expect(sms).toHaveLength(1);
  expect(sms[0].text).toContain('DC-ALR近24小时报修12单');
});
