/** 过户 / 销户 and 报停 / 复供 online as the app mounts them: routes and the sweeps that finish half-applied approvals. */
import type { Feature } from '../../platform/feature';
import { accountChangeRoutes } from './accountChange.routes';
import { ACCOUNT_CHANGE_SWEEP, accountChangeSweepJob } from './effects';
import { supplyRoutes } from './supply.routes';
import { SUPPLY_CHANGE_SWEEP, supplyChangeSweepJob } from './supplyEffects';

export const accountChangesFeature: Feature = {
  name: 'accountChanges',
  routes: (deps) => [...accountChangeRoutes(deps), ...supplyRoutes(deps)],
  jobs: (deps) => ({
    [ACCOUNT_CHANGE_SWEEP]: accountChangeSweepJob(deps),
    [SUPPLY_CHANGE_SWEEP]: supplyChangeSweepJob(deps),
  }),
  schedules: () => ({ [ACCOUNT_CHANGE_SWEEP]: 60_000, [SUPPLY_CHANGE_SWEEP]: 60_000 }),
};
