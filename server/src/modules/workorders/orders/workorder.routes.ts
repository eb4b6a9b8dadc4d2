/** Resident and staff endpoints for orders: create, read, list, transition, the staff board. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { createForCaller, getOrder, listForStaff, listMine, transitionOrder } from './workorder.service';

export const workOrderRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/work-orders',
      {
        operationId: 'createWorkOrder',
        summary: '提交工单(报修/报装/安检...)',
        description:
          'Residents for an account bound to them; agents for any customer. A gas leak is always 紧急 and the answer carries the emergency instructions and hotline.',
        tags: ['workorders'],
        access: access.residentOrStaff('agent', 'dispatcher', 'supervisor', 'admin'),
        body: T.CreateWorkOrderBody,
        response: T.CreatedWorkOrder,
        status: 201,
        errors: { 404: '户号不存在' },
      },
      ({ auth, body }) => createForCaller(deps, auth!, body),
    );
    r.get(
      '/api/work-orders',
      {
        operationId: 'listMyWorkOrders',
        summary: '我的工单',
        tags: ['workorders'],
        access: access.resident,
        query: T.ListMyWorkOrdersQuery,
        response: T.WorkOrderViewPage,
      },
      ({ auth, query }) => listMine(deps, auth.userId, query),
    );
    r.get(
      '/api/work-orders/:orderNo',
      {
        operationId: 'getWorkOrder',
        summary: '工单详情与进度',
        description:
          'Residents get the plain-Chinese timeline (WorkOrder); staff get StaffWorkOrder with SLA clocks and history.',
        tags: ['workorders'],
        access: access.residentOrStaff(),
        params: T.OrderNoParams,
        response: T.WorkOrderDetail,
        errors: { 404: '工单不存在' },
      },
      ({ auth, params }) => getOrder(deps, auth!, params.orderNo),
    );
    r.post(
      '/api/work-orders/:orderNo/transitions',
      {
        operationId: 'transitionWorkOrder',
        summary: '工单流转(派单/接单/出发/到场/完工/取消...)',
        description:
          'Allowed actions and roles follow the order type’s node configuration. 403: wrong role; 409: not allowed in the current node.',
        tags: ['workorders'],
        access: access.residentOrStaff(),
        params: T.OrderNoParams,
        body: T.TransitionBody,
        response: T.WorkOrderDetail,
        errors: { 404: '工单不存在', 409: '当前状态不允许', 422: '业务规则不允许' },
      },
      ({ auth, params, body }) => transitionOrder(deps, auth!, params.orderNo, body),
    );
    r.get(
      '/api/staff/work-orders',
      {
        operationId: 'listWorkOrders',
        summary: '工单看板(筛选、SLA 倒计时、待派单队列)',
        description:
          '顺序:处理中的在前,其中时限最近的在前、未在计时的(挂起等)在后;其次已办结、已关闭、已取消;同等时新建的在前。',
        tags: ['workorders'],
        access: access.staff('agent', 'dispatcher', 'technician', 'supervisor', 'manager', 'admin'),
        query: T.ListStaffWorkOrdersQuery,
        response: T.StaffWorkOrderPage,
      },
      ({ auth, query }) => listForStaff(deps, auth as StaffAuth, query),
    );
  });
