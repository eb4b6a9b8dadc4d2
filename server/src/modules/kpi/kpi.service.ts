/**
 * getKpis: reads the kpiDaily rows of the range (every day is rolled, today by the per-minute job) and
 * turns their sums into every KPI with its formula, numerator/denominator and trend. Four round trips
 * whatever the volume, in parallel: the order rows, the payment rows (the per-day totals rows for no
 * filter, a district or an order type), the bill rows of the periods, the alerts.
 */
import type { KpiKey, KpiQuery, KpiReport, KpiValue } from '@portal/types';
import { CATEGORY_LABELS, INSTALLATION_STAGES } from '../workorders';
import { addDays, daysBetween } from '../../platform/time';
import {
  COLLECTION_KEYS,
  HAZARD_KEYS,
  ORDER_CHANNELS,
  periodDay,
  STAFF_KEY,
  STAGE_KEY,
  TEAM_KEY,
} from './facts';
import { addSums, KPI_DEFS, type KpiSums, type Sums } from './formulas';
import { KpiDailyModel, TOTALS_KIND } from './kpiDaily.model';
import type { RowDraft } from './rollup.service';
import { bucketOf, bucketsOf, periodsOf, resolveScope, rowFilter, type KpiScope } from './scope';
import { listAlerts } from './alerts.service';

type Row = Pick<
  RowDraft,
  'kind' | 'day' | 'areaCode' | 'district' | 'team' | 'type' | 'n' | 'areas' | 'staff'
>;
export type ScopeRows = { orders: Row[]; payments: Row[]; bills: Row[] };

const ROW_FIELDS = {
  _id: 0,
  kind: 1,
  day: 1,
  areaCode: 1,
  district: 1,
  team: 1,
  type: 1,
  n: 1,
  areas: 1,
  staff: 1,
};

/**
 * Rows per reply: a year of totals rows (365) in the first reply, not 101 and a getMore (the driver's
 * default first batch); a detailed scope's larger answer still comes in a few replies.
 */
const ROWS_BATCH = 5_000;

/**
 * Which totals rows answer the scope, if any: everything, one district, or one order type (payments
 * have no order type: they drop out). Team, area and combined filters read the detailed rows.
 */
function totalsFor(scope: KpiScope): { district: string; type: string } | undefined {
  if (scope.team || scope.district?.includes('-') || (scope.district && scope.type)) return undefined;
  return { district: scope.district ?? '*', type: scope.type ?? '*' };
}

/** The stored rows of the scope: one query per kind, each on an exact kind (an index prefix everywhere). */
export async function loadScopeRows(scope: KpiScope): Promise<ScopeRows> {
  // Payments are not orders: with a team or order-type filter they drop out.
  const paymentsApply = !scope.team && !scope.type;
  const totals = totalsFor(scope);
  const rowsOf = (kind: 'orders' | 'payments') =>
    KpiDailyModel.find(
      totals
        ? { kind: TOTALS_KIND[kind], day: { $gte: scope.from, $lt: addDays(scope.to, 1) }, ...totals }
        : rowFilter(scope, kind, scope.from, scope.to),
      ROW_FIELDS,
    )
      .batchSize(ROWS_BATCH)
      .lean<Row[]>();
  const periods = periodsOf(scope);
  const [orders, payments, bills] = await Promise.all([
    rowsOf('orders'),
    paymentsApply ? rowsOf('payments') : [],
    KpiDailyModel.find(
      rowFilter(scope, 'bills', periodDay(periods[0]), periodDay(periods[periods.length - 1])),
      ROW_FIELDS,
    )
      .batchSize(ROWS_BATCH)
      .lean<Row[]>(),
  ]);
  return { orders, payments, bills };
}

const sumRows = (rows: Row[]) => rows.reduce<Sums>((s, r) => addSums(s, r.n), {});

function groupSums(rows: Row[], key: (r: Row) => string): Map<string, Sums> {
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const k = key(r);
    out.set(k, addSums(out.get(k) ?? {}, r.n));
  }
  return out;
}

const rate = (num: number, den: number) => (den ? num / den : null);

const CHANNEL_NAMES: Record<string, string> = {
  mp: '小程序',
  oa: '公众号(H5)',
  console: '柜台/坐席代办',
  phone: '电话',
  wechatPay: '线上缴费(小程序/H5/一户一码)',
  counterPay: '柜台缴费',
};

/**
 * Days of the range inside each chart bucket (a day, or a month clipped to the range), counted once per
 * report: a year counted again for every KPI and every month was most of a 365-day report's time.
 */
