/** 预约上门 endpoints. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { auditBy } from '../../../platform/audit';
import { access, collectRoutes } from '../../../platform/http/route';
import { book, cancel, createSlots, listSlots, reschedule } from './appointment.service';

export const appointmentRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/slots',
      {
        operationId: 'listSlots',
        summary: '可预约时段',
        tags: ['appointments'],
        access: access.residentOrStaff(),
        query: T.SlotQuery,
        response: T.z.array(T.Slot),
      },
      ({ auth, query }) => listSlots(deps, query, auth),
    );
    r.post(
      '/api/appointments',
      {
        operationId: 'bookAppointment',
        summary: '预约上门',
        description:
          'Takes one seat of the slot atomically (409 SLOT_FULL when none is left); creates the order, or links the given one.',
        tags: ['appointments'],
        access: access.residentOrStaff('agent', 'dispatcher', 'supervisor', 'admin'),
        body: T.BookAppointmentBody,
        response: T.Appointment,
        status: 201,
        errors: { 404: '时段或工单不存在', 409: '时段已约满', 422: '时段不适用' },
      },
      ({ auth, body }) => book(deps, auth!, body),
    );
    r.delete(
      '/api/appointments/:id',
      {
        operationId: 'cancelAppointment',
        summary: '取消预约',
        tags: ['appointments'],
        access: access.residentOrStaff('agent', 'dispatcher', 'supervisor', 'admin'),
        params: T.AppointmentParams,
        response: T.Appointment,
        errors: { 404: '预约不存在', 409: '预约已取消' },
      },
      ({ auth, params }) => cancel(deps, auth!, params.id),
    );
    r.post(
      '/api/appointments/:id/reschedule',
      {
        operationId: 'rescheduleAppointment',
        summary: '改约',
        tags: ['appointments'],
        access: access.residentOrStaff('agent', 'dispatcher', 'supervisor', 'admin'),
        params: T.AppointmentParams,
        body: T.RescheduleBody,
        response: T.Appointment,
        errors: {
          404: '预约或时段不存在',
          409: '时段已约满或暂停预约',
          422: '时段不适用于此地址或业务,或已过',
        },
      },
      ({ auth, params, body }) => reschedule(deps, auth!, params.id, body.slotId),
    );
    r.post(
      '/api/slots',
      {
        operationId: 'createSlots',
        summary: '生成预约时段(上午/下午)',
        tags: ['appointments'],
        access: access.staff('dispatcher', 'supervisor', 'admin'),
        body: T.CreateSlotsBody,
        response: T.CreateSlotsResult,
        status: 201,
      },
      async ({ body, auth, ctx }) => ({
        created: await createSlots(body, auditBy(auth, ctx.state.requestId, deps.clock.now())),
      }),
    );
  });
