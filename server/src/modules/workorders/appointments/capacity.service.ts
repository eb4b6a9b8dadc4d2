/**
 * Booking capacity. Slot templates say how many seats an area offers per half-day for an order type;
 * `generateSlots` opens them for the days ahead on the business calendar's working days (public holidays
 * closed, 调休 make-up days open) — a daily job, idempotent (the slot's unique key and $setOnInsert).
 * Holds and blackouts take slots out of booking by marking them (`heldBy`), never deleting them, so
 * bookings already made stay and are listed for the dispatcher. A capacity edit never strands a booking:
 * it is refused below the seats already taken, and is guarded on the values it read.
 */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { audit, type AuditBy } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaScope, covers } from '../../../platform/auth/areaScope';
import { errors } from '../../../platform/http/errors';
import { addDays, atShanghai, dayOf, weekdayOf, type Day } from '../../../platform/time';
import { holidayDates } from '../../holidays';
import { TYPE_LABELS } from '../orders/labels';
import { AppointmentModel, SlotModel } from './appointment.model';
import { SlotHoldModel, SlotTemplateModel } from './capacity.model';
import { WINDOWS, slotView, type SlotDoc } from './appointment.service';

export const SLOT_GENERATE = 'workorders.slots.generate';
/** How far ahead the daily job keeps slots open. */
export const SLOT_DAYS_AHEAD = 14;

type TemplateDoc = {
  _id: unknown;
  areaCode: string;
  type: string;
  windows: { window: 'am' | 'pm'; capacity: number }[];
  enabled: boolean;
  updatedAt?: Date;
};
type HoldDoc = {
  _id: unknown;
  kind: 'hold' | 'blackout';
  areaCode: string;
  type: string | null;
  from: Day;
  to: Day;
  window: 'am' | 'pm' | null;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
};

/** A staff member changes capacity only inside their areas (admins and managers: everywhere). */
function assertOwnArea(auth: StaffAuth, areaCode: string) {
  if (!covers(areaScope(auth, 'workOrders'), areaCode)) throw errors.outsideYourAreas();
}
/** Templates and holds are few: read them all and keep the caller's areas. */
const inScope = (auth: StaffAuth) => {
  const scope = areaScope(auth, 'workOrders');
  return (x: { areaCode: string }) => covers(scope, x.areaCode);
};

// ---- templates ----

const templateView = (t: TemplateDoc): T.SlotTemplate => ({
  id: String(t._id),
  areaCode: t.areaCode,
  type: t.type as T.WorkOrderType,
  windows: t.windows.map((w) => ({ window: w.window, capacity: w.capacity })),
  enabled: t.enabled !== false,
  updatedAt: t.updatedAt?.toISOString(),
});

export async function listSlotTemplates(auth: StaffAuth): Promise<T.SlotTemplate[]> {
  const rows = await SlotTemplateModel.find({})
    .sort({ areaCode: 1, type: 1 })
    .limit(2000)
    .lean<TemplateDoc[]>();
  return rows.filter(inScope(auth)).map(templateView);
}

export async function createSlotTemplate(auth: StaffAuth, body: T.SlotTemplateBody, by: AuditBy) {
  assertOwnArea(auth, body.areaCode);
  const exists = await SlotTemplateModel.exists({ areaCode: body.areaCode, type: body.type });
  if (exists) throw errors.slotTemplateExists(body.areaCode, TYPE_LABELS[body.type] ?? body.type);
  const made = await SlotTemplateModel.create(body);
  await audit.record({
    ...by,
    action: 'slotTemplates.create',
    target: { kind: 'slotTemplate', id: String(made._id) },
    before: null,
    after: body,
  });
  return templateView(made.toObject() as TemplateDoc);
}

