/**
 * Source adapters: the one place that knows what each KPI counts in a work order or a bill. Each turns
 * one report row (as workorders and billing provide them) into the dimensions of its kpiDaily row and
 * the counters it adds.
 */
import type { BillReportRow } from '../billing';
import type { HazardReportRow, OrderFollowUps, OrderReportRow } from '../workorders';

export const ONLINE_ORDER_CHANNELS = ['mp', 'oa'] as const;
export const ORDER_CHANNELS = ['mp', 'oa', 'console', 'phone'] as const;

/** A work order as the roll-up reads it (workorders decides which fields that is). */
export type OrderSource = OrderReportRow;

export type Dims = { district: string; areaCode: string; team: string; type: string };
/** `staff`: who the staff counters (`sf:<staffId>`) are, for the ranking's names and teams. */
export type Fact = { dims: Dims; n: Record<string, number>; staff?: Record<string, StaffLabel> };
export type StaffLabel = { name: string; team: string };

/** Counter keys that name a member of staff or a team (a key may hold no '.' or '$'). */
export const STAFF_KEY = 'sf:';
export const TEAM_KEY = 'tf:';
export const teamKey = (team: string) => TEAM_KEY + team.replace(/[.$]/g, '_');

/** 报装 stages: counters `stg_<node>_ms` (time spent in the node) and `stg_<node>_n` (orders through it). */
export const STAGE_KEY = 'stg_';

/**
 * An installation order's way to 通气 (its first 完工): ms in each node it passed through, from its
 * creation to the first time it reached 'completed'; undefined while it has not.
 */
export function installStages(o: OrderSource): { totalMs: number; stages: Map<string, number> } | undefined {
  if (o.type !== 'installation') return undefined;
  const steps = [...(o.history ?? [])]
    .filter((h) => h.to && h.action !== 'create')
    .sort((a, b) => +new Date(a.at) - +new Date(b.at));
  const stages = new Map<string, number>();
  let node = 'accepted';
  let since = +new Date(o.createdAt);
  for (const h of steps) {
    const at = +new Date(h.at);
    if (h.to === node) continue;
    stages.set(node, (stages.get(node) ?? 0) + Math.max(0, at - since));
    node = h.to!;
    since = at;
    if (node === 'completed') return { totalMs: at - +new Date(o.createdAt), stages };
  }
  return undefined;
}

export const districtOf = (areaCode: string): string => areaCode.split('-')[0] || areaCode;

/** mp/oa = resident self-service; console/phone = counter or hotline. Older orders without a channel: by who filed. */
export const channelOf = (o: Pick<OrderSource, 'channel' | 'createdBy'>): string =>
  o.channel ?? (o.createdBy?.kind === 'resident' ? 'mp' : 'console');

/** The first thing a member of staff did on the order after it was filed (system steps do not count). */
export function firstStaffActionAt(o: OrderSource): Date | undefined {
  const created = +o.createdAt;
  let first: number | undefined;
  for (const h of o.history ?? []) {
    if (h.by?.kind !== 'staff' || h.action === 'create') continue;
    const t = +new Date(h.at);
    if (t >= created && (first === undefined || t < first)) first = t;
  }
  return first === undefined ? undefined : new Date(first);
}

/** A satisfied 回访 answer: the resident's rating of 4 (满意) or 5 (非常满意) out of 5. */
export const SATISFIED_MIN_SCORE = 4;

export const isFinished = (o: OrderSource) =>
  (o.state === 'resolved' || o.state === 'closed') && !o.unreachable;

/**
 * Counters one order adds to its creation day's row. `sla`: undefined when the order never had an
 * SLA clock, else whether any of its clocks breached.
 */
/** What an order's numbers need besides the order: its 回访 tasks and the 隐患 found on it. */
export type OrderExtras = { followUps?: OrderFollowUps; hazards?: HazardReportRow[] };

/** 隐患 counters: `hz`, `hzOpen`, and per category / customer type / severity / area. */
export const HAZARD_KEYS = {
  category: 'hzc:',
  customerType: 'hzt:',
  severity: 'hzs:',
  area: 'hza:',
} as const;
const safeKey = (s: string) => s.replace(/[.$]/g, '_');

