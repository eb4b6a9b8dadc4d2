/** Inspection (安检) plans: create, run a cycle, completion by area. */
import type { StaffAuth } from '../../../platform/auth/auth';
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { access, collectRoutes } from '../../../platform/http/route';
import { completion, createPlan, listPlans, runPlan, updatePlan } from './inspection.service';

export const inspectionRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/inspection-plans',
      {
        operationId: 'listInspectionPlans',
        summary: '安检计划',
        tags: ['inspections'],
        access: access.staff('supervisor', 'manager', 'admin'),
        response: z.array(T.InspectionPlan),
      },
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
      ({ auth, body, ctx }) => createPlan(deps, auth as StaffAuth, body, ctx.state.requestId),
    );
    r.patch(
      '/api/inspection-plans/:id',
      {
        operationId: 'updateInspectionPlan',
        summary: '修改安检计划(周期、最多上门次数、启停、下次执行日期)',
        tags: ['inspections'],
        access: access.staff('supervisor', 'admin'),
        params: T.AppointmentParams,
        body: T.UpdateInspectionPlanBody,
        response: T.InspectionPlan,
        errors: { 404: '计划不存在' },
      },
      ({ auth, params, body, ctx }) =>
        updatePlan(deps, auth as StaffAuth, params.id, body, ctx.state.requestId),
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
      ({ auth, params, ctx }) => runPlan(deps, params.id, auth as StaffAuth, ctx.state.requestId),
    );
    r.get(
      '/api/inspection-plans/:id/completion',
      {
        operationId: 'getInspectionCompletion',
        summary: '安检完成率(按片区)',
        tags: ['inspections'],
        access: access.staff('supervisor', 'manager', 'admin'),
        params: T.AppointmentParams,
        query: T.InspectionCompletionQuery,
        response: T.InspectionCompletion,
        errors: { 404: '计划不存在' },
      },
      ({ auth, params, query }) => completion(params.id, query.cycle, auth as StaffAuth),
    );
  });
