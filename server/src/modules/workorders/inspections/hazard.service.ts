/**
 * 隐患 after the inspection: the list by area and status, re-inspection (复查) that either closes the
 * hazard as rectified or keeps it open (optionally with a new deadline), and the statistics by area,
 * customer type and category with the overdue ones as alerts. `hazardStatistics` is the read the
 * cockpit uses (exported through the feature's index.ts).
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { actorOf, audit } from '../../../platform/audit';
import { askedAreaFilter, inArea } from '../../../platform/auth/areaScope';
import { findPage } from '../../../platform/db/page';
import { errors } from '../../../platform/http/errors';
import { dayEnd } from '../../../platform/time';
import { claimPhotos, photoSigner, type PhotoSigner } from '../../uploads';
import { staffCard } from '../../accounts';
import { HazardModel, type HazardDoc } from './hazard.model';

export function hazardView(h: HazardDoc, now: Date, sign: PhotoSigner): T.Hazard {
  return {
    id: String(h._id),
    orderNo: h.orderNo,
    accountNo: h.accountNo,
    address: h.address,
    areaCode: h.areaCode,
    customerType: h.customerType,
    utility: h.utility,
    category: h.category as T.HazardCategory,
    severity: h.severity as T.HazardSeverity,
    description: h.description,
    rectifyBy: h.rectifyBy,
    status: h.status,
    overdue: h.status === 'open' && h.rectifyDueAt < now,
    foundAt: h.foundAt.toISOString(),
    foundByName: h.foundByName,
    rectifiedAt: h.rectifiedAt ? h.rectifiedAt.toISOString() : null,
    photoUrls: h.photos.map((p) => sign(p).url),
    reinspections: (h.reinspections ?? []).map((r) => ({
      at: r.at.toISOString(),
      byName: r.byName,
      rectified: r.rectified,
      note: r.note ?? null,
      photoUrls: r.photos.map((p) => sign(p).url),
    })),
  };
}

export async function listHazards(
  deps: AppDeps,
  auth: StaffAuth,
  q: T.ListHazardsQuery,
): Promise<T.HazardPage> {
  const now = deps.clock.now();
  const filter: Record<string, unknown> = {};
  if (q.status) filter.status = q.status;
  if (q.category) filter.category = q.category;
  if (q.severity) filter.severity = q.severity;
  if (q.customerType) filter.customerType = q.customerType;
  if (q.accountNo) filter.accountNo = q.accountNo;
  if (q.overdue === 'true') Object.assign(filter, { status: 'open', rectifyDueAt: { $lt: now } });
  if (q.overdue === 'false') filter.$nor = [{ status: 'open', rectifyDueAt: { $lt: now } }];
  // The area scope and the asked filter side by side in $and: neither can overwrite a condition of the other.
  const scoped = { $and: [askedAreaFilter(auth, 'workOrders', q.areaPrefix), filter] };
  const { items, ...counted } = await findPage<HazardDoc>(HazardModel, scoped, {
    sort: { status: 1, rectifyDueAt: 1, _id: 1 },
    skip: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
    countUpTo: deps.config.LIST_COUNT_UP_TO,
  });
  const sign = photoSigner(deps);
  return {
    items: items.map((h) => hazardView(h, now, sign)),
    ...counted,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** 复查: rectified closes the hazard; not rectified keeps it open, with a new deadline when one is given. */
