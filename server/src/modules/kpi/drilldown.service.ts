/**
 * The rows behind a chart point: the orders (or bills) of the KPI's population within the filters and
 * the bucket, newest first, each marked `hit` when it counts in the numerator. Rows are read from the
 * sources with their indexes (createdAt range; bills by period), one page at a time, and each row's
 * numbers come from the same source adapter the roll-up uses, so the list adds up to the chart.
 */
import type { KpiBillRow, KpiDrilldownPage, KpiDrilldownQuery, KpiKey, KpiOrderRow } from '@portal/types';
import { accountNosOfCustomerType } from '../accounts';
import { pageBills, routeAreas } from '../billing';
import {
  followUpOutcomes,
  orderNosWithClocks,
  orderNosWithFollowUps,
  orderNosWithHazards,
  pageOrders,
  slaOutcomes,
} from '../workorders';
import { addDays, addMonths, DAY_MS, dayStart, monthsBetween } from '../../platform/time';
import {
  billFact,
  channelOf,
  firstStaffActionAt,
  ONLINE_ORDER_CHANNELS,
  ORDER_CHANNELS,
  orderFact,
  paidOnline,
  type OrderExtras,
  SATISFIED_MIN_SCORE,
  type OrderSource,
} from './facts';
import { KPI_DEFS } from './formulas';
import { hazardsByOrder } from './rollup.service';
import { resolveScope, type KpiScope } from './scope';
import { areaMatch } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';

type Filter = Record<string, unknown>;
type DrillInput = KpiDrilldownQuery & { kpi: KpiKey };

const FINISHED = { state: { $in: ['resolved', 'closed'] }, unreachable: { $ne: true } };
const RESPONDED = { history: { $elemMatch: { 'by.kind': 'staff', action: { $ne: 'create' } } } };

/** Population and numerator of each order KPI, as source queries, and the counter that marks a hit. */
const ORDER_KPIS: Record<
  Exclude<KpiKey, 'collectionRate'>,
  { population: Filter; hits: Filter; counter: string }
> = {
  orderCount: { population: {}, hits: {}, counter: 'orders' },
  avgResponseMinutes: { population: {}, hits: RESPONDED, counter: 'responded' },
  avgHandlingMinutes: {
    population: { state: 'closed', unreachable: { $ne: true } },
    hits: {},
    counter: 'closed',
  },
  satisfactionRate: {
    population: { 'rating.score': { $gte: 1 } },
    hits: { 'rating.score': { $gte: SATISFIED_MIN_SCORE } },
    counter: 'satisfied',
  },
  firstTimeFixRate: {
    population: FINISHED,
    hits: { reopenCount: { $in: [0, null] }, attempts: { $in: [0, null] } },
    counter: 'firstFix',
  },
  onlineShare: { population: {}, hits: { channel: { $in: [...ONLINE_ORDER_CHANNELS] } }, counter: 'online' },
  inspectionCompletionRate: {
    population: { type: 'inspection', state: { $ne: 'cancelled' } },
    hits: FINISHED,
    counter: 'inspDone',
  },
  slaBreachRate: { population: {}, hits: {}, counter: 'slaBreached' },
  complaintCount: { population: { type: 'complaint' }, hits: {}, counter: 'complaints' },
  // 回访: the orders with tasks (or with a reached call) are looked up on the tasks, below.
  followUpCompletionRate: { population: {}, hits: {}, counter: 'fuReached' },
  followUpAvgScore: { population: {}, hits: {}, counter: 'fuScored' },
  // Finished orders with an assignee (below: a ranking row's bucket names the assignee).
  staffDailyOrders: { population: FINISHED, hits: {}, counter: 'staffDone' },
  // 隐患: the inspection orders they were found on are looked up on the hazards, below.
  hazardCount: { population: {}, hits: {}, counter: 'hz' },
  installToGasMinutes: {
    population: { type: 'installation', 'history.to': 'completed' },
    hits: {},
    counter: 'inst',
  },
};

function bucketRange(scope: KpiScope, bucket?: string): { from: string; to: string } {
  let { from, to } = scope;
  if (bucket?.startsWith('day:')) from = to = bucket.slice(4);
  if (bucket?.startsWith('month:') || bucket?.startsWith('period:')) {
    const month = bucket.split(':')[1];
    const first = `${month}-01`;
    const last = addDays(`${addMonths(month, 1)}-01`, -1);
    if (first > from) from = first;
    if (last < to) to = last;
  }
  return { from, to };
}

