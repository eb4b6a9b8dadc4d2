/**
 * The cockpit additions from the seeds: 回访完成率 and 回访平均得分, 人均日处理工单量 with the staff and
 * team ranking, and 报装 → 通气 by stage; each figure from a hand-made data set through the roll-up,
 * each with its drill-down, and the cockpit's role and area checks; last, each of these tables (and
 * 工单成本) in the export file.
 */
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeStaff } from '../factories';
import mongoose from 'mongoose';
import { FollowUpModel } from '../../src/modules/workorders/ratings/followup.model';
import { runRollup } from '../../src/modules/kpi/rollup.service';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { HAZARD_CATEGORY_LABELS, HAZARD_SEVERITY_LABELS } from '@portal/types';
import { WORK_ORDER_TYPE_LABELS } from '@portal/types/src/workOrderLabels';
import ExcelJS from 'exceljs';
import { insertBills, insertOrders, sh, type BillSpec, type OrderSpec } from './kpiData';

const NOW = sh('2026-03-10 12:00');
const RANGE = 'from=2026-03-01&to=2026-03-10';
const DAYS = 10;
let t: TestServer;
let manager: string;

const ZHANG = ['s0000000000000000000000a', '张师傅'] as [string, string];
const LI = ['s0000000000000000000000b', '李师傅'] as [string, string];
const WANG = ['s0000000000000000000000c', '王师傅'] as [string, string];

let n = 0;
const no = () => `WO20260301${String(++n).padStart(4, '0')}`;
const done = (assignee: [string, string], team: string, area: string, created: string): OrderSpec => ({
  no: no(),
  type: 'repair',
  area,
  team,
  created,
  state: 'closed',
  closed: created.replace(/\d\d:\d\d$/, '23:00'),
  assignee,
});

// 张 3 and 李 1 in 东城维修组 (DC), 王 2 in 海淀维修组 (HD); an open order and an unreachable one count for nobody.
const finished: OrderSpec[] = [
  done(ZHANG, '东城维修组', 'DC-1', '2026-03-02 09:00'),
  done(ZHANG, '东城维修组', 'DC-1', '2026-03-03 09:00'),
  done(ZHANG, '东城维修组', 'DC-2', '2026-03-09 09:00'),
  done(LI, '东城维修组', 'DC-1', '2026-03-04 09:00'),
  done(WANG, '海淀维修组', 'HD-1', '2026-03-05 09:00'),
  done(WANG, '海淀维修组', 'HD-1', '2026-03-06 09:00'),
];
const notCounted: OrderSpec[] = [
  {
    no: no(),
    type: 'repair',
    area: 'DC-1',
    team: '东城维修组',
    created: '2026-03-07 09:00',
    assignee: ZHANG,
  },
  { ...done(LI, '东城维修组', 'DC-1', '2026-03-07 10:00'), unreachable: true },
];

// 报装: two reached 通气 (their first 完工), one is still being built.
const stepsOf = (day: string, times: string[]): OrderSpec['steps'] =>
  (
    [
      ['dispatch', 'dispatched'],
      ['accept', 'taken'],
      ['survey', 'surveyed'],
      ['plan', 'planned'],
      ['construct', 'constructing'],
      ['verify', 'verified'],
      ['complete', 'completed'],
    ] as const
  )
    .slice(0, times.length)
    .map(([action, to], i) => [
      times[i].includes(' ') ? times[i] : `${day} ${times[i]}`,
      action,
      'staff',
      to,
    ]);
