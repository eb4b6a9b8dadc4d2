/**
 * The roll-up's rows of a re-rolled day: a row whose dimensions no order holds any more (an order moved
 * to another area) is removed, the days around it keep theirs, and the totals follow.
 */
import { connectTestDb } from '../harness';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { KpiDailyModel } from '../../src/modules/kpi/kpiDaily.model';
import { runRollup } from '../../src/modules/kpi/rollup.service';
import { insertOrders, sh } from './kpiData';

const NOW = sh('2026-03-10 12:00');

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
});
afterAll(async () => {
  await db.drop();
});

const ids = async (filter: Record<string, unknown>) =>
  (await KpiDailyModel.find(filter, { _id: 1 }).lean()).map((r) => r._id).sort();

it('a re-rolled day loses the rows no order holds any more, and only that day', async () => {
  await insertOrders(
    ['2026-03-07', '2026-03-08', '2026-03-09'].map((day, i) => ({
      no: `WO${day.replaceAll('-', '')}0001`,
      type: 'repair',
      area: 'CY-WJY',
      team: 'T1',
      created: `${day} 0${i + 1}:00`,
    })),
  );
  await runRollup(NOW);
  expect(await ids({ kind: 'orders' })).toEqual([
    'orders|2026-03-07|CY-WJY|T1|repair',
    'orders|2026-03-08|CY-WJY|T1|repair',
    'orders|2026-03-09|CY-WJY|T1|repair',
  ]);

  // The order of 03-08 was filed under the wrong area: corrected to HD-ABC.
  await WorkOrderModel.updateOne(
    { orderNo: 'WO202603080001' },
    { $set: { areaCode: 'HD-ABC', updatedAt: new Date() } },
  );
  const r = await runRollup(NOW, { overlapMs: 0 });
  expect(r.days).toBe(1);
  expect(await ids({ kind: 'orders' })).toEqual([
    'orders|2026-03-07|CY-WJY|T1|repair',
    'orders|2026-03-08|HD-ABC|T1|repair',
    'orders|2026-03-09|CY-WJY|T1|repair',
  ]);
  const day = await KpiDailyModel.findOne({ _id: 'orderTotals|2026-03-08|*|*' }).lean();
  expect(day?.areas).toEqual({ 'HD-ABC': 1 });
  expect(await ids({ kind: 'orderTotals', day: '2026-03-08' })).toEqual([
    'orderTotals|2026-03-08|*|*',
    'orderTotals|2026-03-08|*|repair',
    'orderTotals|2026-03-08|HD|*',
  ]);
  expect(await ids({ kind: 'orderTotals', day: '2026-03-07' })).toHaveLength(3);
});
