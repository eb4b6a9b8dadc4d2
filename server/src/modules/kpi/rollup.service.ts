/**
 * The incremental roll-up, run every minute (KPI_ROLLUP_EVERY_SECONDS). Every day lives in kpiDaily,
 * today included, so the cockpit reads nothing else. A run finds what changed since its watermark (work
 * orders, SLA clocks and bills by updatedAt), works out which days / bill periods those changes belong
 * to, and recomputes exactly those from the sources: today's part costs one day's orders at most. Days
 * that were "today" at the previous run are rolled once more after they close.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../platform/http/errors';
import { customerTypesOf } from '../accounts';
import {
  forEachBillBatch,
  forEachBillPaidBetween,
  meterReaderLookup,
  meterRouteEntries,
  routeOfEntry,
  type BillReportRow,
  type MeterReaderOf,
} from '../billing';
import { areaMatch } from '../../platform/auth/areaScope';
import {
  followUpOutcomes,
  forEachOrderBatch,
  hazardsOfOrders,
  forEachOrderCreatedAt,
  orderNosWithClockChangesSince,
  orderNosWithFollowUpChangesSince,
  orderNosWithHazardChangesSince,
  slaOutcomes,
  type HazardReportRow,
} from '../workorders';
import { addDays, DAY_MS, dayOf, dayStart, daysBetween } from '../../platform/time';
import { inChunks } from '../../platform/db/batches';
import { billFact, orderFact, paymentFact, periodDay, type Fact } from './facts';
import { KpiDailyModel, KpiStateModel, TOTALS_KIND, type KpiDailyRow, type KpiKind } from './kpiDaily.model';

/** Changes written this long before a run's start are looked at again by the next run (slow commits). */
const WATERMARK_OVERLAP_MS = 60_000;
const BATCH = 2_000;
/** Longest `$in` list the roll-up sends (see inChunks: what a long list costs the stand-in). */
const IN_CHUNK = 200;

/** `lookup` over `keys` in chunks of IN_CHUNK (in parallel), its maps merged (the chunks share no key). */
export async function chunkedLookup<K, V>(
  keys: string[],
  lookup: (chunk: string[]) => Promise<Map<K, V>>,
): Promise<Map<K, V>> {
  return new Map(await inChunks(keys, IN_CHUNK, async (chunk) => [...(await lookup(chunk))]));
}

export type RowDraft = Omit<KpiDailyRow, 'rev'>;

export function addFact(rows: Map<string, RowDraft>, kind: KpiKind, day: string, f: Fact): void {
  const { district, areaCode, team, type } = f.dims;
  const id = `${kind}|${day}|${areaCode}|${team}|${type}`;
  let row = rows.get(id);
  if (!row) rows.set(id, (row = { _id: id, kind, day, district, areaCode, team, type, n: {} }));
  for (const [k, v] of Object.entries(f.n)) row.n[k] = (row.n[k] ?? 0) + v;
  if (f.staff) row.staff = { ...row.staff, ...f.staff };
}

/** The 隐患 found on these orders, by order. */
export async function hazardsByOrder(orderNos: string[]): Promise<Map<string, HazardReportRow[]>> {
  const out = new Map<string, HazardReportRow[]>();
  for (const h of await hazardsOfOrders(orderNos)) out.set(h.orderNo, [...(out.get(h.orderNo) ?? []), h]);
  return out;
}

/** kpiDaily rows (not stored) of the orders created in [start, end), keyed by creation day. */
export async function computeOrderRows(start: Date, end: Date): Promise<RowDraft[]> {
  const rows = new Map<string, RowDraft>();
  await forEachOrderBatch({ createdAt: { $gte: start, $lt: end } }, BATCH, async (batch) => {
    const orderNos = batch.map((o) => o.orderNo);
    const [sla, followUps, hazards] = await Promise.all([
      chunkedLookup(orderNos, slaOutcomes),
      chunkedLookup(orderNos, followUpOutcomes),
      chunkedLookup(orderNos, hazardsByOrder),
    ]);
    for (const o of batch) {
      const extras = { followUps: followUps.get(o.orderNo), hazards: hazards.get(o.orderNo) };
      addFact(rows, 'orders', dayOf(o.createdAt), orderFact(o, sla.get(o.orderNo), extras));
    }
  });
  return [...rows.values()];
}

/** Rows of the bills paid in [start, end), by payment day. */
export async function computePaymentRows(start: Date, end: Date): Promise<RowDraft[]> {
  const rows = new Map<string, RowDraft>();
  await forEachBillPaidBetween(start, end, BATCH, (bills) => {
    for (const b of bills) {
      const f = paymentFact(b);
      if (f) addFact(rows, 'payments', dayOf(b.paidAt!), f);
    }
  });
  return [...rows.values()];
}

