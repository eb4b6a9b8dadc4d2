/**
 * Technicians' shifts and positions, and the dispatcher's board of who is where. A position is stored
 * only while on shift (going off shift erases it) and is shown only to staff whose areas cover the
 * technician's; distances on the board are measured as dispatch measures them (dispatch.service.ts).
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { audit, type AuditBy } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaScope } from '../../../platform/auth/areaScope';
import { errors } from '../../../platform/http/errors';
import {
  recordTechnicianPosition,
  setTechnicianShift,
  technicianShift,
  techniciansForBoard,
  type TechnicianShift,
} from '../../accounts';
import { AreaCentreModel } from '../config/config.model';
import { areaCentres } from '../config/configs';
import { dispatchOrigin, measuredKm } from '../dispatch/dispatch.service';
import { WorkOrderModel } from '../orders/workorder.model';
import { findAccessibleOrder } from '../orders/workorder.service';

/** Nodes where the technician is on the way or on site. */
const ON_JOB = ['departed', 'arrived', 'processing'];

const shiftView = (s: TechnicianShift): T.MyShift => ({
  onShift: s.onShift,
  position: s.position ? { ...s.position, at: s.position.at.toISOString() } : null,
});

export async function myShift(auth: StaffAuth): Promise<T.MyShift> {
  const s = await technicianShift(auth.staffId);
  if (!s) throw errors.unauthenticated();
  return shiftView(s);
}

export async function setMyShift(auth: StaffAuth, onShift: boolean, by: AuditBy): Promise<T.MyShift> {
  const s = await setTechnicianShift(auth.staffId, onShift);
  if (!s) throw errors.unauthenticated();
  await audit.record({
    ...by,
    action: onShift ? 'shift.on' : 'shift.off',
    target: { kind: 'staff', id: auth.staffId },
    before: null,
    after: { onShift },
  });
  return shiftView(s);
}

/** Off shift: refused and nothing stored. With an order: it must be one of the technician's. */
export async function reportMyPosition(
  deps: AppDeps,
  auth: StaffAuth,
  body: T.ReportPositionBody,
): Promise<T.MyShift> {
  if (body.orderNo) {
    const o = await findAccessibleOrder(auth, body.orderNo);
    if (o.assigneeId !== auth.staffId) throw errors.orderNotFound();
  }
  const stored = await recordTechnicianPosition(auth.staffId, body, deps.clock.now());
  if (!stored) throw errors.offShift();
  return shiftView((await technicianShift(auth.staffId))!);
}

/**
 * The technicians of the caller's areas: shift, position (on shift only), open orders, the orders they
 * are on now, and with an order, the distance dispatch would count (nearest first then).
 */
export async function technicianBoard(
  deps: AppDeps,
  auth: StaffAuth,
  q: T.TechnicianBoardQuery,
): Promise<T.TechnicianBoard> {
  const scope = areaScope(auth, 'workOrders');
  const order = q.orderNo ? await findAccessibleOrder(auth, q.orderNo) : undefined;
  const [techs, origin] = await Promise.all([
    techniciansForBoard(scope.all ? 'all' : scope.prefixes),
    order ? dispatchOrigin(order) : Promise.resolve(null),
  ]);
  const open = await WorkOrderModel.find(
    { assigneeId: { $in: techs.map((t) => t.id) }, state: 'open' },
    { assigneeId: 1, orderNo: 1, status: 1 },
  )
    .limit(5000)
    .lean<{ assigneeId: string; orderNo: string; status: string }[]>();
  const now = deps.clock.now();
  const list = techs.map((t) => {
    const mine = open.filter((o) => o.assigneeId === t.id);
    return {
      ...t,
      position: t.position ? { ...t.position, at: t.position.at.toISOString() } : null,
      openOrders: mine.length,
      currentOrderNos: mine.filter((o) => ON_JOB.includes(o.status)).map((o) => o.orderNo),
      distanceKm: measuredKm(origin, t.position, now) ?? null,
    };
  });
  list.sort(
    (a, b) =>
      Number(b.onShift) - Number(a.onShift) ||
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      a.name.localeCompare(b.name, 'zh-Hans-CN'),
  );
  return { origin, technicians: list };
}

// ---- area centres ----

export const listAreaCentres = (): Promise<T.AreaCentre[]> => areaCentres();

export async function putAreaCentre(body: T.AreaCentreBody, by: AuditBy): Promise<T.AreaCentre> {
  const before = await AreaCentreModel.findOneAndUpdate(
    { areaPrefix: body.areaPrefix },
    { $set: body },
    { upsert: true },
  ).lean<T.AreaCentre>();
  await audit.record({
    ...by,
    action: 'areaCentres.put',
    target: { kind: 'areaCentre', id: body.areaPrefix },
    before: before ? { lat: before.lat, lng: before.lng, label: before.label } : null,
    after: body,
  });
  return body;
}

export async function deleteAreaCentre(areaPrefix: string, by: AuditBy): Promise<T.AreaCentre> {
  const before = await AreaCentreModel.findOneAndDelete({ areaPrefix }).lean<T.AreaCentre>();
  if (!before) throw errors.areaCentreNotFound();
  const view = { areaPrefix, label: before.label, lat: before.lat, lng: before.lng };
  await audit.record({
    ...by,
    action: 'areaCentres.delete',
    target: { kind: 'areaCentre', id: areaPrefix },
    before: view,
    after: null,
  });
  return view;
}
