/** KPI cockpit (驾驶舱): daily roll-ups (today's rolled every minute), drill-down, export, anomaly alerts. */
import type { Feature } from '../../platform/feature';
import { KPI_ALERT_NOTIFY, notifyAlertJob } from './alerts.service';
import { alertScanJob, KPI_ALERT_SCAN, KPI_ROLLUP, rollupJob } from './jobs';
import { kpiRoutes } from './kpi.routes';

export const kpiFeature: Feature = {
  name: 'kpi',
  routes: (deps) => kpiRoutes(deps),
  jobs: (deps) => ({
    [KPI_ROLLUP]: rollupJob(deps),
    [KPI_ALERT_SCAN]: alertScanJob(deps),
    [KPI_ALERT_NOTIFY]: notifyAlertJob(deps),
  }),
  schedules: (deps) => ({
    [KPI_ROLLUP]: deps.config.KPI_ROLLUP_EVERY_SECONDS * 1000,
    [KPI_ALERT_SCAN]: deps.config.KPI_ALERT_EVERY_SECONDS * 1000,
  }),
};
