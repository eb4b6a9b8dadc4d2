/**
 * Resident login: a wx.login code (mini-program) or an OAuth code (official-account H5) is exchanged
 * with WeChat for an openid (+ unionid), the user is found or created, and a session is issued.
 * The unionid links the two openids of one person, so H5 pages and the mini-program share a user;
 * WeChat gives it to the H5 only after snsapi_userinfo, never after the silent snsapi_base.
 * An H5 login carries a `state` this portal issued for it (CSRF), accepted once.
 *
 * So the H5 logs in silently (snsapi_base) and, if its user is not joined to a mini-program one and the
 * utility has a mini-program, the answer asks it once to come back through snsapi_userinfo (WeChat's
 * consent page). That login's unionid joins the H5 user to the mini-program user of the same person
 * (joinToUnionUser). The ask is remembered (userinfoAskedAt): a resident who declines is not asked again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { H5OauthBody, H5OauthState, H5Session, ResidentSession } from '@portal/types';
import type { AppDeps } from '../../deps';
import { audit } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import type { WechatApi } from '../../platform/wechat';
import { BindingModel, type Binding } from './binding.model';
import { OauthStateModel } from './oauthState.model';
import { forgetSession } from './sessionCheck';
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
    const byOpenid = await UserModel.findOneAndUpdate(
      { [field]: id.openid },
      { $set: { lastLoginAt: now } },
      { new: true },
    ).lean<User>();
    if (byOpenid?.mergedInto) return joinToUnionUser(byOpenid, byOpenid.mergedInto, now); // a join cut short: finish it
    if (byOpenid) {
      if (id.unionid && !byOpenid.unionid && !(await UserModel.exists({ unionid: id.unionid }))) {
        await UserModel.updateOne(
          { _id: byOpenid._id, unionid: { $exists: false } },
          { $set: { unionid: id.unionid } },
        );
        return { ...byOpenid, unionid: id.unionid };
      }
      return byOpenid;
    }
    if (app === 'oa') {
      const retired = await UserModel.findOne({
        formerOpenidOa: id.openid,
        mergedInto: { $exists: true },
      }).lean<User>();
      if (retired?.mergedInto) return joinToUnionUser(retired, retired.mergedInto, now);
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

export async function wechatLogin(
  deps: AppDeps & { wechat: { api: LoginApi } },
  code: string,
): Promise<ResidentSession> {
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

export async function h5OauthLogin(
  deps: AppDeps & { wechat: { api: LoginApi } },
  body: H5OauthBody,
): Promise<H5Session> {
  // The state first: a forged or replayed redirect never reaches WeChat with its code.
  await consumeOauthState(deps, body.state);
  const { openid, unionid } = await deps.wechat.api.oauthOpenid(body.code);
  const now = deps.clock.now();
  let user = await upsertWechatUser('oa', { openid, unionid }, now);
  if (unionid && !user.unionid) {
    // snsapi_userinfo told us who this is, and the unionid is already another user's: the mini-program user.
    const twin = await UserModel.findOne({ unionid, _id: { $ne: user._id } }, { openidOa: 1 }).lean<User>();
    if (twin && (!twin.openidOa || twin.openidOa === openid)) {
      const retired = user._id.toString();
      user = await joinToUnionUser(user, twin._id, now);
      forgetSession(deps, 'resident', retired);
    }
  }
  const linked = Boolean(user.unionid);
  let askUserinfo = false;
  if (!linked && deps.config.WECHAT_MP_APPID && !user.userinfoAskedAt) {
    // Asked once: the resident who declines WeChat's consent page (or closes it) keeps the silent login.
    const asked = await UserModel.updateOne(
      { _id: user._id, userinfoAskedAt: { $exists: false } },
      { $set: { userinfoAskedAt: now } },
    );
    askUserinfo = asked.modifiedCount === 1;
  }
  return { ...(await issueResidentSession(deps, user, 'oa')), link: { linked, askUserinfo } };
}

/**
 * The H5 user `from` (a silent login: openid alone) is the person behind the user `intoId` (the unionid's,
 * normally from the mini-program). That user keeps its id and gains the official-account openid and
 * `from`'s bindings (an account both had bound stays bound once, as the mini-program user bound it);
 * `from` is retired, its sessions ended, and the join is audited. Each step can run again, so a join cut
 * short (a crash, a lost connection) is finished by the resident's next H5 login (upsertWechatUser).
 */
async function joinToUnionUser(from: User, intoId: User['_id'], now: Date): Promise<User> {
  // 1. Mark the join and end from's sessions, so nothing more is bound to it meanwhile.
  await UserModel.updateOne(
    { _id: from._id, mergedInto: { $exists: false } },
    { $set: { mergedInto: intoId }, $inc: { tokenVersion: 1 } },
  );
  // 2. Move the bindings; the unique (userId, accountNo) index keeps one per account.
  const bindings = await BindingModel.find({ userId: from._id }).lean<Binding[]>();
  if (bindings.length) {
    const intoHadBindings = Boolean(await BindingModel.exists({ userId: intoId }));
    await BindingModel.bulkWrite(
      bindings.map((b) => ({
        updateOne: {
          filter: { userId: intoId, accountNo: b.accountNo },
          update: {
            $setOnInsert: {
              accountId: b.accountId,
              relation: b.relation,
              proof: b.proof,
              holderRevision: b.holderRevision,
              isDefault: b.isDefault && !intoHadBindings,
            },
          },
          upsert: true,
        },
      })),
    );
    await BindingModel.deleteMany({ _id: { $in: bindings.map((b) => b._id) } });
  }
  // 3. Move the openid: off `from` (kept as formerOpenidOa, so a crash here is resumed), then onto the user.
  const openid = from.openidOa ?? from.formerOpenidOa ?? undefined;
  if (from.openidOa)
    await UserModel.updateOne(
      { _id: from._id },
      { $unset: { openidOa: 1 }, $set: { formerOpenidOa: from.openidOa } },
    );
  const joined = await UserModel.findOneAndUpdate(
    { _id: intoId },
    {
      $set: {
        ...(openid ? { openidOa: openid } : {}),
        ...(from.followsOa ? { followsOa: true } : {}),
        lastLoginAt: now,
      },
    },
    { new: true },
  ).lean<User>();
  if (!joined) throw new Error('joined user vanished');
  await audit.record({
    actor: { kind: 'resident', id: intoId.toString() },
    action: 'user.joinWechatIdentities',
    target: { kind: 'user', id: intoId.toString() },
    before: { userId: from._id.toString() },
    after: { userId: intoId.toString(), openidOa: openid, bindingsMoved: bindings.map((b) => b.accountNo) },
    at: now,
  });
  return joined;
}
