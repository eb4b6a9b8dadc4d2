/**
 * Auto-dispatch: of the enabled rules an order matches, the one of lowest `order` (顺序), and among those the most
 * specific (the longer area prefix, then a category, then a type), names a team and a skill. So an admin ranks the
 * rules that must win whatever the area: the default 燃气泄漏 → 抢修队 (order 1) takes every leak, where a
 * district's repair rule would otherwise be the more specific; among that team's technicians with the skill who are on shift,
 * the lowest score wins:
 *
 *   score = openOrders + distanceKm / KM_PER_ORDER
 *
 * distanceKm is the great-circle (haversine) distance from the technician's last position to the
 * household: the order's own position when the resident shared it, else the centre of the most specific
 * area covering its areaCode (片区中心点, admin-edited). A technician whose position is unknown, or older
 * than POSITION_FRESH_MS, or an order with neither position nor area centre, counts UNKNOWN_DISTANCE_KM.
 * So with equal load the nearest wins, and one more open order is worth KM_PER_ORDER km of travel.
 * Ties go to fewer open orders, then the id. A technician's load is counted from the orders themselves
 * (open and assigned to them, one indexed aggregate for all candidates), so it never drifts from them
 * after a crash and costs no write. No rule or nobody available → the dispatcher queue.
 */
import type { DispatchDecision, DispatchRule } from '@portal/types';
import { techniciansOnShift } from '../../accounts';
import { areaCentres, centreOf, dispatchRules } from '../config/configs';
import { WorkOrderModel } from '../orders/workorder.model';

export type DispatchInput = {
  type: string;
  areaCode: string;
  category: string;
  location?: { lat?: number | null; lng?: number | null } | null;
  /** Technicians already passed over for this order. */
  exclude?: string[];
  /** For the freshness of technicians' positions; without it every stored position counts. */
  now?: Date;
};

/** One more open order weighs as much as this many km of travel. */
export const KM_PER_ORDER = 5;
/** A position older than this is not used for distance. */
export const POSITION_FRESH_MS = 2 * 3600_000;
/** The distance counted when it cannot be measured. */
export const UNKNOWN_DISTANCE_KM = 15;

export type Candidate = {
  id: string;
  name: string;
  phone?: string;
  openOrders: number;
  distanceKm?: number;
  score: number;
};
export type Decision = Omit<DispatchDecision, 'technician' | 'candidates'> & {
  technician: Candidate | null;
  candidates: Candidate[];
};

const specificity = (r: DispatchRule) =>
  (r.areaPrefix?.length ?? 0) * 100 + (r.category ? 10 : 0) + (r.type ? 1 : 0);

export function matchRule(
  rules: DispatchRule[],
  input: Pick<DispatchInput, 'type' | 'areaCode' | 'category'>,
): DispatchRule | null {
  const hits = rules.filter(
    (r) =>
      r.enabled !== false &&
      (!r.type || r.type === input.type) &&
      (!r.category || r.category === input.category) &&
      (!r.areaPrefix || input.areaCode.startsWith(r.areaPrefix)),
  );
  hits.sort(
    (a, b) =>
      (a.order ?? 100) - (b.order ?? 100) || specificity(b) - specificity(a) || a.key.localeCompare(b.key),
  );
  return hits[0] ?? null;
}

/** Great-circle distance (haversine, mean Earth radius 6371 km). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

export type Origin = { lat: number; lng: number; source: 'household' | 'areaCentre'; label: string };

/** Where distances to an order are measured from: the household's position, else its area's centre. */
export async function dispatchOrigin(
  input: Pick<DispatchInput, 'areaCode' | 'location'>,
): Promise<Origin | null> {
  if (input.location?.lat != null && input.location?.lng != null)
    return { lat: input.location.lat, lng: input.location.lng, source: 'household', label: '居民位置' };
  const c = centreOf(await areaCentres(), input.areaCode);
  return c ? { lat: c.lat, lng: c.lng, source: 'areaCentre', label: c.label } : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The distance used for scoring, or undefined when unknown (no origin, no fresh position). */
export function measuredKm(
  origin: { lat: number; lng: number } | null,
  position: { lat: number; lng: number; at?: Date } | undefined | null,
  now?: Date,
): number | undefined {
  if (!origin || !position) return undefined;
  if (now && position.at && now.getTime() - position.at.getTime() > POSITION_FRESH_MS) return undefined;
  return round2(distanceKm(origin, position));
}

export const scoreOf = (openOrders: number, km: number | undefined) =>
  round2(openOrders + (km ?? UNKNOWN_DISTANCE_KM) / KM_PER_ORDER);

export async function candidatesFor(team: string, skill: string, input: DispatchInput): Promise<Candidate[]> {
  const staff = await techniciansOnShift({ team, skill, exclude: input.exclude });
  if (!staff.length) return [];
  // Where the order is matters only when someone's position can be measured against it (a cold read
  // of the area centres is spared when nobody has shared one).
  const measurable = staff.some((s) => measuredKm({ lat: 0, lng: 0 }, s.location, input.now) !== undefined);
  const [open, origin] = await Promise.all([
    openOrdersOf(staff.map((s) => s.id)),
    measurable ? dispatchOrigin(input) : Promise.resolve(null),
  ]);
  const list: Candidate[] = staff.map((s) => {
    const openOrders = Math.max(0, open.get(s.id) ?? 0);
    const km = measuredKm(origin, s.location, input.now);
    return {
      id: s.id,
      name: s.name,
      phone: s.phone,
      openOrders,
      ...(km !== undefined ? { distanceKm: km } : {}),
      score: scoreOf(openOrders, km),
    };
  });
  list.sort((a, b) => a.score - b.score || a.openOrders - b.openOrders || a.id.localeCompare(b.id));
  return list;
}

export async function decideDispatch(input: DispatchInput): Promise<Decision> {
  const rule = matchRule(await dispatchRules(), input);
  if (!rule)
    return {
      rule: null,
      team: null,
      technician: null,
      candidates: [],
      queue: 'dispatch',
      reason: '没有匹配的派单规则,转调度员',
    };
  const candidates = await candidatesFor(rule.team, rule.skill, input);
  if (!candidates.length) {
    return {
      rule,
      team: rule.team,
      technician: null,
      candidates,
      queue: 'dispatch',
      reason: `${rule.team} 暂无在班且具备技能的人员,转调度员`,
    };
  }
  return {
    rule,
    team: rule.team,
    technician: candidates[0],
    candidates,
    queue: 'none',
    reason: `规则「${rule.label}」→ ${rule.team}`,
  };
}

/** Open orders assigned to each of these technicians (absent: none). */
export async function openOrdersOf(staffIds: string[]): Promise<Map<string, number>> {
  const counts = await WorkOrderModel.aggregate<{ _id: string; n: number }>([
    { $match: { assigneeId: { $in: staffIds }, state: 'open' } },
    { $group: { _id: '$assigneeId', n: { $sum: 1 } } },
  ]);
  return new Map(counts.map((c) => [c._id, c.n]));
}