const slow = {
  no: no(),
  type: 'installation',
  area: 'DC-3',
  created: '2026-03-02 08:00',
  state: 'resolved' as const,
  steps: stepsOf('2026-03-02', [
    '09:00',
    '10:00',
    '2026-03-03 10:00',
    '2026-03-04 10:00',
    '2026-03-06 10:00',
    '2026-03-07 10:00',
    '2026-03-07 16:00',
  ]),
};
const fast = {
  no: no(),
  type: 'installation',
  area: 'DC-3',
  created: '2026-03-03 08:00',
  state: 'closed' as const,
  steps: stepsOf('2026-03-03', ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00']),
};
const building = {
  no: no(),
  type: 'installation',
  area: 'DC-3',
  created: '2026-03-04 08:00',
  steps: stepsOf('2026-03-04', ['09:00', '10:00', '11:00']),
};

// 回访: four tasks on orders of the range (two reached, scored 5 and 2; one not reached; one still open).
const calls: { order: OrderSpec; outcome?: 'reached' | 'notReached'; score?: number }[] = [
  { order: finished[0], outcome: 'reached', score: 5 },
  { order: finished[1], outcome: 'reached', score: 2 },
  { order: finished[4], outcome: 'notReached' },
  { order: finished[5] },
];

// 隐患 found on two 安检 orders, as the inspection form stores them (workorders/inspections/hazard.model.ts).
const inspections: OrderSpec[] = [
  { no: no(), type: 'inspection', area: 'DC-4', created: '2026-03-05 09:00' },
  { no: no(), type: 'inspection', area: 'HD-2', created: '2026-03-06 09:00' },
];
const found = [
  {
    order: inspections[0],
    category: 'hoseAging',
    customerType: 'residential',
    severity: 'major',
    status: 'open',
  },
  {
    order: inspections[0],
    category: 'noAlarm',
    customerType: 'residential',
    severity: 'minor',
    status: 'rectified',
  },
  {
    order: inspections[1],
    category: 'hoseAging',
    customerType: 'commercial',
    severity: 'major',
    status: 'open',
  },
];

// 回收率 by customer type and meter reader: March bills; 张 reads DC, 李 the longer route DC-2, 王 reads HD.
const households: [account: string, area: string, customerType: string][] = [
  ['3300000001', 'DC-1', 'residential'],
  ['3300000002', 'DC-1', 'commercial'],
  ['3300000003', 'DC-2', 'residential'],
  ['3300000004', 'HD-1', 'residential'],
  ['3300000005', 'HD-1', 'public'],
];
const bills: BillSpec[] = [
  {
    account: '3300000001',
    area: 'DC-1',
    period: '2026-03',
    fen: 10_000,
    status: 'paid',
    paidAt: '2026-03-05 10:00',
  },
  { account: '3300000002', area: 'DC-1', period: '2026-03', fen: 20_000, status: 'unpaid' },
  {
    account: '3300000003',
    area: 'DC-2',
    period: '2026-03',
    fen: 5_000,
    status: 'paid',
    paidAt: '2026-03-06 10:00',
  },
  { account: '3300000004', area: 'HD-1', period: '2026-03', fen: 8_000, status: 'unpaid' },
  {
    account: '3300000005',
    area: 'HD-1',
    period: '2026-03',
    fen: 4_000,
    status: 'paid',
    paidAt: '2026-03-07 10:00',
  },
  { account: '3300000009', area: 'DC-1', period: '2026-03', fen: 999, status: 'cancelled' },
];
const routes = [
  { areaPrefix: 'DC', readerName: '张抄表', team: '东城抄表组' },
  { areaPrefix: 'DC-2', readerName: '李抄表', team: '东城抄表组' },
  { areaPrefix: 'HD', readerName: '王抄表', team: '海淀抄表组' },
];
/** The reader of an area: its longest route (of `among`, the routes above unless given). */
const routeOf = (area: string, among = routes) =>
  among
    .filter((r) => area === r.areaPrefix || area.startsWith(`${r.areaPrefix}-`))
    .sort((a, b) => b.areaPrefix.length - a.areaPrefix.length)[0]!;
/** Expected 回收率 rows of the owed bills grouped by `key`. */
function collectedBy(key: (b: BillSpec) => string) {
  const m = new Map<string, { collectedFen: number; dueFen: number }>();
  for (const b of bills.filter((x) => x.status !== 'cancelled')) {
    const r = m.get(key(b)) ?? { collectedFen: 0, dueFen: 0 };
    r.dueFen += b.fen;
    if (b.status === 'paid') r.collectedFen += b.fen;
    m.set(key(b), r);
  }
  return m;
}

beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock: testClock(NOW) }) });
  await insertOrders([...finished, ...notCounted, slow, fast, building, ...inspections]);
  await mongoose.connection.collection('hazards').insertMany(
    found.map((h, i) => ({
      sourceKey: `${h.order.no}#${i}`,
      orderNo: h.order.no,
      accountNo: `acc${i}`,
      areaCode: h.order.area,
      customerType: h.customerType,
      category: h.category,
      severity: h.severity,
      status: h.status,
      foundAt: sh('2026-03-07 10:00'),
      rectifyDueAt: sh('2026-03-20 00:00'),
      updatedAt: new Date(),
    })),
  );
  await FollowUpModel.collection.insertMany(
    calls.map((c, i) => ({
      _id: `${c.order.no}:sample:0`,
      orderNo: c.order.no,
      accountNo: `acc${i}`,
      areaCode: c.order.area,
      reason: 'sample',
      status: c.outcome ? 'done' : 'open',
      ...(c.outcome ? { outcome: c.outcome } : {}),
      ...(c.score ? { followUpScore: c.score } : {}),
      createdAt: sh('2026-03-09 10:00'),
      updatedAt: new Date(),
    })) as never[],
  );
  await AccountModel.collection.insertMany(
    households.map(([accountNo, areaCode, customerType]) => ({
      accountNo,
      areaCode,
      customerType,
      utility: 'gas',
    })),
  );
  await insertBills(bills);
  const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['DC', 'HD'] });
  for (const r of routes) {
    const put = await t.api('PUT', `/api/staff/meter-routes/${r.areaPrefix}`, {
      token: supervisor.token,
      body: { readerName: r.readerName, team: r.team },
    });
    expect(put.status).toBe(200);
  }
  await runRollup(NOW);
  manager = (await makeStaff(t.deps, ['manager'])).token;
});
afterAll(() => t.close());

