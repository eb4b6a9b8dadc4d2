/** The cockpit's scheduled jobs: the incremental roll-up and the repair-spike scan. */
import type { AppDeps } from '../../deps';
import { scanRepairSpikes } from './alerts.service';
import { runRollup } from './rollup.service';

export const KPI_ROLLUP = 'kpi.rollup';
export const KPI_ALERT_SCAN = 'kpi.alerts.scan';

const alertRule = (deps: AppDeps) => ({ sigma: deps.config.KPI_ALERT_SIGMA, minCount: deps.config.KPI_ALERT_MIN_COUNT });

export const rollupJob = (deps: AppDeps) => async () => runRollup(deps.clock.now());
export const alertScanJob = (deps: AppDeps) => async () => ({ raised: await scanRepairSpikes(deps.clock.now(), alertRule(deps)) });

/** Roll up, then scan (the scan's baseline reads the roll-up). */
export async function runKpiJobsNow(deps: AppDeps): Promise<{ days: number; periods: number; alerts: number }> {
  const r = await runRollup(deps.clock.now());
  const alerts = await scanRepairSpikes(deps.clock.now(), alertRule(deps));
  return { ...r, alerts };
}
