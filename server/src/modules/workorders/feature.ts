/** Work orders as the app mounts them: routes of every sub-domain, the SLA sweep, external push, inspection runs, occupancy sweep, slot generation. */
import type { Feature } from '../../platform/feature';
import { appointmentRoutes } from './appointments/appointment.routes';
import { capacityRoutes } from './appointments/capacity.routes';
import { SLOT_GENERATE, slotGenerationJob } from './appointments/capacity.service';
import { configRoutes } from './config/config.routes';
import { externalRoutes } from './external/external.routes';
import {
  EXTERNAL_PUSH,
  EXTERNAL_REPAIR,
  EXTERNAL_REPAIR_EVERY_MS,
  pushToExternal,
  repairExternalPushes,
} from './external/gateway';
import { hazardRoutes } from './inspections/hazard.routes';
import { inspectionFormRoutes } from './inspections/inspectionForm.routes';
import { fieldRoutes } from './field/field.routes';
import { inspectionRoutes } from './inspections/inspection.routes';
import { INSPECTION_RUN, runDueInspectionPlans } from './inspections/inspection.service';
import { OCCUPANCY_SWEEP, occupancySweepJob } from './orders/occupancy';
import { workOrderRoutes } from './orders/workorder.routes';
import { fillListKeys } from './orders/listKeys';
import { ratingRoutes } from './ratings/rating.routes';
import { escalationRoutes } from './sla/escalation.routes';
import { ESCALATION_NOTIFY, notifyEscalationJob } from './sla/escalation.service';
import { NEW_ORDER_ALERT, newOrderAlertJob } from './orders/newOrderAlert';
import { SLA_SWEEP, slaSweepJob } from './sla/slaJob';

export const workOrdersFeature: Feature = {
  name: 'workorders',
  routes: (deps) => [
    ...workOrderRoutes(deps),
    ...ratingRoutes(deps),
    ...escalationRoutes(deps),
    ...inspectionRoutes(deps),
    ...inspectionFormRoutes(deps),
    ...hazardRoutes(deps),
    ...appointmentRoutes(deps),
    ...capacityRoutes(deps),
    ...fieldRoutes(deps),
    ...configRoutes(deps),
    ...externalRoutes(deps),
  ],
  jobs: (deps) => ({
    [SLA_SWEEP]: slaSweepJob(deps),
    [EXTERNAL_PUSH]: pushToExternal(deps),
    [EXTERNAL_REPAIR]: () => repairExternalPushes(),
    [INSPECTION_RUN]: async () => runDueInspectionPlans(deps),
    [ESCALATION_NOTIFY]: notifyEscalationJob(deps),
    [NEW_ORDER_ALERT]: newOrderAlertJob(deps),
    [OCCUPANCY_SWEEP]: occupancySweepJob(deps),
    [SLOT_GENERATE]: slotGenerationJob(deps),
  }),
  migrate: fillListKeys,
  schedules: () => ({
    [SLA_SWEEP]: 30_000,
    [INSPECTION_RUN]: 6 * 3600_000,
    [OCCUPANCY_SWEEP]: 5 * 60_000,
    [EXTERNAL_REPAIR]: EXTERNAL_REPAIR_EVERY_MS,
    // Daily in effect: idempotent, so the few runs a day only open the day that came into range.
    [SLOT_GENERATE]: 6 * 3600_000,
  }),
};
