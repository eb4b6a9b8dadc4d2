/** PIPL: 注销 (account deletion across features) and the retention sweeps that span features. */
import type { Feature } from '../../platform/feature';
import { finishDeletions } from './deletion.service';
import { privacyRoutes } from './privacy.routes';
import { PRUNE_AUDIT, PRUNE_CHAT, PRUNE_UPLOADS, retentionJobs } from './retention';

export const FINISH_DELETIONS = 'privacy.finishDeletions';

export const privacyFeature: Feature = {
  name: 'privacy',
  routes: privacyRoutes,
  jobs: (deps) => ({
    ...retentionJobs(deps),
    [FINISH_DELETIONS]: async () => ({ finished: await finishDeletions(deps) }),
  }),
  schedules: (deps) => {
    const every = deps.config.RETENTION_SWEEP_EVERY_MINUTES * 60_000;
    return { [PRUNE_CHAT]: every, [PRUNE_UPLOADS]: every, [PRUNE_AUDIT]: every, [FINISH_DELETIONS]: every };
  },
};