/**
 * Rows of one bill period in some areas (all areas when `areaCodes` is omitted). `readerOf`: the 抄表区段 read
 * once for all the periods a run rolls, else read here.
 */
export async function computeBillRows(
  period: string,
  areaCodes?: string[],
  readerOf?: MeterReaderOf,
): Promise<RowDraft[]> {
  const rows = new Map<string, RowDraft>();
  const filter = areaCodes ? { period, areaCode: { $in: areaCodes } } : { period };
  readerOf ??= await meterReaderLookup();
  await forEachBillBatch(filter, BATCH, async (bills) => {
    const types = await chunkedLookup([...new Set(bills.map((b) => b.accountNo))], customerTypesOf);
    for (const b of bills) {
      const f = billFact(b, { customerType: types.get(b.accountNo), reader: readerOf(b.areaCode) });
      if (f) addFact(rows, 'bills', periodDay(period), f);
    }
  });
  return [...rows.values()];
}

/**
 * Replaces the rows of a scope with `rows`: upsert under a new rev, then drop the scope's rows of older
 * revs (those no longer produced: usually none, a row's _id is its dimensions). `scopes` name the
 * scope's rows as equality on kind plus a day range or day: a filter every database answers from the
 * index on (kind, day); a delete by `rev: {$ne}` over `kind: {$in}` made the stand-in read every row of
 * those kinds, a year of them for one day's roll.
 */
async function replaceRows(
  scopes: Record<string, unknown>[],
  rows: RowDraft[],
  inScope: (day: string) => boolean = () => true,
): Promise<void> {
  const rev = randomUUID();
  for (let i = 0; i < rows.length; i += 1000) {
    await KpiDailyModel.bulkWrite(
      rows
        .slice(i, i + 1000)
        .map((r) => ({ replaceOne: { filter: { _id: r._id }, replacement: { ...r, rev }, upsert: true } })),
      { ordered: false },
    );
  }
  const stale: string[] = [];
  for (const scope of scopes) {
    const held = await KpiDailyModel.find(scope, { _id: 1, day: 1, rev: 1 }).lean<
      { _id: string; day: string; rev: string }[]
    >();
    for (const r of held) if (r.rev !== rev && inScope(r.day)) stale.push(r._id);
  }
  for (let i = 0; i < stale.length; i += 200)
    await KpiDailyModel.deleteMany({ _id: { $in: stale.slice(i, i + 200) } });
}

/** Runs of consecutive days (at most `max` long): one source scan and one write per run, not per day. */
export function dayRuns(days: string[], max = 31): string[][] {
  const runs: string[][] = [];
  for (const d of [...new Set(days)].sort()) {
    const run = runs[runs.length - 1];
    if (run && run.length < max && addDays(run[run.length - 1], 1) === d) run.push(d);
    else runs.push([d]);
  }
  return runs;
}

/**
 * The totals rows of some order or payment rows: per day for everything, per day and district, and
 * (orders) per day and order type; dimensions not summed over are '*'. Orders also count per area.
 */
export function totalsOf(kind: 'orders' | 'payments', rows: RowDraft[]): RowDraft[] {
  const out = new Map<string, RowDraft>();
  const add = (r: RowDraft, district: string, type: string) => {
    const k = TOTALS_KIND[kind];
    const id = `${k}|${r.day}|${district}|${type}`;
    let t = out.get(id);
    if (!t) {
      t = { _id: id, kind: k, day: r.day, district, areaCode: '*', team: '*', type, n: {} };
      if (kind === 'orders') t.areas = {};
      out.set(id, t);
    }
    for (const [key, v] of Object.entries(r.n)) t.n[key] = (t.n[key] ?? 0) + v;
    if (r.staff) t.staff = { ...t.staff, ...r.staff };
    if (t.areas) t.areas[r.areaCode] = (t.areas[r.areaCode] ?? 0) + (r.n.orders ?? 0);
  };
  for (const r of rows) {
    add(r, '*', '*');
    add(r, r.district, '*');
    if (kind === 'orders') add(r, '*', r.type);
  }
  return [...out.values()];
}

/** Stores a kind's rows of some days with their totals rows, replacing what those days had. */
export async function storeDays(
  kind: 'orders' | 'payments',
  days: string[],
  rows: RowDraft[],
): Promise<void> {
  if (!days.length) return;
  const sorted = [...days].sort();
  const range = { $gte: sorted[0], $lt: addDays(sorted[sorted.length - 1], 1) };
  const inDays = new Set(days);
  await replaceRows(
    [
      { kind, day: range },
      { kind: TOTALS_KIND[kind], day: range },
    ],
    [...rows, ...totalsOf(kind, rows)],
    (day) => inDays.has(day),
  );
}

