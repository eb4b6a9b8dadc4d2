/**
 * The fallback chain as WeChat and Tencent Cloud make it happen, through the sandbox: follower status comes from
 * the official account's push, the phone from the mini-program's getPhoneNumber (or the holder's phone), SMS goes
 * through Tencent Cloud's real SDK (signed TC3-HMAC-SHA256, verified by the sandbox). With timeouts, 5xx and
 * repeated causes, every message arrives once.
 */
import type { TestServer } from '../harness';
import { makeAccount, makeResident } from '../factories';
import { messageWorker, settle, startOaPushTest, type MessagingSandbox } from './support';
import { enqueueMessage } from '../../src/modules/messaging';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { residentContactFeature } from '../../src/modules/residentContact/feature';
import { createWorker } from '../../src/platform/outbox/worker';

let t: TestServer;
let sb: MessagingSandbox;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, sb, close } = await startOaPushTest());
});
afterAll(() => close());

let seq = 0;
const outage = () => ({
  event: 'outageNotice' as const,
  data: {
    title: '计划停气',
    area: '朝阳区望京园',
    startAt: '2026-12-03T01:00:00.000Z',
    endAt: '2026-12-03T09:00:00.000Z',
    reason: '管网检修',
    noticeId: `N${++seq}`,
  },
});
const deliveryOf = async (dedupeKey: string) => {
  const entry = await OutboxModel.findOne({ dedupeKey }).lean();
  return DeliveryModel.findOne({ outboxId: entry!._id }).lean();
};
const phone = () => `139${String(Date.now() + ++seq).slice(-8)}`;

/** A resident who follows the official account in WeChat, matched to the mini-program user by unionid. */
async function follower() {
  const unionid = `union_chain_${Date.now()}_${++seq}`;
  const r = await makeResident(t.deps, { unionid });
  const openidOa = `o_oa_chain_${seq}`;
  await sb.client.follow(openidOa, true, { unionid });
  await createWorker({ handlers: residentContactFeature.jobs!(t.deps), pollMs: 20 }).drain();
  return { ...r, openidOa };
}

/** A resident who shared their phone through the getPhoneNumber button. */
async function withPhone(number = phone()) {
  const r = await makeResident(t.deps);
  const { code } = await sb.client.mintPhoneCode(number);
  const res = await t.api('POST', '/api/me/phone', { token: r.token, body: { code } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    phoneMasked: `${number.slice(0, 3)}****${number.slice(-4)}`,
    smsTo: 'own',
  });
  return { ...r, phone: number };
}

describe('a message to a resident with no subscribe grant', () => {
  it('arrives as an official-account template message when they follow the account', async () => {
    const r = await follower();
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:template');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:template');
    expect(d).toMatchObject({ status: 'sent', channel: 'template' });
    expect(d!.skipped).toEqual([{ channel: 'subscribe', reason: 'NO_GRANT' }]);
    const sent = await sb.client.listMessages({ touser: r.openidOa });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'template', templateId: 'TPL-OA-OUTAGE' });
  });

  it('arrives as SMS through Tencent Cloud when they neither have a grant nor follow, to the phone they shared', async () => {
    const r = await withPhone();
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:sms');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:sms');
    expect(d).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(d!.skipped).toEqual([
      { channel: 'subscribe', reason: 'NO_GRANT' },
      { channel: 'template', reason: 'NO_OA_OPENID' },
    ]);
    const sms = await sb.client.listSms(r.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      templateId: '2000006',
      signName: '公用事业服务',
      params: ['计划停气', '朝阳区望京园', '2026年12月3日 09:00', '2026年12月3日 17:00', '管网检修'],
    });
    expect(sms[0].text).toBe(
      '【公用事业服务】计划停气:朝阳区望京园自2026年12月3日 09:00至2026年12月3日 17:00,原因:管网检修。详情请查看公众号或小程序。',
    );
    expect(d!.msgid).toBe(sms[0].serialNo);
  });

  it('falls back to the holder’s phone of the account, once per phone when a family shares it', async () => {
    const holderPhone = phone();
    const account = await makeAccount({ holder: { name: '王芳', phone: holderPhone } });
    const mother = await makeResident(t.deps, { bind: [account.accountNo] });
    const son = await makeResident(t.deps, { bind: [account.accountNo] });
    await enqueueMessage({ accountNo: account.accountNo, ...outage() }, `chain:family:${account.accountNo}`);
    await settle(messageWorker(t.deps));
    expect(await sb.client.listSms(holderPhone)).toHaveLength(1);
    const rows = await DeliveryModel.find({ userId: { $in: [mother.user._id, son.user._id] } }).lean();
    const texted = rows.filter((d) => d.status === 'sent');
    expect(texted).toHaveLength(1);
    expect(texted[0]).toMatchObject({ channel: 'sms', phoneSource: 'holder' });
    const other = rows.find((d) => d.status !== 'sent')!;
    expect(other).toMatchObject({ status: 'unreachable', channel: 'none' });
    expect(other.skipped.map((s) => `${s.channel}:${s.reason}`)).toEqual([
      'subscribe:NO_GRANT',
      'template:NO_OA_OPENID',
      'sms:PHONE_ALREADY_TEXTED',
    ]);
  });

  it('records why no channel reached a resident with nothing at all', async () => {
    const r = await makeResident(t.deps);
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:none');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:none');
    expect(d).toMatchObject({ status: 'unreachable', channel: 'none', reason: 'NO_GRANT' });
    expect(d!.skipped.map((s) => `${s.channel}:${s.reason}`)).toEqual([
      'subscribe:NO_GRANT',
      'template:NO_OA_OPENID',
      'sms:NO_PHONE',
    ]);
  });
});

