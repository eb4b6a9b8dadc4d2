/** Staff endpoint for the area tree (notice composer, filters, slot areas). */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { listAreas } from './areas.service';

export const areaRoutes = (_deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/areas',
      {
        operationId: 'listAreas',
        summary: '区域树(区/小区/楼栋)及户数',
        tags: ['customers'],
        access: access.staff('operator', 'dispatcher', 'supervisor', 'manager', 'admin', 'agent'),
        query: T.AreaQuery,
        response: T.AreaTree,
      },
      ({ query }) => listAreas(query),
    );
  });
