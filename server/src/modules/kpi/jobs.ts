/** The cockpit's scheduled jobs: the incremental roll-up and the alert scan (repair spikes, missing holidays). */
import type { AppDeps } from '../../deps';
import { scanMissingHolidays, scanRepairSpikes } from './alerts.service';
import { runRollup } from './rollup.service';

export const KPI_ROLLUP = 'kpi.rollup';
export const KPI_ALERT_SCAN = 'kpi.alerts.scan';

const alertRule = (deps: AppDeps) => ({
  sigma: deps.config.KPI_ALERT_SIGMA,
  minCount: deps.config.KPI_ALERT_MIN_COUNT,
});

export const rollupJob = (deps: AppDeps) => async () => runRollup(deps.clock.now());
export const alertScanJob = (deps: AppDeps) => async () => {
  const now = deps.clock.now();
  return { raised: (await scanRepairSpikes(now, alertRule(deps))) + (await scanMissingHolidays(now)) };
};

/**
 * A manager's 立即重算 waits this long for a run in progress before it answers KPI_ROLLUP_BUSY: half of a
 * client's usual one-minute request timeout, the other half left for its own run.
 */
export const MANUAL_ROLLUP_WAIT_MS = 30_000;

/** Roll up, then scan (the scan's baseline reads the roll-up). */
export async function runKpiJobsNow(
  deps: AppDeps,
  waitMs = MANUAL_ROLLUP_WAIT_MS,
): Promise<{ days: number; periods: number; alerts: number }> {
  const r = await runRollup(deps.clock.now(), { waitMs });
  const alerts =
    (await scanRepairSpikes(deps.clock.now(), alertRule(deps))) +
    (await scanMissingHolidays(deps.clock.now()));
  return { ...r, alerts };
}
