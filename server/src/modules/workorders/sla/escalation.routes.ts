/** The escalations inbox: SLA breaches waiting for a supervisor. */
import * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { acknowledge, listEscalations } from './escalation.service';

export const escalationRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/escalations',
      {
        operationId: 'listEscalations',
        summary: '超时升级待办',
        tags: ['workorders'],
        access: access.staff('supervisor', 'dispatcher', 'manager', 'admin'),
        query: T.ListEscalationsQuery,
        response: T.EscalationList,
      },
      ({ auth, query }) => listEscalations(auth as StaffAuth, query.open === 'true'),
    );
    r.post(
      '/api/escalations/:id/acknowledge',
      {
        operationId: 'acknowledgeEscalation',
        summary: '确认升级',
        tags: ['workorders'],
        access: access.staff('supervisor', 'dispatcher', 'manager', 'admin'),
        params: T.TaskIdParams,
        errors: { 404: '升级记录不存在', 409: '已确认' },
      },
      ({ auth, params }) => acknowledge(deps, auth as StaffAuth, params.id),
    );
  });
