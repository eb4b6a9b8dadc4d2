/** Booking capacity endpoints: slot templates, generation, holds and blackouts, a slot's capacity. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { auditBy } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import {
  createSlotHold,
  createSlotTemplate,
  deleteSlotHold,
  deleteSlotTemplate,
  generateSlots,
  listSlotHolds,
  listSlotTemplates,
  setSlotCapacity,
  updateSlotTemplate,
} from './capacity.service';

const PLANNERS = ['supervisor', 'admin'] as const;
const DESK = ['dispatcher', 'supervisor', 'admin'] as const;

export const capacityRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const by = (auth: StaffAuth, requestId: string | undefined) => auditBy(auth, requestId, deps.clock.now());
    r.get(
      '/api/slot-templates',
      {
        operationId: 'listSlotTemplates',
        summary: '排班模板(每片区、每类业务的上午/下午名额)',
        tags: ['appointments'],
        access: access.staff(...DESK),
        response: T.z.array(T.SlotTemplate),
      },
      ({ auth }) => listSlotTemplates(auth),
    );
    r.post(
      '/api/slot-templates',
      {
        operationId: 'createSlotTemplate',
        summary: '新建排班模板',
        tags: ['appointments'],
        access: access.staff(...PLANNERS),
        body: T.SlotTemplateBody,
        response: T.SlotTemplate,
        status: 201,
        errors: { 403: '不在您负责的片区', 409: '该片区此类业务已有模板' },
      },
      ({ auth, body, ctx }) => createSlotTemplate(auth, body, by(auth, ctx.state.requestId)),
    );
    r.put(
      '/api/slot-templates/:id',
      {
        operationId: 'updateSlotTemplate',
        summary: '修改排班模板(已生成的时段不变)',
        tags: ['appointments'],
        access: access.staff(...PLANNERS),
        params: T.SlotTemplateParams,
        body: T.SlotTemplateBody,
        response: T.SlotTemplate,
        errors: { 404: '模板不存在', 409: '该片区此类业务已有模板' },
      },
      ({ auth, params, body, ctx }) =>
        updateSlotTemplate(auth, params.id, body, by(auth, ctx.state.requestId)),
    );
    r.delete(
      '/api/slot-templates/:id',
      {
        operationId: 'deleteSlotTemplate',
        summary: '删除排班模板(已生成的时段和预约保留)',
        tags: ['appointments'],
        access: access.staff(...PLANNERS),
        params: T.SlotTemplateParams,
        response: T.SlotTemplate,
        errors: { 404: '模板不存在' },
      },
      ({ auth, params, ctx }) => deleteSlotTemplate(auth, params.id, by(auth, ctx.state.requestId)),
    );
    r.post(
      '/api/slots/generate',
      {
        operationId: 'generateSlots',
        summary: '按排班模板和节假日安排生成未来的预约时段(每日自动运行;重复运行不变)',
        tags: ['appointments'],
        access: access.staff(...PLANNERS),
        body: T.GenerateSlotsBody,
        response: T.GenerateSlotsResult,
      },
      ({ auth, body, ctx }) => generateSlots(deps, body.days, by(auth, ctx.state.requestId)),
    );
    r.put(
      '/api/slots/:id/capacity',
      {
        operationId: 'setSlotCapacity',
        summary: '修改时段容量(不能低于已约数)',
        tags: ['appointments'],
        access: access.staff(...DESK),
        params: T.SlotParams,
        body: T.SlotCapacityBody,
        response: T.Slot,
        errors: { 404: '时段不存在', 409: '时段刚被修改', 422: '容量低于已约数或时段已过' },
      },
      ({ auth, params, body, ctx }) =>
        setSlotCapacity(deps, auth, params.id, body.capacity, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/slot-holds',
      {
        operationId: 'listSlotHolds',
        summary: '预留与停约(未结束的)',
        tags: ['appointments'],
        access: access.staff(...DESK),
        response: T.z.array(T.SlotHold),
      },
      ({ auth }) => listSlotHolds(deps, auth),
    );
    r.post(
      '/api/slot-holds',
      {
        operationId: 'createSlotHold',
        summary: '预留或停约时段(停气、节假日等;已约的预约保留并列出)',
        tags: ['appointments'],
        access: access.staff(...DESK),
        body: T.SlotHoldBody,
        response: T.SlotHold,
        status: 201,
        errors: { 403: '不在您负责的片区' },
      },
      ({ auth, body, ctx }) => createSlotHold(auth, body, by(auth, ctx.state.requestId)),
    );
    r.delete(
      '/api/slot-holds/:id',
      {
        operationId: 'deleteSlotHold',
        summary: '解除预留或停约',
        tags: ['appointments'],
        access: access.staff(...DESK),
        params: T.SlotHoldParams,
        response: T.SlotHold,
        errors: { 404: '不存在' },
      },
      ({ auth, params, ctx }) => deleteSlotHold(auth, params.id, by(auth, ctx.state.requestId)),
    );
  });
