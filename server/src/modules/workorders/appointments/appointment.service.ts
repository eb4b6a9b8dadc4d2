/**
 * 预约上门: listing slots, booking (one atomic seat take; a booking creates or links its order),
 * rescheduling, cancelling, and the reminder the day before (a delayed 'message.send' outbox entry).
 */
import type * as T from '@portal/types';
import type { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { audit, type AuditBy } from '../../../platform/audit';
import type { Auth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { OutboxModel } from '../../../platform/outbox/outbox.model';
import { currentBindings, findAccessibleAccount } from '../../accounts';
import { enqueueMessage } from '../../messaging';
import { AppointmentModel, SlotModel } from './appointment.model';
import { addDays, atShanghai, dayOf, weekdayOf } from '../../../platform/time';
import { orderPage } from '../orders/notify';
import { WorkOrderModel } from '../orders/workorder.model';
import { createWorkOrder, findAccessibleOrder } from '../orders/workorder.service';

export const WINDOWS = {
  am: ['09:00', '12:00', '上午 9:00-12:00'],
  pm: ['13:30', '17:30', '下午 13:30-17:30'],
} as const;

export const prefixes = (areaCode: string) =>
  areaCode.split('-').map((_, i, p) => p.slice(0, i + 1).join('-'));

export type SlotDoc = {
  _id: unknown;
  areaCode: string;
  type: string;
  date: string;
  window: 'am' | 'pm';
  startAt: Date;
  endAt: Date;
  capacity: number;
  remaining: number;
  heldBy?: string | null;
  heldKind?: 'hold' | 'blackout' | null;
};
export const slotView = (s: SlotDoc) => ({
  id: String(s._id),
  areaCode: s.areaCode,
  type: s.type as T.WorkOrderType,
  date: s.date,
  window: s.window,
  label: `${s.date} ${WINDOWS[s.window][2]}`,
  startAt: s.startAt.toISOString(),
  endAt: s.endAt.toISOString(),
  capacity: s.capacity,
  remaining: Math.max(0, s.remaining),
  heldBy: s.heldBy ?? null,
});

/** Opens visit slots (existing ones are left as they are); a staff member's request is audited with what it opened. */
export async function createSlots(input: z.infer<typeof T.CreateSlotsBody>, by?: AuditBy): Promise<number> {
  const ops = [];
  for (let i = 0; i < input.days; i++) {
    const date = addDays(input.from, i);
    const dow = weekdayOf(date);
    if (input.skipWeekends && (dow === 0 || dow === 6)) continue;
    for (const w of ['am', 'pm'] as const) {
      ops.push({
        updateOne: {
          filter: { areaCode: input.areaCode, type: input.type, date, window: w },
          update: {
            $setOnInsert: {
              startAt: atShanghai(date, WINDOWS[w][0]),
              endAt: atShanghai(date, WINDOWS[w][1]),
              capacity: input.capacity,
              remaining: input.capacity,
            },
          },
          upsert: true,
        },
      });
    }
  }
  const created = ops.length ? (await SlotModel.bulkWrite(ops)).upsertedCount : 0;
  if (by)
    await audit.record({
      ...by,
      action: 'slots.create',
      target: { kind: 'slots', id: input.areaCode },
      before: null,
      after: { ...input, created },
    });
  return created;
}

/** Residents see only slots open for booking; staff also see held ones (marked heldBy). */
export async function listSlots(deps: AppDeps, q: z.infer<typeof T.SlotQuery>, auth?: Auth) {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86400_000;
  if (!(days >= 0 && days <= 31))
    throw errors.validation([{ path: 'query.to', message: '查询范围为 0–31 天' }]);
  const rows = await SlotModel.find({
    areaCode: { $in: prefixes(q.areaCode) },
    type: q.type,
    date: { $gte: q.from, $lte: q.to },
    startAt: { $gt: deps.clock.now() },
    ...(auth?.kind === 'staff' ? {} : { heldBy: null }),
  })
    .sort({ startAt: 1 })
    .lean<SlotDoc[]>();
  return rows.map((s) => (auth?.kind === 'staff' ? slotView(s) : { ...slotView(s), heldBy: undefined }));
}

/**
 * Takes one seat. A blackout closes the slot to everyone; a hold keeps it for staff (an agent may still
 * book an urgent visit into it), so the guard names what the caller may take.
 */
async function takeSeat(
  deps: AppDeps,
  auth: Auth,
  slotId: string,
  accountArea: string,
  type: string,
): Promise<SlotDoc> {
  const slot = await SlotModel.findById(slotId).lean<SlotDoc>();
  if (!slot) throw errors.slotNotFound();
  if (slot.type !== type || !prefixes(accountArea).includes(slot.areaCode)) throw errors.slotMismatch();
  if (slot.startAt <= deps.clock.now()) throw errors.slotPast();
  const open = auth.kind === 'staff' ? { heldKind: { $ne: 'blackout' } } : { heldBy: null };
  if (slot.heldKind === 'blackout' || (slot.heldBy && auth.kind !== 'staff')) throw errors.slotHeld();
  const taken = await SlotModel.findOneAndUpdate(
    { _id: slotId, remaining: { $gt: 0 }, ...open },
    { $inc: { remaining: -1 } },
    { new: true },
  ).lean<SlotDoc>();
  if (!taken) throw errors.slotFull();
  return taken;
}

const releaseSeat = (slotId: string) => SlotModel.updateOne({ _id: slotId }, { $inc: { remaining: 1 } });

const reminderKey = (id: string, revision: number) => `appt:${id}:reminder:${revision}`;

/** The day before the visit at 18:00 Shanghai (or right away when booked later than that). */
async function scheduleReminder(
  deps: AppDeps,
  appt: { _id: unknown; orderNo: string; accountNo: string; startAt: Date; endAt: Date; revision: number },
  address: string,
) {
  const dayBefore = addDays(dayOf(appt.startAt), -1);
  const runAt = new Date(Math.max(atShanghai(dayBefore, '18:00').getTime(), deps.clock.now().getTime()));
  await enqueueMessage(
    {
      accountNo: appt.accountNo,
      event: 'appointmentReminder',
      data: {
        orderNo: appt.orderNo,
        startAt: appt.startAt.toISOString(),
        endAt: appt.endAt.toISOString(),
        address,
        note: '请保持电话畅通',
      },
      page: orderPage(appt.orderNo),
    },
    reminderKey(String(appt._id), appt.revision),
    { runAt },
  );
}

const cancelReminder = (id: string, revision: number) =>
  OutboxModel.updateOne(
    { dedupeKey: reminderKey(id, revision), status: 'pending' },
    { $set: { status: 'cancelled' } },
  );

type ApptDoc = {
  _id: unknown;
  slotId: string;
  orderNo: string;
  accountNo: string;
  startAt: Date;
  endAt: Date;
  label: string;
  status: 'booked' | 'cancelled' | 'done';
  revision: number;
};
const apptView = (a: ApptDoc) => ({
  id: String(a._id),
  orderNo: a.orderNo,
  slotId: a.slotId,
  startAt: a.startAt.toISOString(),
  endAt: a.endAt.toISOString(),
  label: a.label,
  status: a.status,
});

export async function book(deps: AppDeps, auth: Auth, body: z.infer<typeof T.BookAppointmentBody>) {
  const slot0 = await SlotModel.findById(body.slotId).lean<SlotDoc>();
  if (!slot0) throw errors.slotNotFound();
  const existing = body.orderNo ? await findAccessibleOrder(auth, body.orderNo) : undefined;
  if (existing && existing.state !== 'open') throw errors.orderNotOpenForBooking();
  if (existing?.appointmentId) throw errors.alreadyBooked();
  if (!existing && !body.accountNo)
    throw errors.validation([{ path: 'body.accountNo', message: '请提供户号或工单号' }]);
  const account = await findAccessibleAccount(auth, existing?.accountNo ?? body.accountNo!, 'workOrders');
  const slot = await takeSeat(deps, auth, body.slotId, account.areaCode, existing?.type ?? slot0.type);
  try {
    await refuseTooManyOpenBookings(deps, account.accountNo);
    const appt = new AppointmentModel({
      slotId: body.slotId,
      accountNo: account.accountNo,
      startAt: slot.startAt,
      endAt: slot.endAt,
      label: slotView(slot).label,
      bookedBy:
        auth.kind === 'resident'
          ? { kind: 'resident', id: auth.userId }
          : { kind: 'staff', id: auth.staffId },
    });
    let orderNo = existing?.orderNo;
    let address = existing?.address ?? '';
    if (!existing) {
      const { order } = await createWorkOrder(deps, auth, {
        accountNo: account.accountNo,
        type: slot.type as T.WorkOrderType,
        category: body.category ?? 'other',
        description: body.description ?? `预约上门:${slotView(slot).label}`,
        photos: [],
        contactPhone: body.contactPhone,
        urgency: 'normal',
        appointment: { id: String(appt._id), startAt: slot.startAt, endAt: slot.endAt },
      });
      orderNo = order.orderNo;
      address = order.address;
    } else {
      await WorkOrderModel.updateOne(
        { orderNo: existing.orderNo },
        {
          $set: {
            appointmentId: String(appt._id),
            appointmentStartAt: slot.startAt,
            appointmentEndAt: slot.endAt,
          },
          $inc: { seq: 1 },
        },
      );
    }
    appt.set('orderNo', orderNo);
    await appt.save();
    await scheduleReminder(deps, appt.toObject() as ApptDoc, address);
    return apptView(appt.toObject() as ApptDoc);
  } catch (e) {
    await releaseSeat(body.slotId);
    throw e;
  }
}

/** Booked visits still ahead for one account: more than this and the next booking is refused (a held slot is a visit someone else cannot book). */
async function refuseTooManyOpenBookings(deps: AppDeps, accountNo: string): Promise<void> {
  const max = deps.config.MAX_OPEN_BOOKINGS_PER_ACCOUNT;
  const open = await AppointmentModel.countDocuments({
    accountNo,
    status: 'booked',
    endAt: { $gt: deps.clock.now() },
  });
  if (open >= max) throw errors.tooManyOpenBookings(open);
}

/** Someone else's booking, or one made before the resident's binding began, is "not found". */
async function findAccessibleAppointment(auth: Auth, id: string): Promise<ApptDoc> {
  const a = await AppointmentModel.findById(id).lean<
    ApptDoc & { createdAt?: Date; bookedBy?: { kind?: string; id?: string } }
  >();
  if (!a) throw errors.appointmentNotFound();
  await findAccessibleAccount(auth, a.accountNo, 'workOrders').catch(() => {
    throw errors.appointmentNotFound();
  });
  if (auth.kind === 'resident' && a.bookedBy?.id !== auth.userId) {
    const binding = (await currentBindings(auth.userId)).find((b) => b.accountNo === a.accountNo);
    if (!binding || (a.createdAt ?? new Date(0)) < binding.since) throw errors.appointmentNotFound();
  }
  return a;
}

export async function cancel(deps: AppDeps, auth: Auth, id: string) {
  const a = await findAccessibleAppointment(auth, id);
  const done = await AppointmentModel.findOneAndUpdate(
    { _id: id, status: 'booked' },
    { $set: { status: 'cancelled' } },
    { new: true },
  ).lean<ApptDoc>();
  if (!done) throw errors.appointmentNotActive();
  await releaseSeat(a.slotId);
  await cancelReminder(id, a.revision);
  await WorkOrderModel.updateOne(
    { orderNo: a.orderNo, appointmentId: id },
    { $unset: { appointmentId: 1, appointmentStartAt: 1, appointmentEndAt: 1 }, $inc: { seq: 1 } },
  );
  return apptView(done);
}

export async function reschedule(deps: AppDeps, auth: Auth, id: string, slotId: string) {
  const a = await findAccessibleAppointment(auth, id);
  if (a.status !== 'booked') throw errors.appointmentNotActive();
  if (a.slotId === slotId) return apptView(a);
  const order = await WorkOrderModel.findOne({ orderNo: a.orderNo }).lean();
  const account = await findAccessibleAccount(auth, a.accountNo, 'workOrders');
  const slot = await takeSeat(deps, auth, slotId, account.areaCode, order?.type ?? '');
  const moved = await AppointmentModel.findOneAndUpdate(
    { _id: id, status: 'booked', revision: a.revision },
    {
      $set: { slotId, startAt: slot.startAt, endAt: slot.endAt, label: slotView(slot).label },
      $inc: { revision: 1 },
    },
    { new: true },
  ).lean<ApptDoc>();
  if (!moved) {
    await releaseSeat(slotId);
    throw errors.appointmentChanged();
  }
  await releaseSeat(a.slotId);
  await cancelReminder(id, a.revision);
  await scheduleReminder(deps, moved, order?.address ?? '');
  await WorkOrderModel.updateOne(
    { orderNo: a.orderNo },
    { $set: { appointmentStartAt: slot.startAt, appointmentEndAt: slot.endAt }, $inc: { seq: 1 } },
  );
  return apptView(moved);
}