function dimFilter(scope: KpiScope, bucket: string | undefined, withOrderDims: boolean): Filter {
  const f: Filter = {};
  const area = bucket?.startsWith('area:') ? bucket.slice(5) : undefined;
  const areas = [scope.district, area].filter((a): a is string => !!a);
  if (areas.length === 1) f.areaCode = areaMatch(areas[0]);
  if (areas.length === 2) f.$and = areas.map((a) => ({ areaCode: areaMatch(a) }));
  if (withOrderDims) {
    if (scope.team) f.team = scope.team;
    if (scope.type) f.type = scope.type;
    if (bucket?.startsWith('category:')) f.category = bucket.slice(9);
    if (bucket?.startsWith('staff:')) f.assigneeId = bucket.slice(6);
    if (bucket?.startsWith('team:')) f.team = bucket.slice(5) === '-' ? { $in: [null, ''] } : bucket.slice(5);
    if (bucket?.startsWith('channel:')) {
      const c = bucket.slice(8);
      f.channel =
        c === 'online'
          ? { $in: [...ONLINE_ORDER_CHANNELS] }
          : c === 'offline'
            ? { $nin: [...ONLINE_ORDER_CHANNELS] }
            : c;
      if (c !== 'online' && c !== 'offline' && !(ORDER_CHANNELS as readonly string[]).includes(c)) {
        throw errors.validation([{ path: 'query.bucket', message: '渠道不存在' }]);
      }
    }
  }
  return f;
}

const minutes = (ms: number | undefined) => (ms === undefined ? null : Math.round((ms / 60_000) * 100) / 100);

function orderRow(o: OrderSource, kpi: KpiKey, sla: boolean | undefined, extras: OrderExtras): KpiOrderRow {
  const fact = orderFact(o, sla, extras);
  const responded = firstStaffActionAt(o);
  const counter = ORDER_KPIS[kpi as Exclude<KpiKey, 'collectionRate'>].counter;
  return {
    orderNo: o.orderNo,
    accountNo: o.accountNo,
    areaCode: o.areaCode,
    type: o.type,
    category: o.category,
    state: o.state,
    status: o.status,
    channel: channelOf(o),
    team: o.team ?? null,
    assigneeName: o.assigneeName ?? null,
    createdAt: new Date(o.createdAt).toISOString(),
    closedAt: o.closedAt ? new Date(o.closedAt).toISOString() : null,
    responseMinutes: minutes(responded ? +responded - +o.createdAt : undefined),
    handlingMinutes: fact.n.closed ? minutes(fact.n.handleMs) : null,
    score: o.rating?.score ?? null,
    hit: (fact.n[counter] ?? 0) > 0,
  };
}

async function orderPage(
  scope: KpiScope,
  q: DrillInput,
  limit: number,
  within: Filter,
): Promise<{ total: number; rows: KpiOrderRow[] }> {
  const { from, to } = bucketRange(scope, q.bucket);
  const def = ORDER_KPIS[q.kpi as Exclude<KpiKey, 'collectionRate'>];
  const filter: Filter = {
    createdAt: { $gte: dayStart(from), $lt: new Date(+dayStart(to) + DAY_MS) },
    ...dimFilter(scope, q.bucket, true),
    ...def.population,
    ...(q.onlyHits ? def.hits : {}),
  };
  if (q.kpi === 'slaBreachRate') {
    // Breaches live on the SLA clocks: take the breached orders' numbers, or every order with a clock.
    const orderNos = await orderNosWithClocks({ startedFrom: dayStart(from), breachedOnly: q.onlyHits });
    filter.orderNo = { $in: orderNos };
  }
  if (q.kpi === 'hazardCount') {
    const b = q.bucket ?? '';
    filter.orderNo = {
      $in: await orderNosWithHazards({
        ...(b.startsWith('hazard:') ? { category: b.slice(7) } : {}),
        ...(b.startsWith('ctype:') ? { customerType: b.slice(6) } : {}),
        ...(q.onlyHits ? { status: 'open' as const } : {}),
      }),
    };
  }
  if (q.kpi === 'staffDailyOrders' && !filter.assigneeId) filter.assigneeId = { $type: 'string' };
  if (q.kpi === 'followUpCompletionRate' || q.kpi === 'followUpAvgScore') {
    const orderNos = await orderNosWithFollowUps({
      from: dayStart(from),
      reachedOnly: q.onlyHits || q.kpi === 'followUpAvgScore',
    });
    filter.orderNo = { $in: orderNos };
  }
  const scoped = Object.keys(within).length ? { $and: [filter, within] } : filter;
  const { total, rows: docs } = await pageOrders(scoped, { skip: (q.page - 1) * q.pageSize, limit });
  const orderNos = docs.map((d) => d.orderNo);
  const [sla, followUps, hazards] = await Promise.all([
    slaOutcomes(orderNos),
    followUpOutcomes(orderNos),
    hazardsByOrder(orderNos),
  ]);
  return {
    total,
    rows: docs.map((o) =>
      orderRow(o, q.kpi, sla.get(o.orderNo), {
        followUps: followUps.get(o.orderNo),
        hazards: hazards.get(o.orderNo),
      }),
    ),
  };
}

