/** What other features may know of staff: a card to show, who supervises an area, who can take a job. */
import type { FilterQuery } from 'mongoose';
import { StaffModel, type Staff } from './staff.model';

export type StaffCard = {
  id: string;
  name: string;
  phone?: string;
  /** WeCom userid: alerts go there as application messages when WeCom is set up. */
  wecomUserId?: string;
  roles: string[];
  active: boolean;
  /** Chat: how many conversations this agent takes at once. */
  chatCapacity: number;
};

export type TechnicianCard = {
  id: string;
  name: string;
  phone?: string;
  location?: { lat: number; lng: number; at?: Date };
};

const CARD = { name: 1, phone: 1, wecomUserId: 1, roles: 1, active: 1, chatCapacity: 1 } as const;

const toCard = (
  s: Pick<Staff, 'name' | 'phone' | 'wecomUserId' | 'roles' | 'active' | 'chatCapacity'> & { _id: unknown },
): StaffCard => ({
  id: String(s._id),
  name: s.name,
  phone: s.phone ?? undefined,
  wecomUserId: s.wecomUserId || undefined,
  roles: s.roles,
  active: s.active !== false,
  chatCapacity: s.chatCapacity ?? 5,
});

const isObjectId = (id: string) => /^[a-f\d]{24}$/i.test(id);

export async function staffCard(staffId: string): Promise<StaffCard | null> {
  if (!isObjectId(staffId)) return null;
  const s = await StaffModel.findById(staffId, CARD).lean<Staff>();
  return s ? toCard(s) : null;
}

/** Active supervisors covering an area: one of their area prefixes is a prefix of the areaCode. */
export async function supervisorsCovering(areaCode: string): Promise<StaffCard[]> {
  const prefixes = areaCode.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  const rows = await StaffModel.find(
    { roles: 'supervisor', active: true, areas: { $in: prefixes } },
    CARD,
  ).lean<Staff[]>();
  return rows.map(toCard);
}

/** Active staff of a role covering an area (dispatchers told of a new order there). */
export async function staffCovering(role: string, areaCode: string): Promise<StaffCard[]> {
  const prefixes = areaCode.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-'));
  const rows = await StaffModel.find({ roles: role, active: true, areas: { $in: prefixes } }, CARD).lean<
    Staff[]
  >();
  return rows.map(toCard);
}

/** Technicians on shift in a team with a skill (minus `exclude`), with their last known position. */
export async function techniciansOnShift(q: {
  team: string;
  skill: string;
  exclude?: string[];
}): Promise<TechnicianCard[]> {
  const filter: FilterQuery<Staff> = {
    roles: 'technician',
    active: true,
    onShift: true,
    team: q.team,
    skills: q.skill,
  };
  if (q.exclude?.length) filter._id = { $nin: q.exclude };
  const rows = await StaffModel.find(filter, { name: 1, phone: 1, location: 1 }).lean<Staff[]>();
  return rows.map((s) => ({
    id: String(s._id),
    name: s.name,
    phone: s.phone ?? undefined,
    ...(s.location?.lat != null && s.location?.lng != null
      ? { location: { lat: s.location.lat, lng: s.location.lng, at: s.location.at ?? undefined } }
      : {}),
  }));
}

/**
 * Active technicians by team and skill (each technician counted once per skill they have), and how many are on
 * shift. A team's technicians without any skill are counted in its row with `skill` null.
 */
export type TechnicianCoverage = { team: string; skill: string | null; technicians: number; onShift: number };

/**
 * Who could take a dispatch rule's orders: the active technicians of every team, counted per skill. A team is a
 * technician's `team`, a skill one of their `skills`, both as typed; a technician without a team is in no row.
 * One aggregation over the technicians, whatever the number of rules.
 */
export async function technicianCoverage(): Promise<TechnicianCoverage[]> {
  return StaffModel.aggregate<TechnicianCoverage>([
    { $match: { roles: 'technician', active: true, team: { $type: 'string', $ne: '' } } },
    { $unwind: { path: '$skills', preserveNullAndEmptyArrays: true } },
    {
      $group: {
        _id: { team: '$team', skill: { $ifNull: ['$skills', null] } },
        technicians: { $sum: 1 },
        onShift: { $sum: { $cond: [{ $eq: ['$onShift', true] }, 1, 0] } },
      },
    },
    { $project: { _id: 0, team: '$_id.team', skill: '$_id.skill', technicians: 1, onShift: 1 } },
  ]);
}

/** Whether any staff member is of `team`. */
export async function teamHasStaff(team: string): Promise<boolean> {
  return (await StaffModel.exists({ team })) !== null;
}

/** Moves every staff member of team `from` to team `to` (重命名班组); how many were moved. */
export async function renameStaffTeam(from: string, to: string): Promise<number> {
  return (await StaffModel.updateMany({ team: from }, { $set: { team: to } })).modifiedCount;
}
