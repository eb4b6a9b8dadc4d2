/**
 * Official-account follower status from WeChat's own sources: the message push (signed XML, handshake, repeats and
 * reordering) and the follower list read back by the sync job. Everything goes through the sandbox, which pushes
 * to the portal's real endpoint and answers user/get and user/info/batchget.
 */
import { createHash } from 'node:crypto';
import type { TestServer } from '../harness';
import { makeResident } from '../factories';
import { OA_PUSH_TOKEN, startOaPushTest, type MessagingSandbox } from '../messaging/support';
import { UserModel } from '../../src/modules/accounts/user.model';
import { OaFollowerModel } from '../../src/modules/residentContact/oaFollower.model';
import { syncFollowers } from '../../src/modules/residentContact';
import { residentContactFeature } from '../../src/modules/residentContact/feature';
import { createWorker } from '../../src/platform/outbox/worker';

let t: TestServer;
let sb: MessagingSandbox;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, sb, close } = await startOaPushTest());
});
afterAll(() => close());

const jobs = () => createWorker({ handlers: residentContactFeature.jobs!(t.deps), pollMs: 20 });
const followsOa = async (userId: string) => (await UserModel.findById(userId).lean())!.followsOa;
const signed = (timestamp: string, nonce: string, token = OA_PUSH_TOKEN) =>
  createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
let n = 0;
const oaOpenid = () => `o_oa_follower_${++n}_${Date.now()}`;

describe('the official account pushes follows and unfollows to the portal', () => {
  it('keeps the server URL only when the Token matches (WeChat’s echostr handshake)', async () => {
    await expect(
      sb.client.configureOaServer({ url: `${t.url}/api/wechat/oa/push`, token: 'someOtherToken' }),
    ).rejects.toThrow(/token verification failed/);
    // The right token was kept from beforeAll; a fresh handshake with it passes again.
    await expect(
      sb.client.configureOaServer({ url: `${t.url}/api/wechat/oa/push`, token: OA_PUSH_TOKEN }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('marks a resident known by the OA openid as following, then not, as they tap 关注 and 取消关注', async () => {
    const openidOa = oaOpenid();
    const r = await makeResident(t.deps, { openidOa });
    const follow = await sb.client.follow(openidOa);
    expect(follow.push!.attempts).toEqual([{ status: 200 }]);
    expect(await followsOa(r.userId)).toBe(true);
    await sb.client.follow(openidOa, false);
    expect(await followsOa(r.userId)).toBe(false);
  });

  it('applies a repeated push once and never lets an older push undo a newer one', async () => {
    const openidOa = oaOpenid();
    const r = await makeResident(t.deps, { openidOa });
    const at = Math.floor(Date.now() / 1000);
    // WeChat repeats a push it got no answer to: the same event three times.
    await sb.client.pushOaEvent({ openid: openidOa, event: 'subscribe', createTime: at, copies: 3 });
    expect(await followsOa(r.userId)).toBe(true);
    await sb.client.pushOaEvent({ openid: openidOa, event: 'unsubscribe', createTime: at + 60 });
    // The follow from before arrives late (a retry): the unfollow stands.
    await sb.client.pushOaEvent({ openid: openidOa, event: 'subscribe', createTime: at, copies: 2 });
    expect(await followsOa(r.userId)).toBe(false);
    expect(await OaFollowerModel.findById(openidOa).lean()).toMatchObject({
      follows: false,
      factAt: new Date((at + 60) * 1000),
    });
  });

  it('links a new follower to the mini-program resident with the same unionid', async () => {
    const unionid = `union_${Date.now()}`;
    const r = await makeResident(t.deps, { unionid });
    const openidOa = oaOpenid();
    await sb.client.follow(openidOa, true, { unionid });
    // The push is answered at once; the unionid is fetched by a job (user/info/batchget).
    expect((await UserModel.findById(r.userId).lean())!.openidOa).toBeUndefined();
    await jobs().drain();
    expect(await UserModel.findById(r.userId).lean()).toMatchObject({ openidOa, followsOa: true });
  });

  it('refuses a push with a wrong signature or a body that is not XML, in the error shape', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const xml = `<xml><FromUserName><![CDATA[o_x]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;
    const forged = await t.api(
      'POST',
      `/api/wechat/oa/push?signature=${signed(ts, '42', 'guessedToken')}&timestamp=${ts}&nonce=42`,
      { rawBody: xml, headers: { 'content-type': 'text/xml' } },
    );
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('OA_PUSH_BAD_SIGNATURE');
    expect(await OaFollowerModel.exists({ _id: 'o_x' })).toBeNull();
    const notXml = await t.api(
      'POST',
      `/api/wechat/oa/push?signature=${signed(ts, '43')}&timestamp=${ts}&nonce=43`,
      { rawBody: 'hello', headers: { 'content-type': 'text/xml' } },
    );
    expect(notXml.status).toBe(400);
    expect(notXml.body.error.code).toBe('OA_PUSH_NOT_XML');
    const noSignature = await t.api('GET', `/api/wechat/oa/push?echostr=1`);
    expect(noSignature.status).toBe(400);
    expect(noSignature.body.error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['query.signature', 'query.timestamp', 'query.nonce']),
    );
  });

  it('answers success to other pushes (a text message, a menu click) and changes nothing', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const xml = `<xml><FromUserName><![CDATA[o_text]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>`;
    const res = await fetch(
      `${t.url}/api/wechat/oa/push?signature=${signed(ts, '7')}&timestamp=${ts}&nonce=7`,
      { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    expect(await OaFollowerModel.exists({ _id: 'o_text' })).toBeNull();
  });
});

describe('the follower list is read back from WeChat', () => {
  it('finds follows and unfollows whose push was lost, page by page, and links residents by unionid', async () => {
    const a = await makeResident(t.deps, { openidOa: oaOpenid() });
    const unionid = `union_sync_${Date.now()}`;
    const b = await makeResident(t.deps, { unionid });
    const bOa = oaOpenid();
    const leaver = await makeResident(t.deps, { openidOa: oaOpenid() });
    await sb.client.follow(leaver.user.openidOa!);
    expect(await followsOa(leaver.userId)).toBe(true);
    // The portal's server URL is off for a while (pushes lost): a follows, b follows, the leaver leaves.
    const push = sb.state.oa.push;
    sb.state.oa.push = undefined;
    await sb.client.follow(a.user.openidOa!);
    await sb.client.follow(bOa, true, { unionid });
    await sb.client.follow(leaver.user.openidOa!, false);
    sb.state.oa.push = push;
    expect(await followsOa(a.userId)).toBe(false);
    expect(await followsOa(leaver.userId)).toBe(true);

    await sb.client.setFollowerPageSize(2);
    await sb.client.callCounts(true);
    const result = await syncFollowers(t.deps);
    const calls = await sb.client.callCounts(true);
    const followers = sb.state.followers.size;
    expect(followers).toBeGreaterThan(2);
    expect(calls['user.get']).toBe(Math.ceil(followers / 2));
    expect(calls['user.info.batchget']).toBe(Math.ceil(followers / 2));
    expect(result.left).toBeGreaterThanOrEqual(1);
    expect(await followsOa(a.userId)).toBe(true);
    expect(await UserModel.findById(b.userId).lean()).toMatchObject({ openidOa: bOa, followsOa: true });
    expect(await followsOa(leaver.userId)).toBe(false);

    // A second run changes nothing.
    await syncFollowers(t.deps);
    expect(await followsOa(a.userId)).toBe(true);
    expect(await followsOa(leaver.userId)).toBe(false);
    await sb.client.setFollowerPageSize(10_000);
  });
});
