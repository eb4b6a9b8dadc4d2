/** Collection staff: arrears by area and the collection rate. */
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import type { StaffAuth } from '../../platform/auth/auth';
import { access, collectRoutes } from '../../platform/http/route';
import { collectionRate, listArrears } from './arrears.service';

const COLLECTORS = ['agent', 'supervisor', 'operator', 'manager', 'admin'] as const;

export const arrearsRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/staff/arrears',
      {
        operationId: 'listArrears',
        summary: '欠费清单(按片区)',
        tags: ['billing'],
        access: access.staff(...COLLECTORS),
        query: T.ArrearsQuery,
        response: T.ArrearsList,
      },
      ({ auth, query }) => listArrears(deps, auth as StaffAuth, query),
    );
    r.get(
      '/api/staff/collection-rate',
      {
        operationId: 'getCollectionRate',
        summary: '回收率(按片区、账期)',
        tags: ['billing'],
        access: access.staff(...COLLECTORS),
        query: T.CollectionRateQuery,
        response: T.CollectionRate,
      },
      ({ auth, query }) => collectionRate(auth as StaffAuth, query),
    );
  });