export async function updateSlotTemplate(auth: StaffAuth, id: string, body: T.SlotTemplateBody, by: AuditBy) {
  const before = await SlotTemplateModel.findById(id).lean<TemplateDoc>();
  if (!before || !covers(areaScope(auth, 'workOrders'), before.areaCode)) throw errors.slotTemplateNotFound();
  assertOwnArea(auth, body.areaCode);
  const clash = await SlotTemplateModel.exists({
    areaCode: body.areaCode,
    type: body.type,
    _id: { $ne: id },
  });
  if (clash) throw errors.slotTemplateExists(body.areaCode, TYPE_LABELS[body.type] ?? body.type);
  const after = await SlotTemplateModel.findByIdAndUpdate(
    id,
    { $set: body },
    { new: true },
  ).lean<TemplateDoc>();
  if (!after) throw errors.slotTemplateNotFound();
  await audit.record({
    ...by,
    action: 'slotTemplates.update',
    target: { kind: 'slotTemplate', id },
    before: templateView(before),
    after: body,
  });
  return templateView(after);
}

/** Slots already generated from it stay (with their bookings); none are generated from it again. */
export async function deleteSlotTemplate(auth: StaffAuth, id: string, by: AuditBy) {
  const before = await SlotTemplateModel.findById(id).lean<TemplateDoc>();
  if (!before || !covers(areaScope(auth, 'workOrders'), before.areaCode)) throw errors.slotTemplateNotFound();
  await SlotTemplateModel.deleteOne({ _id: id });
  await audit.record({
    ...by,
    action: 'slotTemplates.delete',
    target: { kind: 'slotTemplate', id },
    before: templateView(before),
    after: null,
  });
  return templateView(before);
}

// ---- generation ----

/** Open for visits: a 调休 make-up day always, a public holiday never, otherwise Monday to Friday. */
export function isBookableDay(
  day: Day,
  cal: { holidays: ReadonlySet<Day>; workdays: ReadonlySet<Day> },
): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const dow = weekdayOf(day);
  return dow >= 1 && dow <= 5;
}

type HeldSlot = { _id: unknown; areaCode: string; type: string; date: Day; window: string };

/**
 * The holds and blackouts over some of these days, blackouts first: the first of them that covers a slot
 * (holdCovers) is the one that holds it, so a slot both cover is closed to everyone.
 */
const holdsBetween = (from: Day, to: Day, except?: string) =>
  SlotHoldModel.find({ ...(except ? { _id: { $ne: except } } : {}), to: { $gte: from }, from: { $lte: to } })
    .sort({ kind: 1 })
    .lean<HoldDoc[]>();

const holdCovers = (h: HoldDoc, slot: Omit<HeldSlot, '_id'>) =>
  (slot.areaCode === h.areaCode || slot.areaCode.startsWith(`${h.areaCode}-`)) &&
  (!h.type || h.type === slot.type) &&
  h.from <= slot.date &&
  slot.date <= h.to &&
  (!h.window || h.window === slot.window);

/**
 * Opens the slots of every enabled template for the days ahead (from tomorrow). Existing slots are left
 * as they are, so running it twice, or after a capacity edit, changes nothing. New slots inside a hold or
 * blackout are created already held.
 */
export async function generateSlots(
  deps: AppDeps,
  days = SLOT_DAYS_AHEAD,
  by?: AuditBy,
): Promise<T.GenerateSlotsResult> {
  const today = dayOf(deps.clock.now());
  const from = addDays(today, 1);
  const to = addDays(today, days);
  const cal = await holidayDates();
  const templates = await SlotTemplateModel.find({ enabled: true }).lean<TemplateDoc[]>();
  const holds = await holdsBetween(from, to);
  const closedDays: Day[] = [];
  const makeUpDays: Day[] = [];
  const ops = [];
  const heldAt = new Set<number>();
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    if (!isBookableDay(date, cal)) {
      closedDays.push(date);
      continue;
    }
    if (cal.workdays.has(date)) makeUpDays.push(date);
    for (const t of templates) {
      for (const w of t.windows) {
        const key = { areaCode: t.areaCode, type: t.type, date, window: w.window };
        const hold = holds.find((h) => holdCovers(h, key));
        if (hold) heldAt.add(ops.length);
        ops.push({
          updateOne: {
            filter: key,
            update: {
              $setOnInsert: {
                startAt: atShanghai(date, WINDOWS[w.window][0]),
                endAt: atShanghai(date, WINDOWS[w.window][1]),
                capacity: w.capacity,
                remaining: w.capacity,
                templateId: String(t._id),
                heldBy: hold ? String(hold._id) : null,
                heldKind: hold ? hold.kind : null,
              },
            },
            upsert: true,
          },
        });
      }
    }
  }
  let created = 0;
  let held = 0;
  if (ops.length) {
    const res = await SlotModel.bulkWrite(ops, { ordered: false });
    created = res.upsertedCount;
    held = Object.keys(res.upsertedIds ?? {}).filter((i) => heldAt.has(Number(i))).length;
  }
  const result = { from, to, created, closedDays, makeUpDays, held };
  if (by)
    await audit.record({
      ...by,
      action: 'slots.generate',
      target: { kind: 'slots', id: `${from}..${to}` },
      before: null,
      after: result,
    });
  return result;
}

