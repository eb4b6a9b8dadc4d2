/**
 * Resident login: a wx.login code (mini-program) or an OAuth code (official-account H5) is exchanged
 * with WeChat for an openid (+ unionid), the user is found or created, and a session is issued.
 * The unionid links the two openids of one person, so H5 pages and the mini-program share a user.
 */
import type { ResidentSession } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { WechatApi } from '../../platform/wechat';
import { issueResidentSession } from './session.service';
import { UserModel, type User } from './user.model';

type App = 'mp' | 'oa';
type Identity = { openid: string; unionid?: string };
type LoginApi = Pick<WechatApi, 'code2session' | 'oauthOpenid'>;

const openidField = (app: App) => (app === 'mp' ? 'openidMp' : 'openidOa');

/** Finds or creates the user of one WeChat identity; safe when two logins race. */
export async function upsertWechatUser(app: App, id: Identity, now: Date): Promise<User> {
  const field = openidField(app);
  for (let attempt = 0; attempt < 2; attempt++) {
    const byOpenid = await UserModel.findOneAndUpdate({ [field]: id.openid }, { $set: { lastLoginAt: now } }, { new: true }).lean<User>();
    if (byOpenid) {
      if (id.unionid && !byOpenid.unionid && !(await UserModel.exists({ unionid: id.unionid }))) {
        await UserModel.updateOne({ _id: byOpenid._id, unionid: { $exists: false } }, { $set: { unionid: id.unionid } });
        return { ...byOpenid, unionid: id.unionid };
      }
      return byOpenid;
    }
    if (id.unionid) {
      const linked = await UserModel.findOneAndUpdate(
        { unionid: id.unionid, [field]: { $exists: false } },
        { $set: { [field]: id.openid, lastLoginAt: now } },
        { new: true },
      ).lean<User>();
      if (linked) return linked;
    }
    try {
      const created = await UserModel.create({ [field]: id.openid, unionid: id.unionid, lastLoginAt: now });
      return created.toObject() as User;
    } catch (e) {
      if ((e as { code?: number }).code !== 11000) throw e; // a parallel login created it: look again
    }
  }
  throw new Error('could not upsert WeChat user');
}

export async function wechatLogin(deps: AppDeps & { wechat: { api: LoginApi } }, code: string): Promise<ResidentSession> {
  const { openid, unionid } = await deps.wechat.api.code2session(code);
  const user = await upsertWechatUser('mp', { openid, unionid }, deps.clock.now());
  return issueResidentSession(deps, user, 'mp');
}

export async function h5OauthLogin(deps: AppDeps & { wechat: { api: LoginApi } }, code: string): Promise<ResidentSession> {
  const { openid, unionid } = await deps.wechat.api.oauthOpenid(code);
  const user = await upsertWechatUser('oa', { openid, unionid }, deps.clock.now());
  return issueResidentSession(deps, user, 'oa');
}
