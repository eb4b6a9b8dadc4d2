/** Ratings, 回访 tasks, the escalations inbox and inspection plans. */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { acknowledge, listEscalations } from './escalation.service';
import { completion, createPlan, listPlans, runPlan } from './inspection.service';
import { completeFollowUp, listFollowUps, rate } from './rating.service';

const IdParams = z.object({ id: z.string().min(1).max(120) });

export const serviceRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/work-orders/:orderNo/rating',
      {
        operationId: 'rateWorkOrder',
        summary: '评价服务',
        description: '1–5 stars with tags and a comment, once per completion. 2 stars or less opens a 回访 task and reopens the order.',
        tags: ['workorders'],
        access: access.resident,
        params: T.OrderNoParams,
        body: T.RateBody,
        response: T.WorkOrderView,
        errors: { 404: '工单不存在', 409: '当前不能评价' },
      },
      ({ auth, params, body }) => rate(deps, auth, params.orderNo, body),
    );
    r.get(
      '/api/follow-ups',
      {
        operationId: 'listFollowUps',
        summary: '回访任务',
        tags: ['workorders'],
        access: access.staff('agent', 'supervisor', 'admin'),
        query: z.object({ status: z.enum(['open', 'done']).default('open') }),
        response: z.array(T.FollowUpTask),
      },
      ({ auth, query }) => listFollowUps(auth as StaffAuth, query.status),
    );
    r.post(
      '/api/follow-ups/:id/complete',
      {
        operationId: 'completeFollowUp',
        summary: '完成回访',
        tags: ['workorders'],
        access: access.staff('agent', 'supervisor', 'admin'),
        params: IdParams,
        body: T.CompleteFollowUpBody,
        response: T.FollowUpTask,
        errors: { 404: '回访任务不存在或已完成' },
      },
      ({ auth, params, body }) => completeFollowUp(deps, auth as StaffAuth, params.id, body),
    );
    r.get(
      '/api/escalations',
      {
        operationId: 'listEscalations',
        summary: '超时升级待办',
        tags: ['workorders'],
        access: access.staff('supervisor', 'dispatcher', 'manager', 'admin'),
        query: z.object({ open: z.enum(['true', 'false']).default('true') }),
        response: z.array(T.Escalation.extend({ id: z.string() })),
      },
      ({ auth, query }) => listEscalations(auth as StaffAuth, query.open === 'true'),
    );
    r.post(
      '/api/escalations/:id/acknowledge',
      {
        operationId: 'acknowledgeEscalation',
        summary: '确认升级',
        tags: ['workorders'],
        access: access.staff('supervisor', 'dispatcher', 'manager', 'admin'),
        params: IdParams,
        errors: { 404: '升级记录不存在', 409: '已确认' },
      },
      ({ auth, params }) => acknowledge(deps, auth as StaffAuth, params.id),
    );
    r.get(
      '/api/inspection-plans',
      { operationId: 'listInspectionPlans', summary: '安检计划', tags: ['inspections'], access: access.staff('supervisor', 'manager', 'admin'), response: z.array(T.InspectionPlan) },
      ({ auth }) => listPlans(auth as StaffAuth),
    );
    r.post(
      '/api/inspection-plans',
      {
        operationId: 'createInspectionPlan',
        summary: '新建安检计划',
        tags: ['inspections'],
        access: access.staff('supervisor', 'admin'),
        body: T.InspectionPlanBody,
        response: T.InspectionPlan,
        status: 201,
      },
      ({ auth, body }) => createPlan(deps, auth as StaffAuth, body),
    );
    r.post(
      '/api/inspection-plans/:id/run',
      {
        operationId: 'runInspectionPlan',
        summary: '生成本轮安检工单',
        tags: ['inspections'],
        access: access.staff('supervisor', 'admin'),
        params: T.AppointmentParams,
        response: T.InspectionRun,
        errors: { 404: '计划不存在' },
      },
      ({ auth, params }) => runPlan(deps, params.id, auth as StaffAuth),
    );
    r.get(
      '/api/inspection-plans/:id/completion',
      {
        operationId: 'getInspectionCompletion',
        summary: '安检完成率(按片区)',
        tags: ['inspections'],
        access: access.staff('supervisor', 'manager', 'admin'),
        params: T.AppointmentParams,
        query: z.object({ cycle: z.coerce.number().int().min(1).optional() }),
        response: T.InspectionCompletion,
        errors: { 404: '计划不存在' },
      },
      ({ auth, params, query }) => completion(params.id, query.cycle, auth as StaffAuth),
    );
  });
