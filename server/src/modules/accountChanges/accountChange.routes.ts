/** 开户 / 过户 / 销户: the resident's application, the supervisors' queue, their approval or rejection. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { applyForChange, approveChange, listChanges, rejectChange } from './accountChange.service';
import { applyForOpening, listOpeningAreas } from './opening.service';

export const accountChangeRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/account-changes',
      {
        operationId: 'applyAccountChange',
        summary: '申请过户/销户(证件照、房产证或租赁合同、新户主、交接读数)',
        tags: ['accountChanges'],
        access: access.resident,
        body: T.ApplyAccountChangeBody,
        response: T.AccountChangeCreated,
        status: 201,
        errors: { 404: '户号不存在', 409: '已有办理中的申请', 422: '读数小于上次读数' },
      },
      ({ auth, body }) => applyForChange(deps, auth, body),
    );
    r.get(
      '/api/account-openings/areas',
      {
        operationId: 'listOpeningAreas',
        summary: '可申请开户的小区',
        tags: ['accountChanges'],
        access: access.resident,
        response: T.OpeningAreaList,
      },
      () => listOpeningAreas(),
    );
    r.post(
      '/api/account-openings',
      {
        operationId: 'applyAccountOpening',
        summary: '申请开户(地址、户主、身份证照片、房产证或租赁合同)',
        tags: ['accountChanges'],
        access: access.resident,
        body: T.ApplyAccountOpeningBody,
        response: T.AccountChangeCreated,
        status: 201,
        errors: { 404: '照片不存在', 409: '该地址已开户或已有办理中的申请', 422: '小区不在供应范围内' },
      },
      ({ auth, body }) => applyForOpening(deps, auth, body),
    );
    r.get(
      '/api/staff/account-changes',
      {
        operationId: 'listAccountChanges',
        summary: '开户/过户/销户审批队列',
        tags: ['accountChanges'],
        access: access.staff('agent', 'supervisor', 'admin'),
        query: T.ListAccountChangesQuery,
        response: T.AccountChangeList,
      },
      ({ auth, query }) => listChanges(deps, auth, query),
    );
    r.post(
      '/api/staff/account-changes/:orderNo/approve',
      {
        operationId: 'approveAccountChange',
        summary:
          '审核通过开户/过户/销户(开户:建户、绑定户主、派点火通气工单;过户/销户:结算账单、变更户主或销户、退还余额)',
        tags: ['accountChanges'],
        access: access.staff('supervisor', 'admin'),
        params: T.OrderNoParams,
        body: T.ApproveAccountChangeBody,
        response: T.Ok,
        errors: { 404: '申请不存在', 409: '已审核', 422: '尚有欠费' },
      },
      ({ auth, params, body }) => approveChange(deps, auth, params.orderNo, body),
    );
    r.post(
      '/api/staff/account-changes/:orderNo/reject',
      {
        operationId: 'rejectAccountChange',
        summary: '审核不通过开户/过户/销户申请(注明原因,居民可见)',
        tags: ['accountChanges'],
        access: access.staff('supervisor', 'admin'),
        params: T.OrderNoParams,
        body: T.RejectAccountChangeBody,
        response: T.Ok,
        errors: { 404: '申请不存在', 409: '已审核' },
      },
      ({ auth, params, body }) => rejectChange(deps, auth, params.orderNo, body),
    );
  });