const kpis = () => t.api('GET', `/api/staff/kpis?${RANGE}`, { token: manager });
const drill = (kpi: string, extra = '', token = manager) =>
  t.api('GET', `/api/staff/kpis/${kpi}/items?${RANGE}${extra}`, { token });

describe('回访 in the cockpit', () => {
  it('computes 回访完成率 and the average 回访 score from the calls', async () => {
    const r = await kpis();
    expect(r.status).toBe(200);
    const reached = calls.filter((c) => c.outcome === 'reached');
    const scores = calls.flatMap((c) => (c.score ? [c.score] : []));
    expect(r.body.kpis.followUpCompletionRate).toMatchObject({
      title: '回访完成率',
      value: reached.length / calls.length,
      numerator: reached.length,
      denominator: calls.length,
    });
    expect(r.body.kpis.followUpAvgScore).toMatchObject({
      value: scores.reduce((a, b) => a + b, 0) / scores.length,
      denominator: scores.length,
    });
  });

  it('drills down to the orders with a 回访 task, and to those whose call reached the resident', async () => {
    const all = await drill('followUpCompletionRate');
    expect(all.body.total).toBe(calls.length);
    const hits = await drill('followUpCompletionRate', '&onlyHits=true');
    expect(hits.body.orders.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      calls
        .filter((c) => c.outcome === 'reached')
        .map((c) => c.order.no)
        .sort(),
    );
    expect(hits.body.orders.every((o: { hit: boolean }) => o.hit)).toBe(true);
  });
});

