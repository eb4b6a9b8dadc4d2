/** 过户 / 销户: the resident's application, the supervisors' queue and their approval. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { applyForChange, approveChange, listChanges } from './accountChange.service';

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
      '/api/staff/account-changes',
      {
        operationId: 'listAccountChanges',
        summary: '过户/销户审批队列',
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
        summary: '审核通过过户/销户(出结算账单、变更户主或销户、作废旧绑定与一户一码)',
        tags: ['accountChanges'],
        access: access.staff('supervisor', 'admin'),
        params: T.OrderNoParams,
        body: T.ApproveAccountChangeBody,
        response: T.Ok,
        errors: { 404: '申请不存在', 409: '已审核', 422: '尚有欠费' },
      },
      ({ auth, params, body }) => approveChange(deps, auth, params.orderNo, body),
    );
  });
