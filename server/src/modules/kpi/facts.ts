/**
 * Source adapters: the one place that knows what each KPI counts in a work order or a bill. Each turns
 * one report row (as workorders and billing provide them) into the dimensions of its kpiDaily row and
 * the counters it adds.
 */
import type { BillReportRow } from '../billing';
import type { OrderReportRow } from '../workorders';

export const ONLINE_ORDER_CHANNELS = ['mp', 'oa'] as const;
export const ORDER_CHANNELS = ['mp', 'oa', 'console', 'phone'] as const;

/** A work order as the roll-up reads it (workorders decides which fields that is). */
export type OrderSource = OrderReportRow;

export type Dims = { district: string; areaCode: string; team: string; type: string };
export type Fact = { dims: Dims; n: Record<string, number> };

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
export function orderFact(o: OrderSource, sla: boolean | undefined): Fact {
  const n: Record<string, number> = { orders: 1 };
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

/** 回收率 counters of a bill, on its period's row. Cancelled bills are not owed. */
export function billFact(b: BillSource): Fact | undefined {
  if (b.status === 'cancelled') return undefined;
  const n: Record<string, number> = { bills: 1, dueFen: b.amountDue };
  if (b.status === 'paid') {
    n.paidBills = 1;
    n.collectedFen = b.amountDue;
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
