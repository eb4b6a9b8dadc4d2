/**
 * Resident login: a wx.login code (mini-program) or an OAuth code (official-account H5) is exchanged
 * with WeChat for an openid (+ unionid), the user is found or created, and a session is issued.
 * The unionid links the two openids of one person, so H5 pages and the mini-program share a user;
 * WeChat gives it to the H5 only after snsapi_userinfo, never after the silent snsapi_base.
 * An H5 login carries a `state` this portal issued for it (CSRF), accepted once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { H5OauthBody, H5OauthState, ResidentSession } from '@portal/types';
import type { AppDeps } from '../../deps';
import { errors } from '../../platform/http/errors';
import type { WechatApi } from '../../platform/wechat';
import { OauthStateModel } from './oauthState.model';
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

/** How long an issued state is accepted: the resident's trip through WeChat's authorize page and back. */
export const OAUTH_STATE_TTL_SECONDS = 10 * 60;
const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

export async function issueH5OauthState(deps: Pick<AppDeps, 'clock'>): Promise<H5OauthState> {
  const state = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + OAUTH_STATE_TTL_SECONDS * 1000);
  await OauthStateModel.create({ _id: hashState(state), expiresAt });
  return { state, expiresIn: OAUTH_STATE_TTL_SECONDS };
}

/** Takes the state out of play, or refuses one this portal never issued, already took, or issued too long ago. */
async function consumeOauthState(deps: Pick<AppDeps, 'clock'>, state: string): Promise<void> {
  const now = deps.clock.now();
  const taken = await OauthStateModel.findOneAndUpdate(
    { _id: hashState(state), usedAt: { $exists: false }, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
  ).lean();
  if (!taken) throw errors.oauthStateInvalid();
}

export async function h5OauthLogin(deps: AppDeps & { wechat: { api: LoginApi } }, body: H5OauthBody): Promise<ResidentSession> {
  // The state first: a forged or replayed redirect never reaches WeChat with its code.
  await consumeOauthState(deps, body.state);
  const { openid, unionid } = await deps.wechat.api.oauthOpenid(body.code);
  const user = await upsertWechatUser('oa', { openid, unionid }, deps.clock.now());
  return issueResidentSession(deps, user, 'oa');
}