/** Runs before each write of rows: a run checks there that it still holds its lease (tests pause there). */
type BeforeStore = () => Promise<void>;

async function rollDays(
  kind: 'orders' | 'payments',
  days: string[],
  compute: (start: Date, end: Date) => Promise<RowDraft[]>,
  beforeStore?: BeforeStore,
): Promise<void> {
  for (const run of dayRuns(days)) {
    const start = dayStart(run[0]);
    const rows = await compute(start, new Date(+dayStart(run[run.length - 1]) + DAY_MS));
    await beforeStore?.();
    await storeDays(kind, run, rows);
  }
}

/** Recomputes and stores the order rows of these (closed) days. */
export const rollOrderDays = (days: string[], beforeStore?: BeforeStore) =>
  rollDays('orders', days, computeOrderRows, beforeStore);

export const rollPaymentDays = (days: string[], beforeStore?: BeforeStore) =>
  rollDays('payments', days, computePaymentRows, beforeStore);

/** Recomputes bill periods: `areas` per period, or every area of the period when null. */
export async function rollBillPeriods(
  periods: Map<string, Set<string> | null>,
  beforeStore?: BeforeStore,
): Promise<void> {
  const readerOf = periods.size ? await meterReaderLookup() : undefined;
  for (const [period, areas] of periods) {
    const list = areas ? [...areas] : undefined;
    const scope = { kind: 'bills', day: periodDay(period), ...(list ? { areaCode: { $in: list } } : {}) };
    const rows = await computeBillRows(period, list, readerOf);
    await beforeStore?.();
    await replaceRows([scope], rows);
  }
}

export type RollupResult = { days: number; periods: number };

/**
 * One run at a time: two at once (the minute job and a manager's 立即重算, or two processes' jobs) would each
 * drop the rows the other had just written as stale (replaceRows), and a day would lose its figures until its
 * orders changed again. A run holds a lease on the state document and renews it every third of its length
 * while it works, so a long run (a first roll after a large import) keeps it; one that died leaves it to expire.
 */
const RUN_LEASE_MS = 10 * 60_000;
const WAIT_POLL_MS = 250;

/** Takes the run lease: the token, or undefined while another run holds it. */
async function takeRunLease(leaseMs: number): Promise<string | undefined> {
  const token = randomUUID();
  const now = new Date();
  try {
    // Upserted on the first run ever; a state held by a live run matches nothing, and its insert is a 11000.
    await KpiStateModel.updateOne(
      { _id: STATE_ID, $or: [{ runningUntil: { $exists: false } }, { runningUntil: { $lte: now } }] },
      { $set: { runningUntil: new Date(+now + leaseMs), runningBy: token } },
      { upsert: true },
    );
    return token;
  } catch (e) {
    if ((e as { code?: number }).code === 11000) return undefined;
    throw e;
  }
}

/**
 * Renews the lease every third of its length while the run works. Should a renewal find it gone (the process
 * stalled past its end and another run took it over), `check` throws at the run's next step: two runs must
 * not replace each other's rows, and the watermark stays where the other run will advance it from.
 */
function keepRunLease(lease: string, leaseMs: number): { check(): void; stop(): void } {
  let lost = false;
  const timer = setInterval(() => {
    KpiStateModel.updateOne(
      { _id: STATE_ID, runningBy: lease },
      { $set: { runningUntil: new Date(Date.now() + leaseMs) } },
    ).then(
      (r) => void (lost ||= r.matchedCount === 0),
      () => undefined, // a failed renewal is retried at the next tick; the lease has two more to go
    );
  }, leaseMs / 3);
  timer.unref();
  return {
    check() {
      if (lost) throw new Error('the KPI roll-up lost its lease to another run; that run rolls the changes');
    },
    stop: () => clearInterval(timer),
  };
}

/** Creation days (Shanghai) of some orders. */
async function creationDays(filter: Parameters<typeof forEachOrderCreatedAt>[0]): Promise<Set<string>> {
  const days = new Set<string>();
  await forEachOrderCreatedAt(filter, 5_000, (dates) => {
    for (const d of dates) days.add(dayOf(d));
  });
  return days;
}

const STATE_ID = 'rollup';

/**
 * One incremental run. While another run holds the lease, the scheduled job skips its turn (days 0; the run in
 * progress takes the changes, the next minute the rest), and a run asked for `waitMs` waits that long for it,
 * then runs (a manager's 立即重算 sees what changed meanwhile too) or answers KPI_ROLLUP_BUSY.
 */
