/** The technician's inspection form, the checklist templates behind it, and the unreachable follow-up list. */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { listChecklists, replaceChecklist } from './checklist.service';
import { getInspectionRecord, submitInspection } from './inspectionForm.service';
import { listUnreachable, recordUnreachableFollowUp } from './unreachable.service';

export const inspectionFormRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/inspection-checklists',
      {
        operationId: 'listInspectionChecklists',
        summary: '安检检查清单(按行业)',
        tags: ['inspections'],
        access: access.staff('technician', 'dispatcher', 'supervisor', 'manager', 'admin'),
        response: z.array(T.ChecklistTemplate),
      },
      () => listChecklists(),
    );
    r.put(
      '/api/inspection-checklists/:utility',
      {
        operationId: 'replaceInspectionChecklist',
        summary: '修改安检检查清单',
        tags: ['inspections'],
        access: access.staff('admin'),
        params: T.ChecklistParams,
        body: T.ChecklistTemplateBody,
        response: T.ChecklistTemplate,
      },
      ({ auth, params, body, ctx }) =>
        replaceChecklist(deps, auth as StaffAuth, params.utility, body, ctx.state.requestId),
    );
    r.post(
      '/api/work-orders/:orderNo/inspection',
      {
        operationId: 'submitInspection',
        summary: '提交入户安检记录(检查清单、读数、照片、签字、隐患)并完工',
        description:
          'The assigned technician, at the 安检 node. Every checklist item of the utility answered once; hazards need a rectification day from today on. A retry replaces the record and its hazards.',
        tags: ['inspections'],
        access: access.staff('technician'),
        params: T.InspectionOrderParams,
        body: T.SubmitInspectionBody,
        response: T.SubmitInspectionResult,
        errors: { 404: '工单不存在', 409: '当前状态不允许', 422: '不是安检工单' },
      },
      ({ auth, params, body, ctx }) =>
        submitInspection(deps, auth as StaffAuth, params.orderNo, body, ctx.state.requestId),
    );
    r.get(
      '/api/work-orders/:orderNo/inspection',
      {
        operationId: 'getInspectionRecord',
        summary: '安检记录',
        tags: ['inspections'],
        access: access.staff('agent', 'technician', 'dispatcher', 'supervisor', 'manager', 'admin'),
        params: T.InspectionOrderParams,
        response: T.InspectionRecord,
        errors: { 404: '工单或安检记录不存在', 422: '不是安检工单' },
      },
      ({ auth, params }) => getInspectionRecord(deps, auth as StaffAuth, params.orderNo),
    );
    r.get(
      '/api/inspections/unreachable',
      {
        operationId: 'listUnreachableHouseholds',
        summary: '多次上门未遇的安检户(待回访)',
        tags: ['inspections'],
        access: access.staff('agent', 'dispatcher', 'supervisor', 'admin'),
        query: T.ListUnreachableQuery,
        response: T.UnreachablePage,
      },
      ({ auth, query }) => listUnreachable(deps, auth as StaffAuth, query),
    );
    r.post(
      '/api/inspections/unreachable/:orderNo/follow-up',
      {
        operationId: 'recordUnreachableFollowUp',
        summary: '登记未遇户的回访结果',
        tags: ['inspections'],
        access: access.staff('agent', 'dispatcher', 'supervisor', 'admin'),
        params: T.InspectionOrderParams,
        body: T.UnreachableFollowUpBody,
        response: T.UnreachableFollowUp,
        errors: { 404: '工单不存在或不是未遇户' },
      },
      ({ auth, params, body, ctx }) =>
        recordUnreachableFollowUp(deps, auth as StaffAuth, params.orderNo, body, ctx.state.requestId),
    );
  });
