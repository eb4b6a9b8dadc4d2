/**
 * The follower list, read back from WeChat (`user/get` pages of 10000, `user/info/batchget` 100 at a time for the
 * unionid): catches follows and unfollows whose push was lost, and links followers to mini-program residents by
 * unionid. Every OA_FOLLOWER_SYNC_EVERY_SECONDS as a scheduled outbox job; facts are stamped with the run's start,
 * so a push that arrives meanwhile (newer) wins. Only after the whole list was read are the followers it did not
 * list marked as no longer following.
 */
import type { AppDeps } from '../../deps';
import type { JobContext, JobHandler } from '../../platform/outbox/worker';
import { createWechatClients, type WechatClients } from '../../platform/wechat';
import { markOaFollowers } from '../accounts';
import { OaFollowerModel } from './oaFollower.model';

export const OA_FOLLOWER_SYNC = 'residentContact.oaFollowers.sync';
const BATCH = 100;

const wechatOf = (deps: AppDeps) =>
  ((deps as AppDeps & { wechat?: WechatClients }).wechat ?? createWechatClients(deps.config, deps.clock)).api;

export function followerSyncJob(deps: AppDeps): JobHandler {
  return async (_payload, ctx: JobContext) => syncFollowers(deps, ctx);
}

export async function syncFollowers(
  deps: AppDeps,
  ctx?: Pick<JobContext, 'heartbeat'>,
): Promise<{ followers: number; left: number }> {
  if (!deps.config.WECHAT_OA_APPID) return { followers: 0, left: 0 };
  const api = wechatOf(deps);
  const startedAt = deps.clock.now();
  const run = `sync:${startedAt.toISOString()}`;
  let next = '';
  let followers = 0;
  for (;;) {
    const page = await api.listFollowers(next || undefined);
    for (let i = 0; i < page.openids.length; i += BATCH) {
      const infos = await api.batchGetUserInfo(page.openids.slice(i, i + BATCH));
      const rows = infos.map((u) => ({ ...u, follows: u.follows }));
      await OaFollowerModel.bulkWrite(
        rows.map((u) => ({
          updateOne: {
            filter: { _id: u.openid, factAt: { $lte: startedAt } },
            update: {
              $set: {
                follows: u.follows,
                factAt: startedAt,
                ...(u.unionid ? { unionid: u.unionid } : {}),
                ...(u.subscribedAt ? { subscribedAt: u.subscribedAt } : {}),
                ...(u.follows ? { seenBySync: run } : {}),
              },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      ).catch((e: { code?: number; message?: string }) => {
        // A newer push for one of them won the upsert race: that newer fact stands.
        if (e.code !== 11000 && !String(e.message).includes('E11000')) throw e;
      });
      const current = await OaFollowerModel.find(
        { _id: { $in: rows.map((r) => r.openid) } },
        { unionid: 1, follows: 1 },
      ).lean();
      await markOaFollowers(
        current.map((c) => ({ openid: String(c._id), unionid: c.unionid ?? undefined, follows: c.follows })),
      );
      followers += rows.filter((r) => r.follows).length;
      if (ctx && !(await ctx.heartbeat())) throw new Error('lease lost during follower sync');
    }
    if (!page.openids.length || !page.next || followers >= page.total) break;
    next = page.next;
  }
  // Whoever the complete list did not name has left (unless a push since the start says otherwise).
  let left = 0;
  for (;;) {
    const gone = await OaFollowerModel.find(
      { follows: true, seenBySync: { $ne: run }, factAt: { $lt: startedAt } },
      { _id: 1 },
    )
      .limit(1000)
      .lean();
    if (!gone.length) break;
    const ids = gone.map((g) => g._id);
    await OaFollowerModel.updateMany(
      { _id: { $in: ids }, factAt: { $lt: startedAt } },
      { $set: { follows: false, factAt: startedAt } },
    );
    await markOaFollowers(ids.map((openid) => ({ openid: String(openid), follows: false })));
    left += ids.length;
  }
  return { followers, left };
}

/** After a follow push: the new follower's unionid, which links them to a mini-program resident. */
export function resolveFollowerJob(deps: AppDeps): JobHandler {
  return async (payload) => {
    const openid = String(payload.openid);
    const [info] = await wechatOf(deps).batchGetUserInfo([openid]);
    if (!info?.unionid) return { linked: false };
    await OaFollowerModel.updateOne({ _id: openid }, { $set: { unionid: info.unionid } });
    const doc = await OaFollowerModel.findById(openid).lean();
    await markOaFollowers([{ openid, unionid: info.unionid, follows: doc?.follows ?? info.follows }]);
    return { linked: true };
  };
}
