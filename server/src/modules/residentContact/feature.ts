/** How residents are reached outside the app, as the app mounts it: follower push and sync, phone capture. */
import type { Feature } from '../../platform/feature';
import { followerSyncJob, OA_FOLLOWER_SYNC, resolveFollowerJob } from './followerSync.job';
import { OA_FOLLOWER_RESOLVE } from './oaPush.service';
import { residentContactRoutes } from './residentContact.routes';

export const residentContactFeature: Feature = {
  name: 'residentContact',
  routes: residentContactRoutes,
  jobs: (deps) => ({
    [OA_FOLLOWER_SYNC]: followerSyncJob(deps),
    [OA_FOLLOWER_RESOLVE]: resolveFollowerJob(deps),
  }),
  schedules: (deps): Record<string, number> =>
    deps.config.OA_FOLLOWER_SYNC_EVERY_SECONDS > 0 && deps.config.WECHAT_OA_APPID
      ? { [OA_FOLLOWER_SYNC]: deps.config.OA_FOLLOWER_SYNC_EVERY_SECONDS * 1000 }
      : {},
};
