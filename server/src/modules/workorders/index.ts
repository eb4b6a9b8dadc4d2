/**
 * Work orders: the feature's public face. Sub-domains live in folders:
 *   orders/        the order, its state machine (engine), resident and staff views, notifications
 *   sla/           SLA clocks, the sweep job, escalations
 *   dispatch/      rule-driven dispatch and technician load
 *   appointments/  slots and bookings
 *   inspections/   安检 plans and their cycles
 *   ratings/       ratings and the 回访 tasks a poor rating opens
 *   config/        node sequences, SLA policies, business calendars, dispatch rules (admin)
 *   external/      the gateway to a utility's own field-service system
 * Other features import only from this file.
 */
import type { Feature } from '../../platform/feature';
import { appointmentRoutes } from './appointments/appointment.routes';
import { configRoutes } from './config/config.routes';
import { externalRoutes } from './external/external.routes';
import { EXTERNAL_PUSH, pushToExternal } from './external/gateway';
import { inspectionRoutes } from './inspections/inspection.routes';
import { INSPECTION_RUN, runDueInspectionPlans } from './inspections/inspection.service';
import { workOrderRoutes } from './orders/workorder.routes';
import { ratingRoutes } from './ratings/rating.routes';
import { escalationRoutes } from './sla/escalation.routes';
import { ESCALATION_NOTIFY, notifyEscalationJob } from './sla/escalation.service';
import { SLA_SWEEP, slaSweepJob } from './sla/slaJob';

export const workOrdersFeature: Feature = {
  name: 'workorders',
  routes: (deps) => [
    ...workOrderRoutes(deps),
    ...ratingRoutes(deps),
    ...escalationRoutes(deps),
    ...inspectionRoutes(deps),
    ...appointmentRoutes(deps),
    ...configRoutes(deps),
    ...externalRoutes(deps),
  ],
  jobs: (deps) => ({
    [SLA_SWEEP]: slaSweepJob(deps),
    [EXTERNAL_PUSH]: pushToExternal(deps),
    [INSPECTION_RUN]: async () => runDueInspectionPlans(deps),
    [ESCALATION_NOTIFY]: notifyEscalationJob(deps),
  }),
  schedules: () => ({ [SLA_SWEEP]: 30_000, [INSPECTION_RUN]: 6 * 3600_000 }),
};

export { onWorkOrderTransition } from './orders/engine';
export { createWorkOrder } from './orders/workorder.service';
export { installWorkOrderDefaults } from './config/configs';