describe('staff and team ranking', () => {
  it('ranks staff by finished orders with their per-day figure, and teams per member and day', async () => {
    const r = await kpis();
    const per = (id: string) => finished.filter((o) => o.assignee![0] === id).length;
    expect(r.body.staffRanking).toEqual([
      {
        staffId: ZHANG[0],
        name: '张师傅',
        team: '东城维修组',
        finished: per(ZHANG[0]),
        perDay: per(ZHANG[0]) / DAYS,
        rank: 1,
      },
      {
        staffId: WANG[0],
        name: '王师傅',
        team: '海淀维修组',
        finished: per(WANG[0]),
        perDay: per(WANG[0]) / DAYS,
        rank: 2,
      },
      {
        staffId: LI[0],
        name: '李师傅',
        team: '东城维修组',
        finished: per(LI[0]),
        perDay: per(LI[0]) / DAYS,
        rank: 3,
      },
    ]);
    const dc = per(ZHANG[0]) + per(LI[0]);
    const hd = per(WANG[0]);
    expect(r.body.teamRanking).toEqual([
      { team: '东城维修组', finished: dc, staff: 2, perStaffDay: dc / 2 / DAYS, rank: 1 },
      { team: '海淀维修组', finished: hd, staff: 1, perStaffDay: hd / 1 / DAYS, rank: 2 },
    ]);
    expect(r.body.kpis.staffDailyOrders).toMatchObject({
      value: finished.length / (3 * DAYS),
      numerator: finished.length,
      denominator: 3 * DAYS,
    });
  });

  it('drills down from a member of staff or a team to their finished orders', async () => {
    const zhang = await drill('staffDailyOrders', `&bucket=staff:${ZHANG[0]}`);
    expect(zhang.status).toBe(200);
    expect(zhang.body.orders.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      finished
        .filter((o) => o.assignee![0] === ZHANG[0])
        .map((o) => o.no)
        .sort(),
    );
    const hd = await drill('staffDailyOrders', `&bucket=${encodeURIComponent('team:海淀维修组')}`);
    expect(hd.body.total).toBe(finished.filter((o) => o.team === '海淀维修组').length);
  });
});

describe('报装 to 通气', () => {
  it('averages the time to 通气 and each stage over the installations that reached it', async () => {
    const r = await kpis();
    const minutes = (a: string, b: string) => (+sh(b) - +sh(a)) / 60_000;
    const slowTotal = minutes(slow.created, '2026-03-07 16:00');
    const fastTotal = minutes(fast.created, '2026-03-03 15:00');
    expect(r.body.kpis.installToGasMinutes).toMatchObject({
      value: (slowTotal + fastTotal) / 2,
      denominator: 2,
    });
    const stage = (key: string) => r.body.installStages.find((s: { stage: string }) => s.stage === key);
    expect(stage('accepted')).toMatchObject({ label: '受理', orders: 2, avgMinutes: 60 });
    // 勘查: slow 03-03 10:00 → 03-04 10:00, fast one hour.
    expect(stage('surveyed')).toMatchObject({ label: '勘查', orders: 2, avgMinutes: (24 * 60 + 60) / 2 });
    // 施工: slow 03-06 10:00 → 03-07 10:00, fast one hour.
    expect(stage('constructing')).toMatchObject({ orders: 2, avgMinutes: (24 * 60 + 60) / 2 });
    const list = await drill('installToGasMinutes', '&bucket=stage:surveyed');
    expect(list.body.orders.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      [slow.no, fast.no].sort(),
    );
  });
});