export const slotGenerationJob = (deps: AppDeps) => () => generateSlots(deps);

// ---- holds and blackouts ----

async function bookingsIn(slotIds: string[]) {
  if (!slotIds.length) return [];
  const rows = await AppointmentModel.find(
    { slotId: { $in: slotIds }, status: 'booked' },
    { slotId: 1, orderNo: 1, label: 1 },
  )
    .sort({ startAt: 1 })
    .limit(500)
    .lean<{ _id: unknown; slotId: string; orderNo: string; label: string }[]>();
  return rows.map((a) => ({
    appointmentId: String(a._id),
    orderNo: a.orderNo,
    label: a.label,
    slotId: a.slotId,
  }));
}

/**
 * The slots a hold covers. The area codes under its prefix are read first (a few per day range) and
 * matched exactly, which every index and database answers the same way.
 */
async function holdSlotFilter(h: Pick<HoldDoc, 'areaCode' | 'type' | 'from' | 'to' | 'window'>) {
  const date = { $gte: h.from, $lte: h.to };
  const codes = (await SlotModel.distinct('areaCode', { date })) as string[];
  return {
    areaCode: { $in: codes.filter((c) => c === h.areaCode || c.startsWith(`${h.areaCode}-`)) },
    date,
    ...(h.type ? { type: h.type } : {}),
    ...(h.window ? { window: h.window } : {}),
  };
}

/** `slots`: the hold's slots when the caller has read them already. */
async function holdView(h: HoldDoc, slots?: { _id: unknown }[]): Promise<T.SlotHold> {
  slots ??= await SlotModel.find({ heldBy: String(h._id) }, { _id: 1 }).lean<{ _id: unknown }[]>();
  return {
    id: String(h._id),
    kind: h.kind,
    areaCode: h.areaCode,
    type: (h.type as T.WorkOrderType | null) ?? null,
    from: h.from,
    to: h.to,
    window: h.window ?? null,
    reason: h.reason,
    createdAt: h.createdAt.toISOString(),
    createdBy: h.createdBy ?? null,
    slots: slots.length,
    bookings: await bookingsIn(slots.map((s) => String(s._id))),
  };
}

export async function listSlotHolds(deps: AppDeps, auth: StaffAuth): Promise<T.SlotHold[]> {
  const rows = await SlotHoldModel.find({ to: { $gte: dayOf(deps.clock.now()) } })
    .sort({ from: 1 })
    .limit(500)
    .lean<HoldDoc[]>();
  return Promise.all(rows.filter(inScope(auth)).map((h) => holdView(h)));
}

/**
 * Takes the matching slots out of booking (a blackout: for everyone; a hold: for residents). Slots are
 * marked, not deleted: the answer lists the bookings already in them for the dispatcher to call or move.
 * A slot already held by another hold keeps that one (removing either leaves the other in force).
 */
