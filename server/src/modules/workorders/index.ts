/** Work orders: orders and their state machine, dispatch, SLA, appointments, inspections, ratings, external gateway. */
import type { Feature } from '../../platform/feature';
import { adminRoutes } from './admin.routes';
import { appointmentRoutes } from './appointment.routes';
import { ESCALATION_NOTIFY, notifyEscalationJob } from './escalation.service';
import { externalRoutes } from './external/external.routes';
import { EXTERNAL_PUSH, pushToExternal } from './external/gateway';
import { INSPECTION_RUN, runDueInspectionPlans } from './inspection.service';
import { OCCUPANCY_SWEEP, occupancySweepJob } from './occupancy';
import { serviceRoutes } from './service.routes';
import { SLA_SWEEP, slaSweepJob } from './slaJob';
import { workOrderRoutes } from './workorder.routes';

export const workOrdersFeature: Feature = {
  name: 'workorders',
  routes: (deps) => [...workOrderRoutes(deps), ...serviceRoutes(deps), ...appointmentRoutes(deps), ...adminRoutes(deps), ...externalRoutes(deps)],
  jobs: (deps) => ({
    [SLA_SWEEP]: slaSweepJob(deps),
    [EXTERNAL_PUSH]: pushToExternal(deps),
    [INSPECTION_RUN]: async () => runDueInspectionPlans(deps),
    [ESCALATION_NOTIFY]: notifyEscalationJob(deps),
    [OCCUPANCY_SWEEP]: occupancySweepJob(deps),
  }),
  schedules: () => ({ [SLA_SWEEP]: 30_000, [INSPECTION_RUN]: 6 * 3600_000, [OCCUPANCY_SWEEP]: 5 * 60_000 }),
};

export { onWorkOrderTransition } from './engine';
export { createWorkOrder } from './workorder.service';
export { installWorkOrderDefaults } from './configs';