export async function runRollup(
  now: Date,
  opts: {
    overlapMs?: number;
    waitMs?: number;
    /** The lease's length (tests shorten it). */
    leaseMs?: number;
    /** Runs before each write of rows (tests pause a run there). */
    beforeStore?: BeforeStore;
  } = {},
): Promise<RollupResult> {
  const leaseMs = opts.leaseMs ?? RUN_LEASE_MS;
  const giveUpAt = Date.now() + (opts.waitMs ?? 0);
  let lease = await takeRunLease(leaseMs);
  while (!lease && opts.waitMs) {
    if (Date.now() >= giveUpAt) throw errors.kpiRollupBusy();
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    lease = await takeRunLease(leaseMs);
  }
  if (!lease) return { days: 0, periods: 0 };
  const kept = keepRunLease(lease, leaseMs);
  try {
    // Released with the watermark at the end (one write); after a failure, here.
    const beforeStore = async () => {
      await opts.beforeStore?.();
      kept.check();
    };
    return await rollUnderLease(now, lease, opts.overlapMs ?? WATERMARK_OVERLAP_MS, beforeStore);
  } catch (e) {
    await KpiStateModel.updateOne(
      { _id: STATE_ID, runningBy: lease },
      { $unset: { runningUntil: 1, runningBy: 1 } },
    );
    throw e;
  } finally {
    kept.stop();
  }
}

async function rollUnderLease(
  now: Date,
  lease: string,
  overlapMs: number,
  stillHeld: BeforeStore,
): Promise<RollupResult> {
  const today = dayOf(now);
  const yesterday = addDays(today, -1);
  const state = await KpiStateModel.findById(STATE_ID).lean();
  const since = new Date(Math.max(0, +(state?.watermark ?? new Date(0)) - overlapMs));
  const startedAt = new Date();

  // Days that were today at the last run and have closed since.
  const closedSince =
    state?.rolledThrough && state.rolledThrough < yesterday
      ? daysBetween(addDays(state.rolledThrough, 1), yesterday)
      : [];

  const orderDays = await creationDays({ updatedAt: { $gt: since } });
  // A breach, a 回访 call's outcome or a 隐患 changes an order's numbers without touching the order.
  const timerOrders = [
    ...new Set([
      ...(await orderNosWithClockChangesSince(since)),
      ...(await orderNosWithFollowUpChangesSince(since)),
      ...(await orderNosWithHazardChangesSince(since)),
    ]),
  ];
  for (let i = 0; i < timerOrders.length; i += IN_CHUNK) {
    for (const d of await creationDays({ orderNo: { $in: timerOrders.slice(i, i + IN_CHUNK) } }))
      orderDays.add(d);
  }
  for (const d of closedSince) orderDays.add(d);
  // Rows rolled before the totals rows existed: rolled once more, so every day has its totals.
  const untotalled = state && !state.totals ? await KpiDailyModel.distinct('day', { kind: 'orders' }) : [];
  for (const d of untotalled) orderDays.add(d);

  const paymentDays = new Set<string>([
    ...closedSince,
    ...(state && !state.totals ? await KpiDailyModel.distinct('day', { kind: 'payments' }) : []),
  ]);
  const periods = new Map<string, Set<string> | null>();
  const addPeriods = (bills: BillReportRow[]) => {
    for (const b of bills) {
      const areas = periods.get(b.period);
      if (areas === undefined) periods.set(b.period, new Set([b.areaCode]));
      else areas?.add(b.areaCode);
    }
  };
  await forEachBillBatch({ updatedAt: { $gt: since } }, 5_000, (bills) => {
    for (const b of bills) if (b.paidAt) paymentDays.add(dayOf(b.paidAt));
    addPeriods(bills);
  });
  // A 抄表区段 named, changed or removed since the last run: its areas' bills count under another reader now,
  // though no bill changed. The state keeps the routes the bills were last counted under; a first run counts
  // every bill anyway.
  const routes = await meterRouteEntries();
  if (state?.watermark) {
    const before = new Set(state.meterRoutes ?? []);
    const current = new Set(routes);
    const changed = new Set(
      [...routes.filter((r) => !before.has(r)), ...[...before].filter((r) => !current.has(r))].map(
        routeOfEntry,
      ),
    );
    for (const prefix of changed) await forEachBillBatch({ areaCode: areaMatch(prefix) }, 5_000, addPeriods);
  }

  const upToToday = (d: string) => d <= today;
  const days = [...orderDays].filter(upToToday);
  await rollOrderDays(days, stillHeld);
  await rollPaymentDays([...paymentDays].filter(upToToday), stillHeld);
  await rollBillPeriods(periods, stillHeld);

  await stillHeld();
  await KpiStateModel.updateOne(
    { _id: STATE_ID, runningBy: lease },
    {
      $set: {
        watermark: startedAt,
        rolledThrough: yesterday,
        lastRunAt: now,
        totals: true,
        meterRoutes: routes,
      },
      $unset: { runningUntil: 1, runningBy: 1 },
    },
  );
  return { days: days.length, periods: periods.size };
}
