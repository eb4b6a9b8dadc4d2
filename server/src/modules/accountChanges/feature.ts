/** 过户 / 销户 online as the app mounts it: routes and the sweep that finishes half-applied approvals. */
import type { Feature } from '../../platform/feature';
import { accountChangeRoutes } from './accountChange.routes';
import { ACCOUNT_CHANGE_SWEEP, accountChangeSweepJob } from './effects';

export const accountChangesFeature: Feature = {
  name: 'accountChanges',
  routes: (deps) => accountChangeRoutes(deps),
  jobs: (deps) => ({ [ACCOUNT_CHANGE_SWEEP]: accountChangeSweepJob(deps) }),
  schedules: () => ({ [ACCOUNT_CHANGE_SWEEP]: 60_000 }),
};
