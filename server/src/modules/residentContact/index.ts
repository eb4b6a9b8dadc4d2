/**
 * How residents are reached outside the app: official-account follower status (WeChat's message push and a
 * periodic follower-list sync) and the phone number a resident shares from the mini-program. The 'message.send'
 * worker (messaging) reads the outcome: followsOa and the phone on the resident.
 */
import type { Feature } from '../../platform/feature';
import { followerSyncJob, OA_FOLLOWER_SYNC, resolveFollowerJob } from './followerSync.job';
import { OA_FOLLOWER_RESOLVE } from './oaPush.service';
import { residentContactRoutes } from './residentContact.routes';

export { syncFollowers } from './followerSync.job';

export const residentContactFeature: Feature = {
  name: 'residentContact',
  routes: residentContactRoutes,
  jobs: (deps) => ({ [OA_FOLLOWER_SYNC]: followerSyncJob(deps), [OA_FOLLOWER_RESOLVE]: resolveFollowerJob(deps) }),
  schedules: (deps): Record<string, number> =>
    deps.config.OA_FOLLOWER_SYNC_EVERY_SECONDS > 0 && deps.config.WECHAT_OA_APPID ? { [OA_FOLLOWER_SYNC]: deps.config.OA_FOLLOWER_SYNC_EVERY_SECONDS * 1000 } : {},
};