export function orderFact(o: OrderSource, sla: boolean | undefined, extras: OrderExtras = {}): Fact {
  const { followUps, hazards } = extras;
  const n: Record<string, number> = { orders: 1 };
  let staff: Fact['staff'];
  const add = (k: string, v = 1) => void (n[k] = (n[k] ?? 0) + v);
  if (o.state === 'cancelled') add('cancelled');

  const responded = firstStaffActionAt(o);
  if (responded) {
    add('responded');
    add('responseMs', +responded - +o.createdAt);
  }
  if (o.state === 'closed' && !o.unreachable && o.closedAt) {
    add('closed');
    add('handleMs', +new Date(o.closedAt) - +o.createdAt);
  }
  const score = o.rating?.score;
  if (typeof score === 'number') {
    add('rated');
    if (score >= SATISFIED_MIN_SCORE) add('satisfied');
  }
  if (isFinished(o)) {
    add('finished');
    if (!o.reopenCount && !o.attempts) add('firstFix');
    if (o.assigneeId) {
      // Credited to whoever holds the order now (the technician who finished it, or reworks it).
      add('staffDone');
      add(STAFF_KEY + o.assigneeId);
      add(teamKey(o.team || '-'));
      staff = { [o.assigneeId]: { name: o.assigneeName ?? o.assigneeId, team: o.team || '-' } };
    }
  }
  if (followUps) {
    add('fuTasks', followUps.tasks);
    add('fuReached', followUps.reached);
    add('fuScoreSum', followUps.scoreSum);
    add('fuScored', followUps.scored);
  }
  for (const h of hazards ?? []) {
    add('hz');
    if (h.status === 'open') add('hzOpen');
    add(HAZARD_KEYS.category + safeKey(h.category));
    add(HAZARD_KEYS.customerType + safeKey(h.customerType));
    add(HAZARD_KEYS.severity + safeKey(h.severity));
    add(HAZARD_KEYS.area + safeKey(h.areaCode));
  }
  const install = installStages(o);
  if (install) {
    add('inst');
    add('instMs', install.totalMs);
    for (const [stage, ms] of install.stages) {
      add(`${STAGE_KEY}${stage}_ms`, ms);
      add(`${STAGE_KEY}${stage}_n`);
    }
  }
  if (sla !== undefined) {
    add('slaTracked');
    if (sla) add('slaBreached');
  }
  const channel = channelOf(o);
  add(`ch_${channel}`);
  if ((ONLINE_ORDER_CHANNELS as readonly string[]).includes(channel)) add('online');
  if (o.type === 'inspection' && o.state !== 'cancelled') {
    add('inspPlanned');
    if (isFinished(o)) add('inspDone');
  }
  if (o.type === 'complaint') {
    add('complaints');
    add(`cat_${o.category}`);
  }
  return {
    dims: { district: districtOf(o.areaCode), areaCode: o.areaCode, team: o.team || '-', type: o.type },
    n,
    ...(staff ? { staff } : {}),
  };
}

/** A bill as the roll-up reads it (billing decides which fields that is). */
export type BillSource = BillReportRow;

/** Paid through WeChat (mini-program, H5, 一户一码): the bill names the online payment that paid it. */
export const paidOnline = (b: BillSource) => !!b.paidOutTradeNo;

const billDims = (b: BillSource): Dims => ({
  district: districtOf(b.areaCode),
  areaCode: b.areaCode,
  team: '-',
  type: '-',
});

/** What a bill's numbers need besides the bill: its account's customer type and the area's meter reader. */
export type BillExtras = { customerType?: string; reader?: { readerName: string; team: string } };

/** 回收率 by dimension: `<prefix><key>:due` and `<prefix><key>:paid` (fen). */
export const COLLECTION_KEYS = { customerType: 'ct:', reader: 'rd:', team: 'rt:' } as const;
/** A reader's key: team and name (neither holds '|'). */
export const readerKey = (r: { readerName: string; team: string }) =>
  `${safeKey(r.team)}|${safeKey(r.readerName)}`;

/** 回收率 counters of a bill, on its period's row. Cancelled bills are not owed. */
export function billFact(b: BillSource, extras: BillExtras = {}): Fact | undefined {
  if (b.status === 'cancelled') return undefined;
  const n: Record<string, number> = { bills: 1, dueFen: b.amountDue };
  const paid = b.status === 'paid';
  if (paid) {
    n.paidBills = 1;
    n.collectedFen = b.amountDue;
  }
  const by = (key: string) => {
    n[`${key}:due`] = b.amountDue;
    n[`${key}:paid`] = paid ? b.amountDue : 0;
  };
  if (extras.customerType) by(COLLECTION_KEYS.customerType + safeKey(extras.customerType));
  if (extras.reader) {
    by(COLLECTION_KEYS.reader + readerKey(extras.reader));
    by(COLLECTION_KEYS.team + safeKey(extras.reader.team));
  }
  return { dims: billDims(b), n };
}

/** A paid bill on the day it was paid: online vs counter share of payments. */
export function paymentFact(b: BillSource): Fact | undefined {
  if (b.status !== 'paid' || !b.paidAt) return undefined;
  const online = paidOnline(b);
  return {
    dims: billDims(b),
    n: { paid: 1, paidFen: b.amountDue, ...(online ? { onlinePaid: 1, onlinePaidFen: b.amountDue } : {}) },
  };
}

export const periodDay = (period: string) => `${period}-01`;
