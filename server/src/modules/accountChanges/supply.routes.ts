/** 报停 / 复供: the resident's application and supply state, the supervisors' queue and decisions. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import {
  applyForSupplyChange,
  approveSupplyChange,
  listSupplyChanges,
  rejectSupplyChange,
  supplyStateOf,
} from './supply.service';

export const supplyRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/supply-changes',
      {
        operationId: 'applySupplyChange',
        summary: '申请报停/复供(供热按供暖季报停,燃气/水暂停供应;复供须填开阀读数)',
        tags: ['accountChanges'],
        access: access.resident,
        body: T.ApplySupplyChangeBody,
        response: T.SupplyChangeCreated,
        status: 201,
        errors: {
          404: '户号不存在',
          409: '已有办理中的申请',
          422: '已过报停截止日期、已报停或未报停、读数小于上次读数',
        },
      },
      ({ auth, body }) => applyForSupplyChange(deps, auth, body),
    );
    r.get(
      '/api/accounts/:accountNo/supply',
      {
        operationId: 'getSupplyState',
        summary: '户号供应状态(正常 / 已报停)与办理中的报停/复供申请',
        tags: ['accountChanges'],
        access: access.resident,
        params: T.AccountNoParams,
        response: T.SupplyState,
        errors: { 404: '户号不存在' },
      },
      ({ auth, params }) => supplyStateOf(deps, auth, params.accountNo),
    );
    r.get(
      '/api/staff/supply-changes',
      {
        operationId: 'listSupplyChanges',
        summary: '报停/复供审批队列',
        tags: ['accountChanges'],
        access: access.staff('agent', 'supervisor', 'admin'),
        query: T.ListSupplyChangesQuery,
        response: T.SupplyChangeList,
      },
      ({ auth, query }) => listSupplyChanges(auth, query),
    );
    r.post(
      '/api/staff/supply-changes/:orderNo/approve',
      {
        operationId: 'approveSupplyChange',
        summary: '审核通过报停/复供(派关阀/开阀上门工单,变更供应状态与计费)',
        tags: ['accountChanges'],
        access: access.staff('supervisor', 'admin'),
        params: T.OrderNoParams,
        body: T.ApproveSupplyChangeBody,
        response: T.Ok,
        errors: { 404: '申请不存在', 409: '已审核' },
      },
      ({ auth, params, body }) => approveSupplyChange(deps, auth, params.orderNo, body),
    );
    r.post(
      '/api/staff/supply-changes/:orderNo/reject',
      {
        operationId: 'rejectSupplyChange',
        summary: '驳回报停/复供申请(居民可见驳回原因)',
        tags: ['accountChanges'],
        access: access.staff('supervisor', 'admin'),
        params: T.OrderNoParams,
        body: T.RejectSupplyChangeBody,
        response: T.Ok,
        errors: { 404: '申请不存在', 409: '已审核' },
      },
      ({ auth, params, body }) => rejectSupplyChange(deps, auth, params.orderNo, body),
    );
  });
