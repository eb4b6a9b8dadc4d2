/**
 * 抄表区段 (who reads the meters of an area), kept by supervisors: the cockpit's collection rate by meter
 * reader and team reads them (readerOf: longest area prefix wins). Changes are audited.
 */
import type { MeterRoute, PutMeterRouteBody } from '@portal/types';
import { actorOf, audit } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaFilter, assertInArea } from '../../../platform/auth/areaScope';
import { errors } from '../../../platform/http/errors';
import { MeterRouteModel, type MeterRouteDoc } from './meterRoute.model';

const view = (r: MeterRouteDoc): MeterRoute => ({
  areaPrefix: r._id,
  readerName: r.readerName,
  team: r.team,
  updatedAt: new Date(r.updatedAt).toISOString(),
});

export async function listMeterRoutes(auth: StaffAuth): Promise<MeterRoute[]> {
  const rows = await MeterRouteModel.find(areaFilter(auth, 'collection', { field: '_id' }))
    .sort({ _id: 1 })
    .limit(2000)
    .lean<MeterRouteDoc[]>();
  return rows.map(view);
}

export async function putMeterRoute(
  auth: StaffAuth,
  areaPrefix: string,
  body: PutMeterRouteBody,
  requestId?: string,
): Promise<MeterRoute> {
  assertInArea(auth, 'collection', areaPrefix, errors.outsideYourAreas);
  const before = await MeterRouteModel.findById(areaPrefix).lean<MeterRouteDoc>();
  const after = await MeterRouteModel.findOneAndUpdate(
    { _id: areaPrefix },
    { $set: { readerName: body.readerName, team: body.team } },
    { upsert: true, new: true },
  ).lean<MeterRouteDoc>();
  await audit.record({
    actor: actorOf(auth),
    action: 'meterRoute.put',
    target: { kind: 'meterRoute', id: areaPrefix },
    before: before ? { readerName: before.readerName, team: before.team } : null,
    after: { readerName: body.readerName, team: body.team },
    requestId,
  });
  return view(after!);
}

export async function deleteMeterRoute(
  auth: StaffAuth,
  areaPrefix: string,
  requestId?: string,
): Promise<void> {
  assertInArea(auth, 'collection', areaPrefix, errors.meterRouteNotFound);
  const gone = await MeterRouteModel.findOneAndDelete({ _id: areaPrefix }).lean<MeterRouteDoc>();
  if (!gone) throw errors.meterRouteNotFound();
  await audit.record({
    actor: actorOf(auth),
    action: 'meterRoute.delete',
    target: { kind: 'meterRoute', id: areaPrefix },
    before: { readerName: gone.readerName, team: gone.team },
    requestId,
  });
}

/** Every route, its reader and team. */
const allRoutes = () => MeterRouteModel.find({}, { readerName: 1, team: 1 }).lean<MeterRouteDoc[]>();

export type MeterReaderOf = (areaCode: string) => { readerName: string; team: string } | undefined;

/** All routes, once, as a lookup from an areaCode to its reader (the longest covering prefix). */
export async function meterReaderLookup(): Promise<MeterReaderOf> {
  const routes = await allRoutes();
  const byPrefix = new Map(routes.map((r) => [r._id, r]));
  return (areaCode) => {
    const parts = areaCode.split('-');
    for (let i = parts.length; i > 0; i--) {
      const r = byPrefix.get(parts.slice(0, i).join('-'));
      if (r) return { readerName: r.readerName, team: r.team };
    }
    return undefined;
  };
}

/**
 * Every route as one string (area prefix, team and reader): the cockpit's roll-up keeps the ones it counted bills
 * under and re-counts the bills of a route that is new, changed or gone since (routeOfEntry reads its prefix).
 */
export async function meterRouteEntries(): Promise<string[]> {
  const routes = await allRoutes();
  return routes.map((r) => JSON.stringify([r._id, r.team, r.readerName])).sort();
}

/** The area prefix of a meterRouteEntries entry. */
export const routeOfEntry = (entry: string): string => (JSON.parse(entry) as string[])[0]!;

/** The area prefixes a reader (or a whole team, without `readerName`) covers, and the longer ones of others inside them. */
export async function routeAreas(q: {
  team: string;
  readerName?: string;
}): Promise<{ mine: string[]; others: string[] }> {
  const routes = await allRoutes();
  const isMine = (r: MeterRouteDoc) =>
    r.team === q.team && (q.readerName === undefined || r.readerName === q.readerName);
  const mine = routes.filter(isMine).map((r) => r._id);
  const others = routes
    .filter((r) => !isMine(r) && mine.some((m) => r._id.startsWith(`${m}-`)))
    .map((r) => r._id);
  return { mine, others };
}
