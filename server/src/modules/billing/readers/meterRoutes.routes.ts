/** 抄表区段: supervisors say who reads the meters of their areas (collection rate by meter reader and team). */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { deleteMeterRoute, listMeterRoutes, putMeterRoute } from './meterRoutes.service';

const KEEPERS = access.staff('supervisor', 'admin');

export const meterRouteRoutes = (_deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/meter-routes',
      {
        operationId: 'listMeterRoutes',
        summary: '抄表区段(片区 → 抄表员、班组)',
        tags: ['billing'],
        access: access.staff('supervisor', 'manager', 'admin'),
        response: z.array(T.MeterRoute),
      },
      ({ auth }) => listMeterRoutes(auth as StaffAuth),
    );
    r.put(
      '/api/staff/meter-routes/:areaPrefix',
      {
        operationId: 'putMeterRoute',
        summary: '设置片区的抄表员',
        tags: ['billing'],
        access: KEEPERS,
        params: T.AreaPrefixParams,
        body: T.PutMeterRouteBody,
        response: T.MeterRoute,
        errors: { 403: '不在您负责的片区' },
      },
      ({ auth, params, body, ctx }) =>
        putMeterRoute(auth as StaffAuth, params.areaPrefix, body, ctx.state.requestId),
    );
    r.delete(
      '/api/staff/meter-routes/:areaPrefix',
      {
        operationId: 'deleteMeterRoute',
        summary: '删除抄表区段',
        tags: ['billing'],
        access: KEEPERS,
        params: T.AreaPrefixParams,
        response: T.Ok,
        errors: { 404: '抄表区段不存在' },
      },
      async ({ auth, params, ctx }) => {
        await deleteMeterRoute(auth as StaffAuth, params.areaPrefix, ctx.state.requestId);
        return { ok: true as const };
      },
    );
  });