describe('隐患 statistics', () => {
  it('counts the hazards of the inspection orders by area, customer type, category and severity', async () => {
    const r = await kpis();
    const by = (key: 'category' | 'customerType' | 'severity' | 'area') => {
      const m = new Map<string, number>();
      for (const h of found) {
        const k = key === 'area' ? h.order.area : h[key];
        m.set(k, (m.get(k) ?? 0) + 1);
      }
      return [...m]
        .map(([k, total]) => ({ key: k, total }))
        .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    };
    expect(r.body.hazards).toEqual({
      total: found.length,
      open: found.filter((h) => h.status === 'open').length,
      byArea: by('area'),
      byCustomerType: by('customerType'),
      byCategory: by('category'),
      bySeverity: by('severity'),
    });
    expect(r.body.kpis.hazardCount).toMatchObject({ value: found.length, numerator: 2, denominator: 3 });
  });

  it('drills down from a category or a customer type to the inspection orders the hazards were found on', async () => {
    const hose = await drill('hazardCount', '&bucket=hazard:hoseAging');
    expect(hose.body.orders.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      inspections.map((o) => o.no).sort(),
    );
    const commercial = await drill('hazardCount', '&bucket=ctype:commercial');
    expect(commercial.body.orders.map((o: { orderNo: string }) => o.orderNo)).toEqual([inspections[1].no]);
    const dc = await drill('hazardCount', '&bucket=area:DC-4');
    expect(dc.body.orders.map((o: { orderNo: string }) => o.orderNo)).toEqual([inspections[0].no]);
  });
});

describe('回收率 by customer type, meter reader and team', () => {
  it('computes the rate of each from the period’s bills', async () => {
    const r = await kpis();
    const types = new Map(households.map(([a, , ct]) => [a, ct]));
    const expectRows = (
      rows: { rate: number | null; collectedFen: number; dueFen: number }[],
      keyOf: (row: never) => string,
      expected: Map<string, { collectedFen: number; dueFen: number }>,
    ) => {
      expect(rows).toHaveLength(expected.size);
      for (const row of rows) {
        const e = expected.get(keyOf(row as never))!;
        expect(row).toMatchObject({ ...e, rate: e.collectedFen / e.dueFen });
      }
    };
    expectRows(
      r.body.collectionByCustomerType,
      (x: { customerType: string }) => x.customerType,
      collectedBy((b) => types.get(b.account)!),
    );
    expectRows(
      r.body.collectionByReader,
      (x: { team: string; readerName: string }) => `${x.team}|${x.readerName}`,
      collectedBy((b) => `${routeOf(b.area).team}|${routeOf(b.area).readerName}`),
    );
    expectRows(
      r.body.collectionByTeam,
      (x: { team: string }) => x.team,
      collectedBy((b) => routeOf(b.area).team),
    );
    // Lowest rate first.
    const rates = r.body.collectionByReader.map((x: { rate: number }) => x.rate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
  });

  it('drills down to the bills of a reader (not those of a longer route inside), a team and a customer type', async () => {
    const accounts = async (bucket: string) =>
      (await drill('collectionRate', `&bucket=${encodeURIComponent(bucket)}`)).body.bills
        .map((b: { accountNo: string }) => b.accountNo)
        .sort();
    const owed = bills.filter((b) => b.status !== 'cancelled');
    expect(await accounts('reader:东城抄表组|张抄表')).toEqual(
      owed
        .filter((b) => routeOf(b.area).readerName === '张抄表')
        .map((b) => b.account)
        .sort(),
    );
    expect(await accounts('team:东城抄表组')).toEqual(
      owed
        .filter((b) => routeOf(b.area).team === '东城抄表组')
        .map((b) => b.account)
        .sort(),
    );
    expect(await accounts('ctype:commercial')).toEqual(['3300000002']);
  });

  it('counts the bills of a route named, changed or removed since the last roll-up under their new reader, though no bill changed', async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['DC', 'HD'] });
    const put = (r: (typeof routes)[number]) =>
      t.api('PUT', `/api/staff/meter-routes/${r.areaPrefix}`, {
        token: supervisor.token,
        body: { readerName: r.readerName, team: r.team },
      });
    const remove = (areaPrefix: string) =>
      t.api('DELETE', `/api/staff/meter-routes/${areaPrefix}`, { token: supervisor.token });
    const readerRows = async () =>
      new Map(
        (await kpis()).body.collectionByReader.map(
          (x: { team: string; readerName: string; collectedFen: number; dueFen: number }) => [
            `${x.team}|${x.readerName}`,
            { collectedFen: x.collectedFen, dueFen: x.dueFen },
          ],
        ),
      );
    const expectedFor = (among: typeof routes) => {
      const byReader = collectedBy((b) => {
        const r = routeOf(b.area, among);
        return r ? `${r.team}|${r.readerName}` : '';
      });
      byReader.delete(''); // bills of an area no route covers have no reader
      return byReader;
    };
    // Only the routes change: the roll-up looks at nothing older than its last run (no overlap), and no bill
    // changed since.
    const roll = () => runRollup(NOW, { overlapMs: 0 });

    const changed = [
      { areaPrefix: 'DC-2', readerName: '赵抄表', team: '东城抄表组' }, // another reader
      { areaPrefix: 'HD', readerName: '王抄表', team: '海淀抄表组' },
      { areaPrefix: 'HD-1', readerName: '钱抄表', team: '海淀二组' }, // a new, longer route
    ]; // DC's route is gone: DC-1's bills have no reader
    expect((await put(changed[0]!)).status).toBe(200);
    expect((await put(changed[2]!)).status).toBe(200);
    expect((await remove('DC')).status).toBe(200);
    await roll();
    expect(await readerRows()).toEqual(expectedFor(changed));

    // And back: the routes above, the rows as they were.
    for (const r of routes) expect((await put(r)).status).toBe(200);
    expect((await remove('HD-1')).status).toBe(200);
    await roll();
    expect(await readerRows()).toEqual(expectedFor(routes));
  });

  it('lets a supervisor keep routes in their own areas only, with clear refusals', async () => {
    const hd = await makeStaff(t.deps, ['supervisor'], { areas: ['HD'] });
    const outside = await t.api('PUT', '/api/staff/meter-routes/DC-9', {
      token: hd.token,
      body: { readerName: '赵抄表', team: '东城抄表组' },
    });
    expect(outside.status).toBe(403);
    const bad = await t.api('PUT', '/api/staff/meter-routes/HD-1', {
      token: hd.token,
      body: { readerName: '', team: 'a b' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.readerName',
      'body.team',
    ]);
    const tech = await makeStaff(t.deps, ['technician'], { areas: ['HD'] });
    expect(
      (
        await t.api('PUT', '/api/staff/meter-routes/HD-1', {
          token: tech.token,
          body: { readerName: '钱', team: 'x' },
        })
      ).status,
    ).toBe(403);
    expect((await t.api('DELETE', '/api/staff/meter-routes/HD-77', { token: hd.token })).status).toBe(404);
    expect((await t.api('DELETE', '/api/staff/meter-routes/DC', { token: hd.token })).status).toBe(404);
    const mine = await t.api('GET', '/api/staff/meter-routes', { token: hd.token });
    expect(mine.body.map((r: { areaPrefix: string }) => r.areaPrefix)).toEqual(['HD']);
  });
});

