/** 隐患: the list, re-inspection (复查) and the statistics with overdue alerts. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { hazardStatsFor, listHazards, reinspectHazard } from './hazard.service';

export const hazardRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/hazards',
      {
        operationId: 'listHazards',
        summary: '隐患台账(按片区、状态、类别、是否逾期)',
        tags: ['inspections'],
        access: access.staff('technician', 'dispatcher', 'supervisor', 'manager', 'admin'),
        query: T.ListHazardsQuery,
        response: T.HazardPage,
      },
      ({ auth, query }) => listHazards(deps, auth as StaffAuth, query),
    );
    r.get(
      '/api/hazards/stats',
      {
        operationId: 'getHazardStats',
        summary: '隐患统计(按片区、客户类型、隐患类别)与逾期未整改预警',
        tags: ['inspections'],
        access: access.staff('dispatcher', 'supervisor', 'manager', 'admin'),
        query: T.HazardStatsQuery,
        response: T.HazardStats,
      },
      ({ auth, query }) => hazardStatsFor(deps, auth as StaffAuth, query),
    );
    r.post(
      '/api/hazards/:id/reinspections',
      {
        operationId: 'reinspectHazard',
        summary: '隐患复查:已整改销项,或未整改(可设新的整改期限)',
        tags: ['inspections'],
        access: access.staff('technician', 'supervisor', 'admin'),
        params: T.HazardParams,
        body: T.ReinspectHazardBody,
        response: T.Hazard,
        errors: { 404: '隐患不存在', 409: '隐患已整改销项' },
      },
      ({ auth, params, body, ctx }) =>
        reinspectHazard(deps, auth as StaffAuth, params.id, body, ctx.state.requestId),
    );
  });
