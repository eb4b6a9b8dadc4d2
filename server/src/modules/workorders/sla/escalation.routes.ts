/** The escalations inbox: SLA breaches waiting for a supervisor. */
import * as T from '@portal/types';
import { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { access, collectRoutes } from '../../../platform/http/route';
import { acknowledge, listEscalations } from './escalation.service';

const IdParams = z.object({ id: z.string().min(1).max(120) });

export const escalationRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.get(
      '/api/escalations',
      {
        operationId: 'listEscalations',
        summary: '超时升级待办',
        tags: ['workorders'],
        access: access.staff('supervisor', 'dispatcher', 'manager', 'admin'),
        query: z.object({ open: z.enum(['true', 'false']).default('true') }),
        response: z.array(T.Escalation.extend({ id: z.string() })),
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
        params: IdParams,
        errors: { 404: '升级记录不存在' },
      },
      ({ params }) => acknowledge(deps, params.id),
    );
  });