/**
 * A 回收率 row's bills: a customer type's accounts, or the areas a meter reader (or team) covers — less
 * the areas inside them that another reader's longer route takes.
 */
async function billBucketFilter(bucket: string | undefined): Promise<Filter | undefined> {
  if (bucket?.startsWith('ctype:'))
    return { accountNo: { $in: await accountNosOfCustomerType(bucket.slice(6)) } };
  let route: { team: string; readerName?: string } | undefined;
  if (bucket?.startsWith('reader:')) {
    const [team, readerName] = bucket.slice(7).split('|');
    route = { team: team!, readerName };
  }
  if (bucket?.startsWith('team:')) route = { team: bucket.slice(5) };
  if (!route) return undefined;
  const { mine, others } = await routeAreas(route);
  if (!mine.length) return { areaCode: { $in: [] } };
  return {
    $or: mine.map((p) => ({ areaCode: areaMatch(p) })),
    ...(others.length ? { $nor: others.map((p) => ({ areaCode: areaMatch(p) })) } : {}),
  };
}

async function billPage(
  scope: KpiScope,
  q: DrillInput,
  limit: number,
  within: Filter,
): Promise<{ total: number; rows: KpiBillRow[] }> {
  let periods = monthsBetween(scope.from, scope.to);
  if (q.bucket?.startsWith('period:') || q.bucket?.startsWith('month:'))
    periods = periods.filter((p) => p === q.bucket!.split(':')[1]);
  const unscoped: Filter = {
    period: { $in: periods },
    status: q.onlyHits ? 'paid' : { $ne: 'cancelled' },
    ...dimFilter(scope, q.bucket, false),
  };
  const narrowed = await billBucketFilter(q.bucket);
  const clauses = [
    unscoped,
    ...(narrowed ? [narrowed] : []),
    ...(Object.keys(within).length ? [within] : []),
  ];
  const filter = clauses.length > 1 ? { $and: clauses } : unscoped;
  const { total, rows: docs } = await pageBills(filter, { skip: (q.page - 1) * q.pageSize, limit });
  return {
    total,
    rows: docs.map((b) => ({
      billId: String(b._id),
      accountNo: b.accountNo,
      areaCode: b.areaCode,
      period: b.period,
      amountDueFen: b.amountDue,
      status: b.status,
      paidAt: b.paidAt ? new Date(b.paidAt).toISOString() : null,
      online: paidOnline(b),
      hit: (billFact(b)?.n.paidBills ?? 0) > 0,
    })),
  };
}

/** `within`: the caller's area scope (platform/auth/areaScope areaFilter), applied to every row. */
export async function getDrilldown(
  kpi: KpiKey,
  q: KpiDrilldownQuery,
  now: Date,
  within: Filter = {},
  limit = q.pageSize,
): Promise<KpiDrilldownPage> {
  const scope = resolveScope(q, now);
  const query: DrillInput = { ...q, kpi };
  if (KPI_DEFS[kpi].source === 'bills') {
    const { total, rows } = await billPage(scope, query, limit, within);
    return { kpi, kind: 'bills', total, page: q.page, pageSize: q.pageSize, bills: rows };
  }
  const { total, rows } = await orderPage(scope, query, limit, within);
  return { kpi, kind: 'orders', total, page: q.page, pageSize: q.pageSize, orders: rows };
}
