import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { enqueueMessage } from '../../src/modules/messaging';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { messengerFor } from '../../src/modules/messaging/sendMessage.job';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident } from '../factories';
import { messageWorker, reachable, settle, startMessagingSandbox } from './support';

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  t = await startTestServer({ deps: createTestDeps(testConfig(sb.portal)) });
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

const receipt = (n: number) => ({
  event: 'paymentReceipt' as const,
  data: { accountNo: '3101000123', amountFen: 12345 + n, paidAt: new Date().toISOString() },
});
const deliveryOf = async (dedupeKey: string) => {
  const entry = await OutboxModel.findOne({ dedupeKey }).lean();
  return DeliveryModel.findOne({ outboxId: entry!._id }).lean();
};

describe('the mini-program reports subscribe grants', () => {
  it('counts each accept as one send for that resident and template', async () => {
    const r = await makeResident(t.deps);
    const tpl = messengerFor(t.deps).templates.paymentReceipt.subscribe.templateId;
    const other = messengerFor(t.deps).templates.orderStatus.subscribe.templateId;
    let res = await t.api('POST', '/api/subscriptions', {
      token: r.token,
      body: { results: { [tpl]: 'accept', [other]: 'reject' } },
    });
    expect(res.status).toBe(200);
    res = await t.api('POST', '/api/subscriptions', {
      token: r.token,
      body: { results: { [tpl]: 'accept' } },
    });
    const grant = res.body.grants.find((g: { templateId: string }) => g.templateId === tpl);
    expect(grant).toMatchObject({ remaining: 2, event: 'paymentReceipt', lastAnswer: 'accept' });
    expect(res.body.grants.find((g: { templateId: string }) => g.templateId === other)).toMatchObject({
      remaining: 0,
      lastAnswer: 'reject',
    });
    expect(res.body.templates).toHaveLength(7);
  });

  it('rejects unknown templates and answers, naming the field', async () => {
    const r = await makeResident(t.deps);
    let res = await t.api('POST', '/api/subscriptions', {
      token: r.token,
      body: { results: { 'NOT-OURS': 'accept' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.results.NOT-OURS');
    res = await t.api('POST', '/api/subscriptions', {
      token: r.token,
      body: { results: { 'TPL-MP-PAYMENT': 'maybe' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toContain('body.results');
  });

  it('is for residents only', async () => {
    expect(
      (await t.api('POST', '/api/subscriptions', { body: { results: { 'TPL-MP-PAYMENT': 'accept' } } }))
        .status,
    ).toBe(401);
  });
});

describe('sending a message falls back from subscribe to template message to SMS', () => {
  it('uses a grant once, then the official account, then SMS, then records the resident as not reachable', async () => {
    const r = await makeResident(t.deps);
    await reachable(t.deps, sb, r.userId, { grants: 1, event: 'paymentReceipt' });
    await enqueueMessage({ userId: r.userId, ...receipt(1) }, 'test:fallback:1');
    await settle(messageWorker(t.deps));
    expect(await deliveryOf('test:fallback:1')).toMatchObject({ status: 'sent', channel: 'subscribe' });
    expect(await messengerFor(t.deps).grants.remaining(r.userId, 'TPL-MP-PAYMENT')).toBe(0);

    await reachable(t.deps, sb, r.userId, { followsOa: true });
    await enqueueMessage({ userId: r.userId, ...receipt(2) }, 'test:fallback:2');
    await settle(messageWorker(t.deps));
    expect(await deliveryOf('test:fallback:2')).toMatchObject({ status: 'sent', channel: 'template' });

    // Unfollows the official account: WeChat answers 43004, the phone is next.
    await sb.client.follow(`o_oa_${r.userId}`, false);
    await reachable(t.deps, sb, r.userId, { phone: '13800001234' });
    await enqueueMessage({ userId: r.userId, ...receipt(3) }, 'test:fallback:3');
    await settle(messageWorker(t.deps));
    const third = await deliveryOf('test:fallback:3');
    expect(third).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(third!.attempts.map((a) => a.errcode)).toEqual([43004]);
    const sms = await sb.client.listSms('13800001234');
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain('123.48元');

    await UserModel.updateOne({ _id: r.userId }, { $unset: { phone: 1 } });
    await enqueueMessage({ userId: r.userId, ...receipt(4) }, 'test:fallback:4');
    await settle(messageWorker(t.deps));
    expect(await deliveryOf('test:fallback:4')).toMatchObject({
      status: 'unreachable',
      channel: 'none',
      reason: 'NO_GRANT',
    });

    const log = await sb.client.listMessages({ touser: r.openid });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'subscribe', templateId: 'TPL-MP-PAYMENT' });
    expect(log[0].data.amount3.value).toBe('123.46元');
    expect(await sb.client.listMessages({ touser: `o_oa_${r.userId}` })).toHaveLength(1);
  });

  it('counts a resident WeChat refuses (43101) as not reachable and does not retry', async () => {
    const r = await makeResident(t.deps);
    await sb.client.mintLoginCode({ openid: r.openid }); // uses the mini-program: WeChat knows the openid
    // Our count says one grant; WeChat has none (the resident never really accepted).
    await messengerFor(t.deps).grants.report(r.userId, { results: { 'TPL-MP-PAYMENT': 'accept' } });
    await enqueueMessage({ userId: r.userId, ...receipt(5) }, 'test:43101');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('test:43101');
    expect(d).toMatchObject({ status: 'unreachable', reason: '43101', errcode: 43101 });
    const entry = await OutboxModel.findOne({ dedupeKey: 'test:43101' }).lean();
    expect(entry).toMatchObject({ status: 'done', attempts: 1 });
    expect(await messengerFor(t.deps).grants.remaining(r.userId, 'TPL-MP-PAYMENT')).toBe(0);
  });

  it('stops on a message WeChat rejects (47003) and records it as failed', async () => {
    const r = await makeResident(t.deps);
    // Someone picked the template again in WeChat's console with other keywords: the mapping no longer fits.
    await sb.client.addTemplate({ app: 'mp', templateId: 'TPL-MP-CHAT', tid: '1007', kidList: [2, 4] });
    await reachable(t.deps, sb, r.userId, { grants: 1, event: 'chatReply' });
    await enqueueMessage({ userId: r.userId, event: 'chatReply', data: { content: '您好' } }, 'test:47003');
    await settle(messageWorker(t.deps));
    expect(await deliveryOf('test:47003')).toMatchObject({ status: 'failed', errcode: 47003 });
    expect(await messengerFor(t.deps).grants.remaining(r.userId, 'TPL-MP-CHAT')).toBe(1);
    expect((await OutboxModel.findOne({ dedupeKey: 'test:47003' }).lean())!.attempts).toBe(1);
  });

  it('retries a WeChat 5xx and sends once', async () => {
    const r = await makeResident(t.deps);
    await reachable(t.deps, sb, r.userId, { grants: 2, event: 'paymentReceipt' });
    await sb.client.injectFault({ kind: 'serverError', api: 'subscribe.send', times: 2 });
    await enqueueMessage({ userId: r.userId, ...receipt(6) }, 'test:5xx');
    await settle(messageWorker(t.deps));
    const d = await deliveryOf('test:5xx');
    expect(d).toMatchObject({ status: 'sent', channel: 'subscribe' });
    expect(d!.attempts).toHaveLength(2);
    expect(await sb.client.listMessages({ touser: r.openid })).toHaveLength(1);
    expect(await messengerFor(t.deps).grants.remaining(r.userId, 'TPL-MP-PAYMENT')).toBe(1);
  });

  it('sends to every resident bound to an account, once each', async () => {
    const account = await makeAccount();
    const a = await makeResident(t.deps, { bind: [account.accountNo] });
    const b = await makeResident(t.deps, { bind: [account.accountNo] });
    for (const u of [a, b]) await reachable(t.deps, sb, u.userId, { grants: 1, event: 'billReminder' });
    const payload = {
      accountNo: account.accountNo,
      event: 'billReminder' as const,
      data: { accountNo: account.accountNo, amountFen: 8800, dueAt: '2026-12-01T00:00:00Z' },
    };
    expect(await enqueueMessage(payload, `test:bill:${account.accountNo}`)).toBe(true);
    expect(await enqueueMessage(payload, `test:bill:${account.accountNo}`)).toBe(false);
    await settle(messageWorker(t.deps));
    for (const u of [a, b])
      expect(await sb.client.listMessages({ touser: u.openid, templateId: 'TPL-MP-BILL' })).toHaveLength(1);
  });

  it('refuses a payload that names no receiver', async () => {
    await expect(enqueueMessage({ event: 'chatReply', data: {} } as never, 'test:bad')).rejects.toThrow();
  });
});
