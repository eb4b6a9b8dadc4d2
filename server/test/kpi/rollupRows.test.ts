/**
 * The roll-up's rows of a re-rolled day: a row whose dimensions no order holds any more (an order moved
 * to another area) is removed, the days around it keep theirs, and the totals follow.
 */
import { connectTestDb } from '../harness';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { KpiDailyModel, KpiStateModel } from '../../src/modules/kpi/kpiDaily.model';
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

it('two roll-up runs at once (the minute job and a manager’s 立即重算) leave every row in place', async () => {
  const all = async () => (await KpiDailyModel.find({}, { _id: 1, n: 1 }).lean()).map((r) => r._id).sort();
  const before = await all();
  expect(before.length).toBeGreaterThan(0);
  // Every order changed again: both runs re-roll every day.
  await WorkOrderModel.updateMany({}, { $set: { updatedAt: new Date() } });
  const runs = await Promise.all([runRollup(NOW, { overlapMs: 0 }), runRollup(NOW, { overlapMs: 0 })]);
  // One run did the work; the other found it running and left it to it.
  expect(runs.map((r) => r.days).sort()).toEqual([0, 3]);
  expect(await all()).toEqual(before);
});

it('a manager’s 立即重算 waits for the run in progress, then runs; a run that never ends is answered KPI_ROLLUP_BUSY', async () => {
  // The minute job and the manager at once: whichever is second, the job skips its turn, or the manager's run
  // waits for the job's lease and then runs after it (with nothing left to roll).
  await WorkOrderModel.updateMany({}, { $set: { updatedAt: new Date() } });
  const [job, manual] = await Promise.all([
    runRollup(NOW, { overlapMs: 0 }),
    runRollup(NOW, { overlapMs: 0, waitMs: 30_000 }),
  ]);
  expect([job.days, manual.days].sort()).toEqual([0, 3]);
  const state = await KpiStateModel.findById('rollup').lean();
  expect(state?.runningBy).toBeUndefined();

  // A run that holds the lease (a process busy for minutes, or one that died less than a lease ago).
  await KpiStateModel.updateOne(
    { _id: 'rollup' },
    { $set: { runningUntil: new Date(Date.now() + 60_000), runningBy: 'another process' } },
  );
  expect(await runRollup(NOW)).toEqual({ days: 0, periods: 0 });
  await expect(runRollup(NOW, { waitMs: 300 })).rejects.toMatchObject({
    code: 'KPI_ROLLUP_BUSY',
    status: 409,
  });
  // Its lease runs out while the manager waits: the manager's run takes it then, and rolls the changed day.
  await KpiStateModel.updateOne({ _id: 'rollup' }, { $set: { runningUntil: new Date(Date.now() + 500) } });
  await WorkOrderModel.updateOne({ orderNo: 'WO202603070001' }, { $set: { updatedAt: new Date() } });
  expect((await runRollup(NOW, { overlapMs: 0, waitMs: 30_000 })).days).toBe(1);
});

/** A run paused before its first write of rows, until `resume`. */
function pausedRun(leaseMs: number) {
  let resume!: () => void;
  let paused!: () => void;
  const released = new Promise<void>((r) => (resume = r));
  const atFirstWrite = new Promise<void>((r) => (paused = r));
  const run = runRollup(NOW, {
    overlapMs: 0,
    leaseMs,
    beforeStore: async () => {
      paused();
      await released;
    },
  });
  return { run, atFirstWrite, resume };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a run that lasts longer than its lease renews it: another run skips its turn instead of overlapping', async () => {
  await WorkOrderModel.updateMany({}, { $set: { updatedAt: new Date() } });
  const first = pausedRun(300);
  await first.atFirstWrite;
  await sleep(1_000); // three lease lengths and more
  const state = await KpiStateModel.findById('rollup').lean();
  expect(state?.runningUntil?.getTime()).toBeGreaterThan(Date.now());
  expect(await runRollup(NOW, { overlapMs: 0 })).toEqual({ days: 0, periods: 0 });
  first.resume();
  expect((await first.run).days).toBe(3);
  expect((await KpiStateModel.findById('rollup').lean())?.runningBy).toBeUndefined();
});

it('a run whose lease was taken over (its process stalled past it) stops before writing, leaving the state to the other run', async () => {
  await WorkOrderModel.updateMany({}, { $set: { updatedAt: new Date() } });
  const before = await KpiStateModel.findById('rollup').lean();
  const first = pausedRun(300);
  await first.atFirstWrite;
  // Another process took the lease over, as it may once a lease has run out.
  await KpiStateModel.updateOne(
    { _id: 'rollup' },
    { $set: { runningBy: 'another process', runningUntil: new Date(Date.now() + 60_000) } },
  );
  await sleep(400); // a renewal finds the lease gone
  first.resume();
  await expect(first.run).rejects.toThrow('lost its lease');
  const after = await KpiStateModel.findById('rollup').lean();
  expect(after?.runningBy).toBe('another process');
  expect(after?.watermark).toEqual(before?.watermark);
  await KpiStateModel.updateOne({ _id: 'rollup' }, { $unset: { runningBy: 1, runningUntil: 1 } });
});
