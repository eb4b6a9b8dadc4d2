/**
 * Seeds cockpit volume for `npm run bench`: accounts, work orders spread over a year (today included)
 * and bills of recent periods, written with insertMany in batches of 10,000. The roll-up rows are made
 * while seeding, from the generated documents with the roll-up's own fact code (facts.ts, totalsOf), and
 * inserted in bulk: reading a million orders back through the job would time the stand-in's reads, not
 * the cockpit. Then `benchKpis` times the cockpit's queries.
 *
 *   await seedKpiVolume({ orders: 1_000_000, accounts: 100_000, now: new Date(), log: console.log });
 *   console.table(await benchKpis(new Date()));
 */
import { Types } from 'mongoose';
import { AccountModel } from '../modules/accounts/account.model';
import { BillModel } from '../modules/billing/bill.model';
import { SlaTimerModel } from '../modules/workorders/sla/sla.model';
import { NO_DEADLINE, STATE_RANK, WorkOrderModel } from '../modules/workorders/orders/workorder.model';
import { addDays, dayOf, dayStart, monthsBetween } from '../platform/time';
import { getKpis } from '../modules/kpi/kpi.service';
import { billFact, orderFact, paymentFact, periodDay, type OrderSource } from '../modules/kpi/facts';
import { KpiDailyModel, KpiStateModel } from '../modules/kpi/kpiDaily.model';
import { addFact, runRollup, totalsOf, type RowDraft } from '../modules/kpi/rollup.service';

export type SeedOptions = {
  orders: number;
  accounts: number;
  /** Days of history the orders spread over (ending yesterday; a share lands today). */
  days?: number;
  /** Bill periods per account (most recent first). */
  billPeriods?: number;
  now?: Date;
  batch?: number;
  log?: (msg: string) => void;
  /**
   * Generate the same data but store only its roll-up rows (all the cockpit reads), not the orders,
   * accounts and bills: the cockpit at full volume on a database too slow to take a million orders.
   */
  rollupOnly?: boolean;
  /**
   * Which secondary indexes the seeded source collections get once loaded: 'all' that their models
   * declare (default), or 'cockpit': those the measured code reads through (the roll-up rows' every
   * index; orders, clocks, bills and accounts by number, creation, change and period). The others only
   * cost writes (the measured code writes roll-up rows alone) and, over a million orders on the stand-in,
   * take longer to build than everything else together.
   */
  indexes?: 'all' | 'cockpit';
};

/** The indexes a roll-up run and getKpis read through ('cockpit' seeds), by collection: key patterns. */
const COCKPIT_INDEXES: Record<string, string[]> = {
  accounts: ['accountNo'],
  workOrders: ['orderNo', 'createdAt', 'updatedAt'],
  slaTimers: ['orderNo,status', 'updatedAt'],
  bills: ['updatedAt', 'period,areaCode', 'paidAt'],
};

const DISTRICTS = ['CY', 'HD', 'DC', 'XC', 'FT', 'SJS'];
const COMMUNITIES = ['WJY', 'ABC', 'XYZ', 'JXL', 'TTY', 'HLG'];
const AREAS = DISTRICTS.flatMap((d) => COMMUNITIES.map((c) => `${d}-${c}`));
const TYPES: [string, number][] = [
  ['repair', 45],
  ['inspection', 25],
  ['complaint', 8],
  ['consultation', 8],
  ['installation', 4],
  ['meterChange', 4],
  ['activation', 3],
  ['accountTransfer', 3],
];
const CATEGORIES = ['noGas', 'indoorFault', 'applianceFault', 'meterFault', 'lowPressure', 'other'];
const CHANNELS = ['mp', 'mp', 'mp', 'oa', 'console', 'phone'];
const TEAMS: Record<string, string> = {
  repair: '维修组',
  inspection: '安检组',
  installation: '工程组',
  meterChange: '表务组',
  activation: '表务组',
};