describe('with faults, nothing is lost or doubled', () => {
  it('an SMS call that times out after Tencent took it is not sent again (the status pull finds it)', async () => {
    const r = await withPhone();
    // Tencent answers after 1.5 s; the portal gives up after 1 s, but the message went out.
    await sb.client.injectFault({ kind: 'delay', api: 'sms.send', ms: 1500 });
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:sms-timeout');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:sms-timeout');
    expect(d).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(d!.attempts).toHaveLength(1);
    expect(d!.attempts[0]).toMatchObject({ channel: 'sms', code: 'TIMEOUT', ambiguous: true });
    expect(await sb.client.listSms(r.phone)).toHaveLength(1);
  });

  it('an SMS call Tencent refused with a 5xx is sent again, once', async () => {
    const r = await withPhone();
    await sb.client.injectFault({ kind: 'serverError', api: 'sms.send', status: 502, times: 2 });
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:sms-5xx');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:sms-5xx');
    expect(d).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(d!.attempts.map((a) => a.code)).toEqual(['HTTP502', 'HTTP502']);
    expect(await sb.client.listSms(r.phone)).toHaveLength(1);
  });

  it('a template message WeChat answered with a 5xx is sent again, once', async () => {
    const r = await follower();
    await sb.client.injectFault({ kind: 'serverError', api: 'template.send', times: 1 });
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:template-5xx');
    await settle(messageWorker(t.deps));
    expect(await deliveryOf('chain:template-5xx')).toMatchObject({ status: 'sent', channel: 'template' });
    expect(await sb.client.listMessages({ touser: r.openidOa })).toHaveLength(1);
  });

  it('the same cause enqueued twice, and its entry run by two workers at once, sends one SMS', async () => {
    const r = await withPhone();
    const payload = { userId: r.userId, ...outage() };
    expect(await enqueueMessage(payload, 'chain:dup')).toBe(true);
    expect(await enqueueMessage(payload, 'chain:dup')).toBe(false);
    await Promise.all([settle(messageWorker(t.deps)), settle(messageWorker(t.deps))]);
    expect(await sb.client.listSms(r.phone)).toHaveLength(1);
  });

  it('a number the carrier refuses leaves the resident unreachable by SMS, without retrying', async () => {
    const r = await withPhone();
    await sb.client.blacklistPhone(r.phone);
    await enqueueMessage({ userId: r.userId, ...outage() }, 'chain:blacklist');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('chain:blacklist');
    expect(d).toMatchObject({ status: 'unreachable', channel: 'none' });
    expect(d!.skipped.at(-1)).toEqual({ channel: 'sms', reason: 'FailedOperation.PhoneNumberInBlacklist' });
    expect((await OutboxModel.findOne({ dedupeKey: 'chain:blacklist' }).lean())!.attempts).toBe(1);
  });
});

describe('the resident shares a phone number from the mini-program', () => {
  it('refuses a used or unknown code with a Chinese message, and keeps no number', async () => {
    const r = await makeResident(t.deps);
    const { code } = await sb.client.mintPhoneCode('13911112222');
    expect((await t.api('POST', '/api/me/phone', { token: r.token, body: { code } })).status).toBe(200);
    const again = await t.api('POST', '/api/me/phone', { token: r.token, body: { code } });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      code: 'PHONE_CODE_INVALID',
      message: '手机号授权已失效,请重新点击授权',
    });
    const empty = await t.api('POST', '/api/me/phone', { token: r.token, body: { code: '' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('body.code');
    expect((await t.api('POST', '/api/me/phone', { body: { code } })).status).toBe(401);
  });

  it('can withdraw it: SMS then goes to the holder’s phone, or nowhere', async () => {
    const r = await withPhone();
    const removed = await t.api('DELETE', '/api/me/phone', { token: r.token });
    expect(removed.body).toEqual({ smsTo: 'none' });
    expect((await t.api('GET', '/api/me/phone', { token: r.token })).body).toEqual({ smsTo: 'none' });
  });
});
