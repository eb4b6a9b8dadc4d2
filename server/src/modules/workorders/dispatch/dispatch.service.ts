/**
 * Auto-dispatch: the most specific enabled rule (area prefix, then category, then type; ties by
 * `order`) names a team and a skill; among that team's technicians with the skill who are on shift,
 * the one with the fewest open orders wins, ties to the nearest when both positions are known. A
 * technician's load is counted from the orders themselves (open and assigned to them, one indexed
 * aggregate for all candidates), so it never drifts from them after a crash and costs no write.
 * No rule or nobody available → the dispatcher queue.
 */
import type { DispatchDecision, DispatchRule } from '@portal/types';
import { techniciansOnShift } from '../../accounts';
import { dispatchRules } from '../config/configs';
import { WorkOrderModel } from '../orders/workorder.model';

export type DispatchInput = {
  type: string;
  areaCode: string;
  category: string;
  location?: { lat?: number | null; lng?: number | null } | null;
  /** Technicians already passed over for this order. */
  exclude?: string[];
};

export type Candidate = { id: string; name: string; phone?: string; openOrders: number; distanceKm?: number };
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
      specificity(b) - specificity(a) || (a.order ?? 100) - (b.order ?? 100) || a.key.localeCompare(b.key),
  );
  return hits[0] ?? null;
}

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

export async function candidatesFor(team: string, skill: string, input: DispatchInput): Promise<Candidate[]> {
  const staff = await techniciansOnShift({ team, skill, exclude: input.exclude });
  if (!staff.length) return [];
  const open = await openOrdersOf(staff.map((s) => s.id));
  const here =
    input.location?.lat != null && input.location?.lng != null
      ? { lat: input.location.lat, lng: input.location.lng }
      : undefined;
  const list: Candidate[] = staff.map((s) => {
    const loc = s.location;
    return {
      id: s.id,
      name: s.name,
      phone: s.phone,
      openOrders: Math.max(0, open.get(s.id) ?? 0),
      ...(here && loc ? { distanceKm: Math.round(distanceKm(here, loc) * 100) / 100 } : {}),
    };
  });
  list.sort(
    (a, b) =>
      a.openOrders - b.openOrders ||
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      a.id.localeCompare(b.id),
  );
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
async function openOrdersOf(staffIds: string[]): Promise<Map<string, number>> {
  const counts = await WorkOrderModel.aggregate<{ _id: string; n: number }>([
    { $match: { assigneeId: { $in: staffIds }, state: 'open' } },
    { $group: { _id: '$assigneeId', n: { $sum: 1 } } },
  ]);
  return new Map(counts.map((c) => [c._id, c.n]));
}