export async function reinspectHazard(
  deps: AppDeps,
  auth: StaffAuth,
  id: string,
  body: T.ReinspectHazardBody,
  requestId?: string,
): Promise<T.Hazard> {
  const now = deps.clock.now();
  const h = await HazardModel.findById(id).lean<HazardDoc>();
  if (!h || !inArea(auth, 'workOrders', h.areaCode)) throw errors.hazardNotFound();
  if (h.status !== 'open') throw errors.hazardRectified();
  if (body.rectified && body.rectifyBy)
    throw errors.validation([{ path: 'body.rectifyBy', message: '已整改的隐患无需新的整改期限' }]);
  if (body.rectifyBy && dayEnd(body.rectifyBy) < now)
    throw errors.validation([{ path: 'body.rectifyBy', message: '整改期限不能早于今天' }]);
  await claimPhotos(auth, body.photos, h.accountNo);
  const me = await staffCard(auth.staffId);
  const entry = {
    at: now,
    byId: auth.staffId,
    byName: me?.name ?? auth.username,
    rectified: body.rectified,
    note: body.note,
    photos: body.photos,
  };
  const set: Record<string, unknown> = body.rectified
    ? { status: 'rectified', rectifiedAt: now }
    : body.rectifyBy
      ? { rectifyBy: body.rectifyBy, rectifyDueAt: dayEnd(body.rectifyBy) }
      : {};
  // Guarded on the count of re-inspections read: two people closing at once cannot both record.
  const updated = await HazardModel.findOneAndUpdate(
    { _id: h._id, status: 'open', reinspections: { $size: h.reinspections.length } },
    { $set: set, $push: { reinspections: entry } },
    { new: true },
  ).lean<HazardDoc>();
  if (!updated) throw errors.hazardRectified();
  await audit.record({
    actor: actorOf(auth),
    action: 'hazard.reinspect',
    target: { kind: 'hazard', id },
    before: { status: h.status, rectifyBy: h.rectifyBy },
    after: { status: updated.status, rectifyBy: updated.rectifyBy, rectified: body.rectified },
    requestId,
    at: now,
  });
  return hazardView(updated, now, photoSigner(deps));
}

type Counted = { _id: string | null; total: number; open: number; overdue: number };
const counts = (rows: Counted[]): T.HazardCount[] =>
  rows.map((r) => ({ key: r._id ?? '', total: r.total, open: r.open, overdue: r.overdue }));

/**
 * Hazard statistics over a scope (a Mongo filter on areaCode; {} = the whole city), in one round trip:
 * totals, by area, customer type, category and severity, and the 20 longest-overdue open hazards.
 */
export async function hazardStatistics(
  deps: Pick<AppDeps, 'clock' | 'secrets'>,
  within: Record<string, unknown> = {},
): Promise<T.HazardStats> {
  const now = deps.clock.now();
  const isOpen = { $eq: ['$status', 'open'] };
  const group = (key: string) => [
    {
      $group: {
        _id: `$${key}`,
        total: { $sum: 1 },
        open: { $sum: { $cond: [isOpen, 1, 0] } },
        overdue: { $sum: { $cond: [{ $and: [isOpen, { $lt: ['$rectifyDueAt', now] }] }, 1, 0] } },
      },
    },
    { $sort: { total: -1 as const, _id: 1 as const } },
  ];
  const [r] = await HazardModel.aggregate<{
    all: Counted[];
    byArea: Counted[];
    byCustomerType: Counted[];
    byCategory: Counted[];
    bySeverity: Counted[];
    overdueAlerts: HazardDoc[];
  }>([
    { $match: { $and: [within] } }, // $and: see listHazards
    {
      $facet: {
        all: [{ $group: { ...group('status')[0].$group, _id: null } }],
        byArea: group('areaCode'),
        byCustomerType: group('customerType'),
        byCategory: group('category'),
        bySeverity: group('severity'),
        overdueAlerts: [
          { $match: { status: 'open', rectifyDueAt: { $lt: now } } },
          { $sort: { rectifyDueAt: 1, _id: 1 } },
          { $limit: 20 },
        ],
      },
    },
  ]);
  const all = r?.all[0];
  const sign = photoSigner(deps);
  return {
    total: all?.total ?? 0,
    open: all?.open ?? 0,
    overdue: all?.overdue ?? 0,
    byArea: counts(r?.byArea ?? []),
    byCustomerType: counts(r?.byCustomerType ?? []),
    byCategory: counts(r?.byCategory ?? []),
    bySeverity: counts(r?.bySeverity ?? []),
    overdueAlerts: (r?.overdueAlerts ?? []).map((h) => hazardView(h, now, sign)),
  };
}

/** The statistics a staff member may see: their areas, or one area inside them (403 outside). */
export async function hazardStatsFor(deps: AppDeps, auth: StaffAuth, q: T.HazardStatsQuery) {
  return hazardStatistics(deps, askedAreaFilter(auth, 'workOrders', q.areaPrefix));
}