function daysPerBucket(scope: KpiScope): (bucket: string) => number {
  if (scope.granularity === 'day') return () => 1;
  const counts = new Map<string, number>();
  for (const d of daysBetween(scope.from, scope.to))
    counts.set(d.slice(0, 7), (counts.get(d.slice(0, 7)) ?? 0) + 1);
  return (bucket) => counts.get(bucket) ?? 0;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Staff and team ranking by finished orders (ties: by name), per day of the range. */
function rankings(rows: Row[], o: Sums, days: number) {
  const labels: NonNullable<Row['staff']> = {};
  for (const r of rows) Object.assign(labels, r.staff);
  const staff = Object.entries(o)
    .filter(([k, v]) => k.startsWith(STAFF_KEY) && v > 0)
    .map(([k, finished]) => {
      const staffId = k.slice(STAFF_KEY.length);
      const l = labels[staffId];
      return {
        staffId,
        name: l?.name ?? staffId,
        team: l?.team ?? '-',
        finished,
        perDay: round2(finished / days),
      };
    })
    .sort((a, b) => b.finished - a.finished || a.name.localeCompare(b.name))
    .map((x, i) => ({ ...x, rank: i + 1 }));
  const staffPerTeam = new Map<string, number>();
  for (const x of staff) staffPerTeam.set(x.team, (staffPerTeam.get(x.team) ?? 0) + 1);
  const teams = Object.entries(o)
    .filter(([k, v]) => k.startsWith(TEAM_KEY) && v > 0)
    .map(([k, finished]) => {
      const team = k.slice(TEAM_KEY.length);
      const n = staffPerTeam.get(team) ?? 0;
      return { team, finished, staff: n, perStaffDay: n ? round2(finished / n / days) : null };
    })
    .sort(
      (a, b) =>
        (b.perStaffDay ?? 0) - (a.perStaffDay ?? 0) ||
        b.finished - a.finished ||
        a.team.localeCompare(b.team),
    )
    .map((x, i) => ({ ...x, rank: i + 1 }));
  return { staff, teams };
}

/** Counters under one prefix as a tally, most first. */
const tally = (s: Sums, prefix: string) =>
  Object.entries(s)
    .filter(([k, v]) => k.startsWith(prefix) && v > 0)
    .map(([k, total]) => ({ key: k.slice(prefix.length), total }))
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

/** 回收率 per key under a prefix (`<prefix><key>:due` / `:paid` counters), lowest rate first. */
function collectionBy(s: Sums, prefix: string) {
  const out: { key: string; rate: number | null; collectedFen: number; dueFen: number }[] = [];
  for (const [k, dueFen] of Object.entries(s)) {
    if (!k.startsWith(prefix) || !k.endsWith(':due')) continue;
    const key = k.slice(prefix.length, -4);
    const collectedFen = s[`${prefix}${key}:paid`] ?? 0;
    out.push({ key, rate: rate(collectedFen, dueFen), collectedFen, dueFen });
  }
  return out.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.key.localeCompare(b.key));
}

