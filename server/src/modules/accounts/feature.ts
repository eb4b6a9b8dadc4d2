/** Accounts and identity: resident login and binding, staff login and management, customers, import, audit. */
import type { Feature } from '../../platform/feature';
import { areaRoutes } from './areas.routes';
import { BIND_CODE_SMS_JOB, bindingCodeSmsJob } from './binding.service';
import { customerRoutes } from './customers.routes';
import { importers, importRoutes } from './import/import.routes';
import { IMPORT_RUN_JOB, importRunJob } from './import/importJob.runner';
import { residentRoutes } from './resident.routes';
import { SECURITY_ALERT_JOB, securityAlertJob } from './securityAlert.job';
import { sessionCheck } from './sessionCheck';
import { staffRoutes } from './staff.routes';

export const accountsFeature: Feature = {
  name: 'accounts',
  routes: (deps) => [
    ...residentRoutes(deps),
    ...staffRoutes(deps),
    ...customerRoutes(deps),
    ...importRoutes(deps),
    ...areaRoutes(deps),
  ],
  // Every request's token is checked against the subject's current version (roles, areas, status).
  middleware: (deps) => [sessionCheck(deps)],
  jobs: (deps) => ({
    [BIND_CODE_SMS_JOB]: bindingCodeSmsJob(deps),
    [SECURITY_ALERT_JOB]: securityAlertJob(deps),
    [IMPORT_RUN_JOB]: importRunJob(deps, importers),
  }),
};