/** Deterministic pseudo-random numbers, so two seeds of one size are the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export async function seedKpiVolume(opts: SeedOptions): Promise<{ ms: Record<string, number> }> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => undefined);
  const batch = opts.batch ?? 10_000;
  const days = opts.days ?? 365;
  const periods = monthsBetween(addDays(dayOf(now), -31 * ((opts.billPeriods ?? 3) - 1)), dayOf(now));
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const weighted = (() => {
    const total = TYPES.reduce((a, [, w]) => a + w, 0);
    return () => {
      let r = rand() * total;
      for (const [t, w] of TYPES) if ((r -= w) < 0) return t;
      return 'repair';
    };
  })();
  const ms: Record<string, number> = {};
  const timed = async (name: string, f: () => Promise<void>) => {
    const t0 = Date.now();
    await f();
    ms[name] = Date.now() - t0;
    log(`${name}: ${ms[name]} ms`);
  };
  const seeded = [AccountModel, WorkOrderModel, BillModel, SlaTimerModel, KpiDailyModel] as const;
  await Promise.all(seeded.map((m) => m.init()));
  // A bulk load, as mongorestore does it: the secondary indexes are dropped while the documents go in and
  // built once over them at the end (keeping a dozen indexes up per insert is most of an insert's cost).
  if (!opts.rollupOnly) await Promise.all(seeded.map((m) => m.collection.dropIndexes()));

  const accountNo = (i: number) => `9${String(i).padStart(9, '0')}`;
  const areaOf = (i: number) => AREAS[i % AREAS.length];
  await timed('accounts', async () => {
    for (let i = 0; i < opts.accounts; i += batch) {
      const docs = [];
      for (let j = i; j < Math.min(i + batch, opts.accounts); j++) {
        const area = areaOf(j);
        docs.push({
          accountNo: accountNo(j),
          areaCode: area,
          utility: 'gas',
          customerType: 'residential',
          status: 'active',
          holder: { name: `用户${j}`, phone: `139${String(j).padStart(8, '0')}` },
          address: {
            district: area.split('-')[0],
            community: area.split('-')[1],
            building: String(j % 20),
            unit: '1',
            room: String(j % 600),
          },
          meters: [],
          appliances: [],
          tags: [],
          notes: [],
          qrRevision: 1,
          createdAt: now,
          updatedAt: now,
        });
      }
      if (!opts.rollupOnly) await AccountModel.collection.insertMany(docs, { ordered: false });
    }
  });

  const firstDay = addDays(dayOf(now), -days);
  const startMs = +dayStart(firstDay);
  const spanMs = +now - startMs;
  const orderRows = new Map<string, RowDraft>();
  const paymentRows = new Map<string, RowDraft>();
  const billRows = new Map<string, RowDraft>();
  await timed('orders', async () => {
    let seq = 0;
    for (let i = 0; i < opts.orders; i += batch) {
      const docs = [];
      const timers = [];
      for (let j = i; j < Math.min(i + batch, opts.orders); j++) {
        const createdAt = new Date(startMs + Math.floor(rand() * spanMs));
        const type = weighted();
        const acc = Math.floor(rand() * Math.max(1, opts.accounts));
        const closed = createdAt < new Date(+now - 3 * 86_400_000) ? rand() < 0.95 : rand() < 0.4;
        const responseMs = Math.floor(rand() * 4 * 3600_000);
        const handleMs = responseMs + Math.floor(rand() * 48 * 3600_000);
        const closedAt = new Date(+createdAt + handleMs);
        const dispatchedAt = new Date(+createdAt + responseMs);
        const lastStepAt = dispatchedAt < now ? dispatchedAt : createdAt;
        const orderNo = `WO${dayOf(createdAt).replaceAll('-', '')}${String(++seq).padStart(7, '0')}`;
        docs.push({
          orderNo,
          accountNo: accountNo(acc),
          areaCode: areaOf(acc),
          utility: 'gas',
          type,
          category: type === 'repair' || type === 'complaint' ? pick(CATEGORIES) : 'other',
          priority: 'normal',
          status: closed && closedAt < now ? 'closed' : 'accepted',
          state: closed && closedAt < now ? 'closed' : 'open',
          // The model's hooks derive these; the driver's insertMany, for speed, bypasses them.
          stateRank: closed && closedAt < now ? STATE_RANK.closed : STATE_RANK.open,
          listDueAt: NO_DEADLINE,
          description: 'bench',
          address: 'bench',
          channel: pick(CHANNELS),
          createdBy: { kind: 'resident' },
          ...(TEAMS[type] ? { team: `${areaOf(acc).split('-')[0]}${TEAMS[type]}` } : {}),
          ...(closed && closedAt < now
            ? {
                closedAt,
                resolvedAt: closedAt,
                ...(rand() < 0.6 ? { rating: { score: 1 + Math.floor(rand() * 5) } } : {}),
              }
            : {}),
          reopenCount: rand() < 0.05 ? 1 : 0,
          attempts: rand() < 0.08 ? 1 : 0,
          history: [
            { at: createdAt, action: 'create', from: 'new', to: 'accepted', by: { kind: 'resident' } },
            ...(dispatchedAt < now
              ? [
                  {
                    at: dispatchedAt,
                    action: 'dispatch',
                    from: 'accepted',
                    to: 'dispatched',
                    by: { kind: 'staff' },
                  },
                ]
              : []),
          ],
          seq: 1,
          createdAt,
          // Last written when closed, else when dispatched (what the roll-up's change watermark looks at).
          updatedAt: closed && closedAt < now ? closedAt : lastStepAt,
        });
        if (type === 'repair') {
          timers.push({
            _id: `${orderNo}:repair.resolve:0`,
            orderNo,
            policyKey: 'repair.resolve',
            label: '48 小时内完工',
            targetNode: 'completed',
            onBreach: 'escalate',
            calendar: '24x7',
            areaCode: areaOf(acc),
            budgetMs: 48 * 3600_000,
            status: handleMs > 40 * 3600_000 ? 'breached' : 'met',
            startedAt: createdAt,
            createdAt,
            updatedAt: createdAt,
          });
        }
      }
      const breached = new Map(timers.map((t) => [t.orderNo, t.status === 'breached']));
      for (const o of docs)
        addFact(
          orderRows,
          'orders',
          dayOf(o.createdAt),
          orderFact(o as OrderSource, breached.get(o.orderNo)),
        );
      if (!opts.rollupOnly) {
        await WorkOrderModel.collection.insertMany(docs, { ordered: false });
        if (timers.length) await SlaTimerModel.collection.insertMany(timers as never[], { ordered: false });
      } else await new Promise((r) => setImmediate(r)); // let the connection's heartbeats through
      if ((i / batch) % 10 === 0) log(`orders: ${i + docs.length}`);
    }
  });

  await timed('bills', async () => {
    for (const period of periods) {
      for (let i = 0; i < opts.accounts; i += batch) {
        const docs = [];
        for (let j = i; j < Math.min(i + batch, opts.accounts); j++) {
          const paid = rand() < 0.85;
          const issuedAt = dayStart(`${period}-01`);
          const paidAt = new Date(+issuedAt + Math.floor(rand() * 25 * 86_400_000));
          const isPaid = paid && paidAt < now;
          docs.push({
            _id: new Types.ObjectId(),
            accountNo: accountNo(j),
            areaCode: areaOf(j),
            utility: 'gas',
            period,
            billType: 'usage',
            items: [],
            amountDue: 2_000 + Math.floor(rand() * 30_000),
            dueDate: new Date(+dayStart(`${period}-25`)),
            issuedAt,
            status: isPaid ? 'paid' : 'unpaid',
            ...(isPaid ? { paidAt, ...(rand() < 0.7 ? { paidOutTradeNo: `B${period}${j}` } : {}) } : {}),
            // Last written when issued, or when paid: what the roll-up's change watermark looks at.
            createdAt: issuedAt,
            updatedAt: isPaid ? paidAt : issuedAt,
          });
        }
        for (const b of docs) {
          const bill = b as Parameters<typeof billFact>[0];
          // The job's facts: the accounts are residential, and no meter-reader routes are seeded.
          const f = billFact(bill, { customerType: 'residential' });
          if (f) addFact(billRows, 'bills', periodDay(period), f);
          const p = paymentFact(bill);
          if (p) addFact(paymentRows, 'payments', dayOf(bill.paidAt!), p);
        }
        if (!opts.rollupOnly) await BillModel.collection.insertMany(docs, { ordered: false });
      }
    }
  });

  const yesterday = addDays(dayOf(now), -1);
  await timed('rollup', async () => {
    const rows = [
      ...orderRows.values(),
      ...totalsOf('orders', [...orderRows.values()]),
      ...paymentRows.values(),
      ...totalsOf('payments', [...paymentRows.values()]),
      ...billRows.values(),
    ].map((r) => ({ ...r, rev: 'seed' }));
    // Roll-up rows are larger than orders (every counter): smaller batches keep each message small.
    for (let i = 0; i < rows.length; i += 1_000)
      await KpiDailyModel.collection.insertMany(rows.slice(i, i + 1_000) as never[], { ordered: false });
    log(`rollup: ${rows.length} rows`);
    // The rows hold every change up to `now` (no seeded document was written later).
    await KpiStateModel.updateOne(
      { _id: 'rollup' },
      { $set: { watermark: now, rolledThrough: yesterday, lastRunAt: now, totals: true } },
      { upsert: true },
    );
  });
  if (!opts.rollupOnly)
    await timed('indexes', async () => {
      for (const m of seeded) {
        const t = Date.now();
        const only = opts.indexes === 'cockpit' ? COCKPIT_INDEXES[m.collection.collectionName] : undefined;
        if (!only) await m.createIndexes();
        else
          for (const [keys, options] of m.schema.indexes())
            if (only.includes(Object.keys(keys).join(',')))
              await m.collection.createIndex(keys as never, options as never);
        log(`indexes of ${m.collection.collectionName}: ${Date.now() - t} ms`);
      }
    });
  return { ms };
}

/** Timed runs of each cockpit query (after one warm-up); the median is reported. */
export const TIMED = 5;

