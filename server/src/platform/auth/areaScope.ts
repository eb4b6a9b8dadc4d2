/**
 * Staff area scope: the one rule for which households a staff member reaches. Each feature names its
 * policy below (which roles serve the whole city, and why); everyone else reaches only the areaCode
 * prefixes on their staff record ("CY" = a whole district, "CY-WJY" = one community). A staff member
 * with no areas reaches nothing unless a role of theirs is city-wide by that policy.
 *
 *   const filter = { ...areaFilter(auth, 'customers') };                 // lists and searches
 *   assertInArea(auth, 'customers', account.areaCode, notFound);         // every direct lookup and action
 *
 * Direct lookups outside the scope answer the object's 404, so a staff member cannot learn whether a
 * record exists in somebody else's area.
 */
import type { StaffRole } from '@portal/types';
import type { AppError } from '../http/errors';
import { errors } from '../http/errors';
import type { StaffAuth } from './auth';
import { escapeRegex } from '../db/regex';

type Policy = { cityWide: readonly StaffRole[]; why: string };

/** Who serves the whole city, per feature. README.md → Security prints this table. */
export const AREA_POLICIES = {
  customers: {
    cityWide: ['admin', 'manager', 'agent'],
    why: '客服坐席 answer calls and chats from the whole city; field staff and supervisors work their areas',
  },
  workOrders: {
    cityWide: ['admin', 'manager', 'agent'],
    why: 'agents open orders for any caller; dispatchers, technicians and supervisors work their areas (a technician also reaches orders assigned to them)',
  },
  escalations: {
    cityWide: ['admin', 'manager'],
    why: 'SLA breaches go to the supervisors and dispatchers of the area',
  },
  collection: { cityWide: ['admin', 'manager'], why: '欠费 and 回收率 are worked per area by collectors' },
  payments: {
    cityWide: ['admin', 'manager', 'agent'],
    why: 'agents answer payment questions from the whole city; refunds by supervisors stay in their areas',
  },
  meterReadings: {
    cityWide: ['admin', 'manager', 'agent'],
    why: 'self readings are reviewed by the central desk',
  },
  qr: {
    cityWide: ['admin', 'operator', 'agent'],
    why: 'operations prints 一户一码 sheets for the whole city',
  },
  chat: {
    cityWide: ['admin', 'agent', 'supervisor'],
    why: 'the online desk is one queue for the whole city (a conversation may name no account at all)',
  },
  kpi: { cityWide: ['admin', 'manager'], why: 'supervisors drill down into their own areas only' },
} as const satisfies Record<string, Policy>;

export type AreaPolicy = keyof typeof AREA_POLICIES;

export type AreaScope = { all: true } | { all: false; prefixes: string[] };

export function areaScope(auth: StaffAuth, policy: AreaPolicy): AreaScope {
  const cityWide = AREA_POLICIES[policy].cityWide as readonly StaffRole[];
  if (auth.roles.some((r) => cityWide.includes(r))) return { all: true };
  return { all: false, prefixes: auth.areas.filter((a) => /^[\w-]+$/.test(a)) };
}

/** True when the areaCode is one of the prefixes or below one ('CY' covers 'CY' and 'CY-WJY', not 'CYX'). */
export function covers(scope: AreaScope, areaCode: string | undefined | null): boolean {
  if (scope.all) return true;
  if (!areaCode) return false;
  return scope.prefixes.some((p) => isInAreaPrefix(areaCode, p));
}

export function inArea(auth: StaffAuth, policy: AreaPolicy, areaCode: string | undefined | null): boolean {
  return covers(areaScope(auth, policy), areaCode);
}

/** Throws `notFound()` when the record's area is outside the staff member's scope. */
export function assertInArea(
  auth: StaffAuth,
  policy: AreaPolicy,
  areaCode: string | undefined | null,
  notFound: () => AppError,
): void {
  if (!inArea(auth, policy, areaCode)) throw notFound();
}

/**
 * The area and every area below it, as a filter value an index on the field can use: 'CY' →
 * { $regex: '^CY(?:-|$)' } ('CY' and 'CY-WJY', not 'CYX').
 */
export const areaMatch = (prefix: string) => ({ $regex: `^${escapeRegex(prefix)}(?:-|$)` });

/** Whether `areaCode` is the area `prefix` or below it (areaMatch, in code). */
export const isInAreaPrefix = (areaCode: string, prefix: string) =>
  areaCode === prefix || areaCode.startsWith(`${prefix}-`);

/**
 * The Mongo filter for the staff member's scope on `field` (default areaCode). `orElse` adds records
 * reached another way (a technician's own assignments). {} for city-wide; matches nothing for no areas.
 */
export function areaFilter(
  auth: StaffAuth,
  policy: AreaPolicy,
  opts: { field?: string; orElse?: Record<string, unknown>[] } = {},
): Record<string, unknown> {
  const scope = areaScope(auth, policy);
  if (scope.all) return {};
  const field = opts.field ?? 'areaCode';
  const clauses = [...scope.prefixes.map((p) => ({ [field]: areaMatch(p) })), ...(opts.orElse ?? [])];
  if (!clauses.length) return { [field]: { $in: [] } };
  return clauses.length === 1 ? clauses[0]! : { $or: clauses };
}

/**
 * A list narrowed to an area the caller asked for: allowed only inside their scope (403 otherwise, the
 * area itself is not secret); without a request, their whole scope.
 */
export function askedAreaFilter(
  auth: StaffAuth,
  policy: AreaPolicy,
  asked: string | undefined,
  field = 'areaCode',
): Record<string, unknown> {
  if (!asked) return areaFilter(auth, policy, { field });
  const scope = areaScope(auth, policy);
  if (!scope.all && !scope.prefixes.some((p) => isInAreaPrefix(asked, p))) {
    throw errors.outsideYourAreas();
  }
  return { [field]: areaMatch(asked) };
}
