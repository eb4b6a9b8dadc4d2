/** Field work endpoints: my shift and position, the technicians board, area centres, materials, order work and costs. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import { auditBy } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { orderCostOrders, orderCostReport } from './orderCosts';
import { recordOrderWork } from './orderWork.service';
import { createMaterial, listMaterials, updateMaterial } from './materials.service';
import {
  deleteAreaCentre,
  listAreaCentres,
  myShift,
  putAreaCentre,
  reportMyPosition,
  setMyShift,
  technicianBoard,
} from './shift.service';

const DESK = ['dispatcher', 'supervisor', 'admin'] as const;

export const fieldRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    const by = (auth: StaffAuth, requestId: string | undefined) => auditBy(auth, requestId, deps.clock.now());
    r.get(
      '/api/staff/me/shift',
      {
        operationId: 'getMyShift',
        summary: '我的在班状态与位置',
        tags: ['field'],
        access: access.staff('technician'),
        response: T.MyShift,
      },
      ({ auth }) => myShift(auth),
    );
    r.put(
      '/api/staff/me/shift',
      {
        operationId: 'setMyShift',
        summary: '上班/下班(下班即清除位置)',
        tags: ['field'],
        access: access.staff('technician'),
        body: T.SetShiftBody,
        response: T.MyShift,
      },
      ({ auth, body, ctx }) => setMyShift(auth, body.onShift, by(auth, ctx.state.requestId)),
    );
    r.post(
      '/api/staff/me/position',
      {
        operationId: 'reportMyPosition',
        summary: '共享当前位置(仅在班时保存最新一次)',
        tags: ['field'],
        access: access.staff('technician'),
        body: T.ReportPositionBody,
        response: T.MyShift,
        errors: { 404: '工单不存在', 409: '不在班' },
      },
      ({ auth, body }) => reportMyPosition(deps, auth, body),
    );
    r.get(
      '/api/staff/technicians/board',
      {
        operationId: 'getTechnicianBoard',
        summary: '人员动态:本片区维修人员的在班状态、位置、在办工单和距离',
        tags: ['field'],
        access: access.staff(...DESK),
        query: T.TechnicianBoardQuery,
        response: T.TechnicianBoard,
        errors: { 404: '工单不存在' },
      },
      ({ auth, query }) => technicianBoard(deps, auth, query),
    );
    r.get(
      '/api/admin/area-centres',
      {
        operationId: 'listAreaCentres',
        summary: '片区中心点(派单测距用)',
        tags: ['field'],
        access: access.staff(...DESK),
        response: T.z.array(T.AreaCentre),
      },
      () => listAreaCentres(),
    );
    r.put(
      '/api/admin/area-centres',
      {
        operationId: 'putAreaCentre',
        summary: '设置片区中心点',
        tags: ['field'],
        access: access.staff('admin'),
        body: T.AreaCentreBody,
        response: T.AreaCentre,
      },
      ({ auth, body, ctx }) => putAreaCentre(body, by(auth, ctx.state.requestId)),
    );
    r.delete(
      '/api/admin/area-centres/:areaPrefix',
      {
        operationId: 'deleteAreaCentre',
        summary: '删除片区中心点',
        tags: ['field'],
        access: access.staff('admin'),
        params: T.AreaCentreParams,
        response: T.AreaCentre,
        errors: { 404: '不存在' },
      },
      ({ auth, params, ctx }) => deleteAreaCentre(params.areaPrefix, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/materials',
      {
        operationId: 'listMaterials',
        summary: '物料目录',
        tags: ['field'],
        access: access.staff('technician', ...DESK, 'manager'),
        response: T.z.array(T.CatalogueMaterial),
      },
      () => listMaterials(),
    );
    r.post(
      '/api/materials',
      {
        operationId: 'createMaterial',
        summary: '新增物料',
        tags: ['field'],
        access: access.staff('admin'),
        body: T.CatalogueMaterialBody,
        response: T.CatalogueMaterial,
        status: 201,
        errors: { 409: '编码已存在' },
      },
      ({ auth, body, ctx }) => createMaterial(body, by(auth, ctx.state.requestId)),
    );
    r.put(
      '/api/materials/:code',
      {
        operationId: 'updateMaterial',
        summary: '修改物料(单价只影响之后登记的工单)',
        tags: ['field'],
        access: access.staff('admin'),
        params: T.MaterialParams,
        body: T.CatalogueMaterialBody,
        response: T.CatalogueMaterial,
        errors: { 422: '物料不存在' },
      },
      ({ auth, params, body, ctx }) => updateMaterial(params.code, body, by(auth, ctx.state.requestId)),
    );
    r.put(
      '/api/work-orders/:orderNo/work',
      {
        operationId: 'recordOrderWork',
        summary: '登记工单用料(物料目录)与工时',
        tags: ['field'],
        access: access.staff('technician', ...DESK),
        params: T.OrderNoParams,
        body: T.RecordOrderWorkBody,
        response: T.OrderWork,
        errors: { 403: '非本人工单', 404: '工单不存在', 409: '工单刚被更新', 422: '物料不在目录中' },
      },
      ({ auth, params, body, ctx }) =>
        recordOrderWork(deps, auth, params.orderNo, body, by(auth, ctx.state.requestId)),
    );
    r.get(
      '/api/kpi/order-costs',
      {
        operationId: 'getOrderCosts',
        summary: '工单成本:按业务类型和片区的用料、工时与人工成本(工时 × 人工费率)',
        tags: ['field'],
        access: access.staff('supervisor', 'manager', 'admin'),
        query: T.OrderCostQuery,
        response: T.OrderCostReport,
        errors: { 403: '不在您负责的片区' },
      },
      ({ auth, query }) => orderCostReport(auth, query, deps.config),
    );
    r.get(
      '/api/kpi/order-costs/orders',
      {
        operationId: 'listOrderCostOrders',
        summary: '工单成本明细(下钻)',
        tags: ['field'],
        access: access.staff('supervisor', 'manager', 'admin'),
        query: T.OrderCostOrdersQuery,
        response: T.OrderCostOrders,
      },
      ({ auth, query }) => orderCostOrders(auth, query, deps.config),
    );
  });