/** Times the cockpit's usual questions: a warm-up, then the median of TIMED runs of each. */
export async function benchKpis(now: Date = new Date()): Promise<{ query: string; ms: number }[]> {
  const to = dayOf(now);
  const queries: [string, Parameters<typeof getKpis>[0]][] = [
    ['30 days', { from: addDays(to, -29), to }],
    ['30 days, district CY', { from: addDays(to, -29), to, district: 'CY' }],
    ['30 days, repair', { from: addDays(to, -29), to, type: 'repair' }],
    ['90 days', { from: addDays(to, -89), to }],
    ['365 days (monthly)', { from: addDays(to, -364), to }],
  ];
  const out: { query: string; ms: number }[] = [];
  for (const [name, q] of queries) {
    await getKpis(q, now); // warm-up
    // The median of TIMED runs: one timing on a shared 2-core machine is as much the machine as the query.
    const ms: number[] = [];
    for (let i = 0; i < TIMED; i++) {
      const t0 = performance.now();
      await getKpis(q, now);
      ms.push(performance.now() - t0);
    }
    out.push({ query: name, ms: Math.round(ms.sort((a, b) => a - b)[Math.floor(TIMED / 2)]) });
  }
  return out;
}

/**
 * One run of the per-minute roll-up job after 100 orders of the last 24 hours changed: it re-rolls the
 * days they were created on (today, and yesterday when the day is young: all of each day's orders and
 * their clocks), so its cost is a day or two of volume, whatever the history.
 */
export async function benchTodayRollup(
  now: Date = new Date(),
): Promise<{ ms: number; changed: number; days: number; dayOrders: number }> {
  const recent = { createdAt: { $gte: new Date(+now - 86_400_000), $lt: now } };
  const some = await WorkOrderModel.find(recent, { _id: 1, createdAt: 1 }).limit(100).lean();
  const days = [...new Set(some.map((o) => dayOf(o.createdAt)))].sort();
  // Counted through the createdAt index (a find): the stand-in answers countDocuments (an aggregate) by
  // reading every order.
  const dayOrders = days.length
    ? (
        await WorkOrderModel.find(
          { createdAt: { $gte: dayStart(days[0]), $lt: dayStart(addDays(days[days.length - 1], 1)) } },
          { _id: 1 },
        ).lean()
      ).length
    : 0;
  await WorkOrderModel.updateMany(
    { _id: { $in: some.map((o) => o._id) } },
    { $set: { updatedAt: new Date() } },
  );
  const t0 = Date.now();
  const r = await runRollup(now);
  return { ms: Date.now() - t0, changed: some.length, days: r.days, dayOrders };
}