export async function createSlotHold(auth: StaffAuth, body: T.SlotHoldBody, by: AuditBy) {
  assertOwnArea(auth, body.areaCode);
  const made = await SlotHoldModel.create({
    ...body,
    type: body.type ?? null,
    window: body.window ?? null,
    createdBy: by.actor.name ?? by.actor.id,
  });
  const h = made.toObject() as HoldDoc;
  const covered = await holdSlotFilter(h);
  await SlotModel.updateMany(
    { ...covered, heldBy: null },
    { $set: { heldBy: String(h._id), heldKind: h.kind } },
  );
  // A blackout outranks a hold on the same slot: nobody may book it.
  if (h.kind === 'blackout')
    await SlotModel.updateMany(
      { ...covered, heldKind: 'hold' },
      { $set: { heldBy: String(h._id), heldKind: 'blackout' } },
    );
  const view = await holdView(h);
  await audit.record({
    ...by,
    action: 'slotHolds.create',
    target: { kind: 'slotHold', id: view.id },
    before: null,
    after: { ...body, slots: view.slots, bookings: view.bookings.length },
  });
  return view;
}

/**
 * Lifts a hold: its slots open again unless another hold or blackout still covers them (a blackout first).
 * The slots it held are matched against the others in memory and handed over in one write, so lifting a
 * hold costs the same few round trips however many others overlap it (one per overlapping hold, before).
 */
export async function deleteSlotHold(auth: StaffAuth, id: string, by: AuditBy) {
  const h = await SlotHoldModel.findById(id).lean<HoldDoc>();
  if (!h || !covers(areaScope(auth, 'workOrders'), h.areaCode)) throw errors.slotHoldNotFound();
  const [held, others] = await Promise.all([
    SlotModel.find({ heldBy: id }, { areaCode: 1, type: 1, date: 1, window: 1 }).lean<HeldSlot[]>(),
    holdsBetween(h.from, h.to, id),
  ]);
  const view = await holdView(h, held);
  const next = new Map<string | null, { kind: HoldDoc['kind'] | null; ids: unknown[] }>();
  for (const slot of held) {
    const o = others.find((other) => holdCovers(other, slot));
    const key = o ? String(o._id) : null;
    const group = next.get(key) ?? { kind: o?.kind ?? null, ids: [] };
    next.set(key, group);
    group.ids.push(slot._id);
  }
  if (next.size)
    await SlotModel.bulkWrite(
      [...next].map(([heldBy, { kind, ids }]) => ({
        updateMany: {
          filter: { _id: { $in: ids }, heldBy: id },
          update: { $set: { heldBy, heldKind: kind } },
        },
      })),
    );
  // After the slots: a lift cut short leaves the hold in place (lifting it again finishes), never a slot held
  // by a hold that is gone.
  await SlotHoldModel.deleteOne({ _id: id });
  await audit.record({
    ...by,
    action: 'slotHolds.delete',
    target: { kind: 'slotHold', id },
    before: { ...view, bookings: view.bookings.length },
    after: null,
  });
  return view;
}

// ---- capacity ----

/**
 * Sets a slot's seats. Refused below the seats already booked (the message names the slot); otherwise the
 * seats left move by the same amount, in one update guarded on the values read, so a booking made in
 * between is never lost.
 */
export async function setSlotCapacity(
  deps: AppDeps,
  auth: StaffAuth,
  id: string,
  capacity: number,
  by: AuditBy,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const s = await SlotModel.findById(id).lean<SlotDoc>();
    if (!s || !covers(areaScope(auth, 'workOrders'), s.areaCode)) throw errors.slotNotFound();
    if (s.startAt <= deps.clock.now()) throw errors.slotPast();
    const booked = s.capacity - s.remaining;
    if (capacity < booked) throw errors.slotCapacityBelowBooked(`${s.areaCode} ${slotView(s).label}`, booked);
    const moved = await SlotModel.findOneAndUpdate(
      { _id: id, capacity: s.capacity, remaining: s.remaining },
      { $set: { capacity, remaining: capacity - booked } },
      { new: true },
    ).lean<SlotDoc>();
    if (moved) {
      await audit.record({
        ...by,
        action: 'slots.capacity',
        target: { kind: 'slot', id },
        before: { capacity: s.capacity, booked },
        after: { capacity, booked },
      });
      return slotView(moved);
    }
  }
  throw errors.appointmentChanged();
}
