/** The cockpit's filters turned into a day range and row predicates (for stored and computed rows alike). */
import type { KpiQuery } from '@portal/types';
import { errors } from '../../platform/http/errors';
import { addDays, dayOf, daysBetween, monthsBetween, toDay } from '../../platform/time';
import type { KpiKind } from './kpiDaily.model';
import { areaMatch, isInAreaPrefix } from '../../platform/auth/areaScope';

export type KpiScope = {
  from: string;
  to: string;
  today: string;
  granularity: 'day' | 'month';
  district?: string;
  team?: string;
  type?: string;
};

/** Longest range the cockpit answers (daily rows stay few enough to sum quickly). */
const MAX_DAYS = 3 * 366;
const MONTHLY_AFTER_DAYS = 92;

export function resolveScope(q: KpiQuery, now: Date): KpiScope {
  const today = dayOf(now);
  const to = q.to ? toDay(q.to) : today;
  const from = q.from ? toDay(q.from) : addDays(to, -29);
  if (from > to) throw errors.validation([{ path: 'query.from', message: '开始日期不能晚于结束日期' }]);
  const span = daysBetween(from, to).length;
  if (span > MAX_DAYS) throw errors.validation([{ path: 'query.from', message: '统计区间最长 3 年' }]);
  return {
    from,
    to,
    today,
    granularity: span > MONTHLY_AFTER_DAYS ? 'month' : 'day',
    district: q.district,
    team: q.team,
    type: q.type ?? q.orderType,
  };
}

/** Does this kind of row know about team / order type? Bills and payments do not. */
export const hasOrderDims = (kind: KpiKind) => kind === 'orders';

/**
 * Mongo filter on kpiDaily for a kind within [fromDay, toDay]. Half-open on the next day: the test
 * database's compound-index scan drops rows equal to an inclusive ($lte) upper bound.
 */
export function rowFilter(
  scope: KpiScope,
  kind: KpiKind,
  fromDay: string,
  toDay: string,
): Record<string, unknown> {
  const f: Record<string, unknown> = { kind, day: { $gte: fromDay, $lt: addDays(toDay, 1) } };
  if (scope.district) {
    if (scope.district.includes('-')) f.areaCode = areaMatch(scope.district);
    else f.district = scope.district;
  }
  if (hasOrderDims(kind)) {
    if (scope.team) f.team = scope.team;
    if (scope.type) f.type = scope.type;
  }
  return f;
}

/** The same predicate for rows computed from the sources (tests compare them with the stored rows). */
export function rowMatches(
  scope: KpiScope,
  row: { areaCode: string; district: string; team: string; type: string; kind: KpiKind },
): boolean {
  if (
    scope.district &&
    !(scope.district.includes('-')
      ? isInAreaPrefix(row.areaCode, scope.district)
      : row.district === scope.district)
  )
    return false;
  if (hasOrderDims(row.kind)) {
    if (scope.team && row.team !== scope.team) return false;
    if (scope.type && row.type !== scope.type) return false;
  }
  return true;
}

/** Chart bucket of a day. */
export const bucketOf = (scope: KpiScope, day: string) =>
  scope.granularity === 'day' ? day : day.slice(0, 7);

export const bucketsOf = (scope: KpiScope) =>
  scope.granularity === 'day' ? daysBetween(scope.from, scope.to) : monthsBetween(scope.from, scope.to);

export const periodsOf = (scope: KpiScope) => monthsBetween(scope.from, scope.to);
