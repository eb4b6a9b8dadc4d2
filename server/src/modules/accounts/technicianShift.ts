/**
 * A technician's shift and last position, as the technician pages set them and dispatch reads them.
 * Privacy (PIPL): a position is accepted only while on shift, going off shift erases it, and the board
 * shows it only to staff whose areas cover the technician's.
 */
import type { FilterQuery } from 'mongoose';
import { isInAreaPrefix } from '../../platform/auth/areaScope';
import { StaffModel, type Staff } from './staff.model';

export type StaffPosition = { lat: number; lng: number; at: Date; accuracyM: number | null };
export type TechnicianShift = { onShift: boolean; position: StaffPosition | null };
export type BoardTechnician = {
  id: string;
  name: string;
  team: string | null;
  skills: string[];
  areas: string[];
  onShift: boolean;
  position: StaffPosition | null;
};

const positionOf = (s: Pick<Staff, 'onShift' | 'location'>): StaffPosition | null =>
  s.onShift !== false && s.location?.lat != null && s.location?.lng != null && s.location.at
    ? {
        lat: s.location.lat,
        lng: s.location.lng,
        at: s.location.at,
        accuracyM: (s.location as { accuracyM?: number | null }).accuracyM ?? null,
      }
    : null;

export async function technicianShift(staffId: string): Promise<TechnicianShift | null> {
  const s = await StaffModel.findById(staffId, { onShift: 1, location: 1 }).lean<Staff>();
  return s ? { onShift: s.onShift !== false, position: positionOf(s) } : null;
}

/** On or off shift; off shift erases the last position. */
export async function setTechnicianShift(staffId: string, onShift: boolean): Promise<TechnicianShift | null> {
  const s = await StaffModel.findByIdAndUpdate(
    staffId,
    onShift ? { $set: { onShift: true } } : { $set: { onShift: false }, $unset: { location: 1 } },
    { new: true, projection: { onShift: 1, location: 1 } },
  ).lean<Staff>();
  return s ? { onShift: s.onShift !== false, position: positionOf(s) } : null;
}

/** Stores the latest position, only while on shift (false when off shift: nothing stored). */
export async function recordTechnicianPosition(
  staffId: string,
  p: { lat: number; lng: number; accuracyM?: number },
  at: Date,
): Promise<boolean> {
  const r = await StaffModel.updateOne(
    { _id: staffId, onShift: { $ne: false } },
    { $set: { location: { lat: p.lat, lng: p.lng, at, accuracyM: p.accuracyM ?? null } } },
  );
  return r.matchedCount === 1;
}

/**
 * Active technicians whose areas meet the given prefixes (one of theirs under one of these, or the other
 * way round); every technician when `prefixes` is 'all'. Positions of those off shift are never returned.
 */
export async function techniciansForBoard(prefixes: string[] | 'all'): Promise<BoardTechnician[]> {
  const filter: FilterQuery<Staff> = { roles: 'technician', active: true };
  const rows = await StaffModel.find(filter, {
    name: 1,
    team: 1,
    skills: 1,
    areas: 1,
    onShift: 1,
    location: 1,
  })
    .sort({ name: 1 })
    .limit(500)
    .lean<Staff[]>();
  const meets = (a: string, p: string) => isInAreaPrefix(a, p) || isInAreaPrefix(p, a);
  return rows
    .filter((s) => prefixes === 'all' || s.areas.some((a) => prefixes.some((p) => meets(a, p))))
    .map((s) => ({
      id: String(s._id),
      name: s.name,
      team: s.team ?? null,
      skills: s.skills,
      areas: s.areas,
      onShift: s.onShift !== false,
      position: positionOf(s),
    }));
}
