/** 注销, resident contact's part: the official-account follower records of the resident's openids. */
import { OaFollowerModel } from './oaFollower.model';

export async function forgetFollower(openids: string[]): Promise<Record<string, number>> {
  if (!openids.length) return { followersDeleted: 0 };
  const r = await OaFollowerModel.deleteMany({ _id: { $in: openids } });
  return { followersDeleted: r.deletedCount };
}
