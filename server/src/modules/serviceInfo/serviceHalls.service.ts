/**
 * 营业网点: residents read the open halls (nearest first when they granted their location); admins add,
 * change, close and remove them (audited).
 */
import * as T from '@portal/types';
import type { AuditBy } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { distanceMetres } from './distance';
import { editable } from './editable';
import { ServiceHallModel, type ServiceHallDoc } from './serviceHall.model';

const halls = editable<ServiceHallDoc>(ServiceHallModel, 'serviceHall', errors.serviceHallNotFound);

const view = (d: ServiceHallDoc, distanceM?: number): T.ServiceHall => ({
  id: d._id.toString(),
  name: d.name,
  address: d.address,
  hours: d.hours,
  phone: d.phone ?? undefined,
  latitude: d.latitude,
  longitude: d.longitude,
  services: d.services ?? [],
  open: d.open,
  distanceM,
  updatedAt: d.updatedAt.toISOString(),
});

/** What residents see: open halls; with a location, nearest first and each hall's distance. */
export async function listOpenServiceHalls(query: T.ListServiceHallsQuery): Promise<T.ServiceHallList> {
  const open = await ServiceHallModel.find({ open: true }).sort({ name: 1 }).lean<ServiceHallDoc[]>();
  if (query.lat === undefined || query.lng === undefined) return { items: open.map((h) => view(h)) };
  const here = { latitude: query.lat, longitude: query.lng };
  const items = open.map((h) => view(h, distanceMetres(here, h)));
  return { items: items.sort((a, b) => a.distanceM! - b.distanceM!) };
}

/** What staff manage: every hall, closed ones too. */
export async function listAllServiceHalls(): Promise<T.ServiceHallList> {
  const all = await ServiceHallModel.find({}).sort({ name: 1 }).lean<ServiceHallDoc[]>();
  return { items: all.map((h) => view(h)) };
}

const stored = (input: T.ServiceHallInput) => {
  const b = T.ServiceHallInput.parse(input);
  return { ...b, phone: b.phone || undefined };
};

export const createServiceHall = async (input: T.ServiceHallInput, by: AuditBy) =>
  view(await halls.create(stored(input), by));

export const updateServiceHall = async (hallId: string, input: T.ServiceHallInput, by: AuditBy) =>
  view(await halls.replace(hallId, stored(input), by));

export async function deleteServiceHall(hallId: string, by: AuditBy): Promise<T.Ok> {
  await halls.remove(hallId, by);
  return { ok: true };
}