export function buildReport(scope: KpiScope, rows: ScopeRows, now: Date): Omit<KpiReport, 'alerts'> {
  const days = daysBetween(scope.from, scope.to).length;
  const totals: KpiSums = {
    orders: sumRows(rows.orders),
    payments: sumRows(rows.payments),
    bills: sumRows(rows.bills),
    days,
  };
  const byBucket = {
    orders: groupSums(rows.orders, (r) => bucketOf(scope, r.day)),
    payments: groupSums(rows.payments, (r) => bucketOf(scope, r.day)),
    bills: groupSums(rows.bills, (r) => r.day.slice(0, 7)),
  };
  const buckets = bucketsOf(scope);
  const periods = periodsOf(scope);
  const daysIn = daysPerBucket(scope);

  const kpis = {} as Record<KpiKey, KpiValue>;
  for (const def of Object.values(KPI_DEFS)) {
    const { compute, source: _source, ...meta } = def;
    const points = def.source === 'bills' ? periods : buckets;
    kpis[def.key] = {
      ...meta,
      ...compute(totals),
      trend: points.map((date) => ({
        date,
        ...compute({
          orders: byBucket.orders.get(date) ?? {},
          payments: byBucket.payments.get(date) ?? {},
          bills: byBucket.bills.get(date) ?? {},
          days: daysIn(date),
        }),
      })),
    };
  }

  const byArea = new Map<string, number>();
  for (const r of rows.orders) {
    for (const [areaCode, n] of Object.entries(r.areas ?? { [r.areaCode]: r.n.orders ?? 0 }))
      byArea.set(areaCode, (byArea.get(areaCode) ?? 0) + n);
  }
  const billsByArea = groupSums(rows.bills, (r) => r.areaCode);
  const o = totals.orders;
  const p = totals.payments;
  const ranked = rankings(rows.orders, o, days);
  return {
    from: scope.from,
    to: scope.to,
    granularity: scope.granularity,
    generatedAt: now.toISOString(),
    liveFrom: scope.today,
    kpis,
    ordersByArea: [...byArea]
      .filter(([, count]) => count > 0)
      .map(([areaCode, count]) => ({ areaCode, district: areaCode.split('-')[0], count }))
      .sort((a, b) => b.count - a.count || a.areaCode.localeCompare(b.areaCode)),
    orderTrend: buckets.map((date) => ({ date, count: byBucket.orders.get(date)?.orders ?? 0 })),
    collectionByArea: [...billsByArea]
      .map(([areaCode, s]) => ({
        areaCode,
        rate: rate(s.collectedFen ?? 0, s.dueFen ?? 0),
        collectedFen: s.collectedFen ?? 0,
        dueFen: s.dueFen ?? 0,
      }))
      .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.areaCode.localeCompare(b.areaCode)),
    collectionByCustomerType: collectionBy(totals.bills, COLLECTION_KEYS.customerType).map(
      ({ key, ...c }) => ({
        customerType: key,
        ...c,
      }),
    ),
    collectionByReader: collectionBy(totals.bills, COLLECTION_KEYS.reader).map(({ key, ...c }) => {
      const [team, readerName] = key.split('|');
      return { readerName: readerName ?? key, team: team ?? '-', ...c };
    }),
    collectionByTeam: collectionBy(totals.bills, COLLECTION_KEYS.team).map(({ key, ...c }) => ({
      team: key,
      ...c,
    })),
    collectionByPeriod: periods.map((period) => {
      const s = byBucket.bills.get(period) ?? {};
      return {
        period,
        rate: rate(s.collectedFen ?? 0, s.dueFen ?? 0),
        collectedFen: s.collectedFen ?? 0,
        dueFen: s.dueFen ?? 0,
      };
    }),
    topComplaints: Object.entries(o)
      .filter(([k, v]) => k.startsWith('cat_') && v > 0)
      .map(([k, count]) => ({
        category: k.slice(4),
        name: CATEGORY_LABELS[k.slice(4) as keyof typeof CATEGORY_LABELS] ?? k.slice(4),
        count,
      }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
      .slice(0, 10),
    hazards: {
      total: o.hz ?? 0,
      open: o.hzOpen ?? 0,
      byArea: tally(o, HAZARD_KEYS.area),
      byCustomerType: tally(o, HAZARD_KEYS.customerType),
      byCategory: tally(o, HAZARD_KEYS.category),
      bySeverity: tally(o, HAZARD_KEYS.severity),
    },
    staffRanking: ranked.staff,
    teamRanking: ranked.teams,
    installStages: INSTALLATION_STAGES.map(({ key, label }) => {
      const n = o[`${STAGE_KEY}${key}_n`] ?? 0;
      const ms = o[`${STAGE_KEY}${key}_ms`] ?? 0;
      return { stage: key, label, orders: n, avgMinutes: n ? round2(ms / n / 60_000) : null };
    }),
    onlineByChannel: [
      ...ORDER_CHANNELS.map((c) => ({
        channel: c,
        name: CHANNEL_NAMES[c],
        orders: o[`ch_${c}`] ?? 0,
        payments: 0,
      })),
      { channel: 'wechatPay', name: CHANNEL_NAMES.wechatPay, orders: 0, payments: p.onlinePaid ?? 0 },
      {
        channel: 'counterPay',
        name: CHANNEL_NAMES.counterPay,
        orders: 0,
        payments: (p.paid ?? 0) - (p.onlinePaid ?? 0),
      },
    ],
  };
}

export async function getKpis(query: KpiQuery, now: Date): Promise<KpiReport> {
  const scope = resolveScope(query, now);
  const [rows, alerts] = await Promise.all([
    loadScopeRows(scope),
    listAlerts({ district: scope.district, since: addDays(scope.today, -1) }),
  ]);
  return { ...buildReport(scope, rows, now), alerts };
}