describe('who may read them', () => {
  it('refuses a technician, and narrows a supervisor’s drill-down to their own area', async () => {
    const tech = await makeStaff(t.deps, ['technician'], { areas: ['DC'] });
    expect((await t.api('GET', `/api/staff/kpis?${RANGE}`, { token: tech.token })).status).toBe(403);
    expect((await drill('staffDailyOrders', '', tech.token)).status).toBe(403);
    const hdSupervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['HD'] });
    const theirs = await drill('staffDailyOrders', `&bucket=staff:${ZHANG[0]}`, hdSupervisor.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.total).toBe(0);
    const own = await drill('staffDailyOrders', `&bucket=staff:${WANG[0]}`, hdSupervisor.token);
    expect(own.body.total).toBe(2);
  });

  it('refuses a bucket that is not a ranking row', async () => {
    const bad = await drill('staffDailyOrders', '&bucket=staff:a%20b');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('query.bucket');
  });
});

describe('the export of each table', () => {
  /** Two 换表 orders in XC (a district nothing else uses) with materials and hours recorded. */
  const costed = [
    { no: 'WO2026030899001', area: 'XC-1', materialCostFen: 12_000, labourMinutes: 60 },
    { no: 'WO2026030899002', area: 'XC-2', materialCostFen: 3_050, labourMinutes: 30 },
  ];
  beforeAll(async () => {
    const at = sh('2026-03-08 15:00');
    await WorkOrderModel.collection.insertMany(
      costed.map((o) => ({
        orderNo: o.no,
        accountNo: '3300000001',
        areaCode: o.area,
        type: 'meterChange',
        category: 'other',
        priority: 'normal',
        status: 'closed',
        state: 'resolved',
        description: 'test',
        address: 'test',
        createdAt: at,
        updatedAt: at,
        resolvedAt: at,
        workRecordedAt: at,
        materialCostFen: o.materialCostFen,
        labourMinutes: o.labourMinutes,
        history: [],
      })),
    );
  });

  /** The table as the exported Excel file has it: header, then rows (empty cells as null). */
  async function exported(table: string, token = manager): Promise<unknown[][]> {
    const res = await fetch(`${t.url}/api/staff/kpis/export?${RANGE}&table=${table}&format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect([table, res.status]).toEqual([table, 200]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0]!;
    const width = sheet.getRow(1).cellCount;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      rows.push(Array.from({ length: width }, (_, i) => values[i + 1] ?? null));
    });
    return rows;
  }
  const pct = (num: number, den: number) => Math.round((num / den) * 10_000) / 100;

  it('exports the staff and team ranking with the per-day figures', async () => {
    const per = (id: string) => finished.filter((o) => o.assignee![0] === id).length;
    expect(await exported('staffRanking')).toEqual([
      ['排名', '姓名', '班组', '完成工单', '日均完成'],
      [1, '张师傅', '东城维修组', per(ZHANG[0]), per(ZHANG[0]) / DAYS],
      [2, '王师傅', '海淀维修组', per(WANG[0]), per(WANG[0]) / DAYS],
      [3, '李师傅', '东城维修组', per(LI[0]), per(LI[0]) / DAYS],
    ]);
    const dc = per(ZHANG[0]) + per(LI[0]);
    const hd = per(WANG[0]);
    expect(await exported('teamRanking')).toEqual([
      ['排名', '班组', '完成工单', '人数', '人均日完成'],
      [1, '东城维修组', dc, 2, dc / 2 / DAYS],
      [2, '海淀维修组', hd, 1, hd / DAYS],
    ]);
  });

  it('exports 回访完成率 with the range’s total last', async () => {
    const rows = await exported('followUps');
    expect(rows[0]).toEqual(['日期', '回访完成率(%)', '已回访', '应回访', '平均评分']);
    const reached = calls.filter((c) => c.outcome === 'reached').length;
    const scores = calls.flatMap((c) => (c.score ? [c.score] : []));
    expect(rows.at(-1)).toEqual([
      '合计',
      pct(reached, calls.length),
      reached,
      calls.length,
      scores.reduce((a, b) => a + b, 0) / scores.length,
    ]);
    // One row per day of the range, and the days add up to the total.
    expect(rows.slice(1, -1).map((r) => r[0])).toHaveLength(DAYS);
    const days = rows.slice(1, -1);
    expect(days.reduce((s, r) => s + Number(r[3] ?? 0), 0)).toBe(calls.length);
  });

  it('exports the 报装 → 通气 stage times', async () => {
    const rows = await exported('installStages');
    expect(rows[0]).toEqual(['阶段', '节点', '平均用时(分钟)', '平均用时(小时)', '工单数']);
    expect(rows.find((r) => r[1] === 'accepted')).toEqual(['受理', 'accepted', 60, 1, 2]);
    expect(rows.find((r) => r[1] === 'surveyed')).toEqual(['勘查', 'surveyed', 750, 12.5, 2]);
  });

  it('exports the 隐患 statistics by every dimension', async () => {
    expect(await exported('hazards')).toEqual([
      ['维度', '分组', '编码', '隐患数'],
      ['合计', '隐患总数', 'total', found.length],
      ['合计', '未整改', 'open', found.filter((h) => h.status === 'open').length],
      ['区域', 'DC-4', 'DC-4', 2],
      ['区域', 'HD-2', 'HD-2', 1],
      ['客户类型', '居民', 'residential', 2],
      ['客户类型', '非居民(工商业)', 'commercial', 1],
      ['隐患类别', HAZARD_CATEGORY_LABELS.hoseAging, 'hoseAging', 2],
      ['隐患类别', 'noAlarm', 'noAlarm', 1], // not a category the form knows: its code
      ['等级', HAZARD_SEVERITY_LABELS.major, 'major', 2],
      ['等级', HAZARD_SEVERITY_LABELS.minor, 'minor', 1],
    ]);
  });

  it('exports 回收率 by meter reader, team and customer type, in 元 and %', async () => {
    const readers = await exported('collectionByReader');
    expect(readers[0]).toEqual(['抄表员', '班组', '回收率(%)', '实收(元)', '应收(元)']);
    // 张 reads DC but DC-2 (李's): 100 of 300 元; 李 50 of 50; 王 40 of 120.
    expect(readers.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      [
        ['张抄表', '东城抄表组', pct(10_000, 30_000), 100, 300],
        ['李抄表', '东城抄表组', 100, 50, 50],
        ['王抄表', '海淀抄表组', pct(4_000, 12_000), 40, 120],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const teams = await exported('collectionByTeam');
    expect(teams[0]).toEqual(['班组', '回收率(%)', '实收(元)', '应收(元)']);
    expect(teams.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      [
        ['东城抄表组', pct(15_000, 35_000), 150, 350],
        ['海淀抄表组', pct(4_000, 12_000), 40, 120],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const types = await exported('collectionByCustomerType');
    expect(types[0]).toEqual(['客户类型', '回收率(%)', '实收(元)', '应收(元)']);
    expect(types.slice(1).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      [
        ['居民', pct(15_000, 23_000), 150, 230],
        ['非居民(工商业)', 0, 0, 200],
        ['公建', 100, 40, 40],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('exports 工单成本 per order type and area, labour at the 人工费率, within the caller’s areas', async () => {
    // 90 min at the default 80 元/h = 120 元; materials 150.50 元.
    const header = [
      '业务',
      '片区',
      '工单数',
      '用料成本(元)',
      '工时(小时)',
      '人工费率(元/小时)',
      '人工成本(元)',
      '总成本(元)',
      '单均成本(元)',
    ];
    expect(await exported('orderCosts')).toEqual([
      header,
      [WORK_ORDER_TYPE_LABELS.meterChange, 'XC', 2, 150.5, 1.5, 80, 120, 270.5, 135.25],
      ['合计', null, 2, 150.5, 1.5, 80, 120, 270.5, 135.25],
    ]);
    // Narrowed to the district: the level under it.
    const xc = await fetch(
      `${t.url}/api/staff/kpis/export?${RANGE}&district=XC&table=orderCosts&format=csv`,
      { headers: { authorization: `Bearer ${manager}` } },
    );
    const lines = (await xc.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(1, 3)).toEqual([
      `${WORK_ORDER_TYPE_LABELS.meterChange},XC-1,1,120,1,80,80,200,200`,
      `${WORK_ORDER_TYPE_LABELS.meterChange},XC-2,1,30.5,0.5,80,40,70.5,70.5`,
    ]);
    // A supervisor of DC and HD sees none of XC's costs.
    const dcHd = await makeStaff(t.deps, ['supervisor'], { areas: ['DC', 'HD'] });
    expect(await exported('orderCosts', dcHd.token)).toEqual([
      header,
      ['合计', null, 0, 0, 0, 80, 0, 0, null],
    ]);
  });
});
