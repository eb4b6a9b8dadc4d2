/**
 * The portal's real WeChat client code against the sandbox: login, tokens, messages, wxacode, and a
 * full payment round trip ending in a signed, encrypted notification verified by a notify handler.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pageLink, pageUrl, RESIDENT_PAGES, RETIRED_PAGES } from '@portal/types';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { parseWxaCodeContent } from '../../sandbox/client';
import { sentMsgid } from '../../sandbox/mp';
import {
  createWechatClients,
  WechatApiError,
  WechatPayError,
  type WechatClients,
} from '../../src/platform/wechat';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { decodeQrImage, imageFormat } from '../qrImage';
import { notifyProbe } from './notifyProbe';

let sandbox: RunningSandbox;
let portal: TestServer;
let wechat: WechatClients;
/** The portal side of notifications: verified with the real pay client, recorded in arrival order. */
const probe = notifyProbe('/api/test/wechat-pay-notify', () => wechat);
const { received, rejected } = probe;

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-')),
    notifyRetryScale: 0.00002,
    // A merchant switching from platform certificates to the public key: both kinds of notification arrive.
    verification: 'switch',
    // The test portal listens on http://localhost (no TLS certificate); WeChat would want https.
    leniency: ['httpNotifyUrl'],
  });
  // The notify URL needs the portal's port, the portal's config needs the sandbox: start, then point.
  portal = await startTestServer({ features: [probe.feature] });
  const config = testConfig(
    sandbox.portalEnv({
      notifyUrl: `${portal.url.replace('127.0.0.1', 'localhost')}/api/test/wechat-pay-notify`,
      publicKeyMode: true,
    }),
  );
  wechat = createWechatClients(config, createTestDeps(config).clock);
});
afterAll(async () => {
  await sandbox?.stop();
  await portal?.close();
});

describe('login', () => {
  it('turns a wx.login code into the resident openid and unionid, once', async () => {
    const { code, openid, unionid } = await sandbox.client.mintLoginCode({ openid: 'o-resident-1' });
    await expect(wechat.api.code2session(code)).resolves.toMatchObject({ openid, unionid });
    await expect(wechat.api.code2session(code)).rejects.toMatchObject({ errcode: 40163 });
    await expect(wechat.api.code2session('made-up')).rejects.toMatchObject({ errcode: 40029, status: 400 });
  });

  it('links the official-account identity to the same unionid through snsapi_userinfo only', async () => {
    const mp = await sandbox.client.mintLoginCode({ openid: 'o-mp-2' });
    const base = await sandbox.client.mintLoginCode({ openid: 'o-oa-2', unionid: mp.unionid, app: 'oa' });
    await expect(wechat.api.oauthOpenid(base.code)).resolves.toEqual({ openid: 'o-oa-2' });
    const userinfo = await sandbox.client.mintLoginCode({
      openid: 'o-oa-2',
      app: 'oa',
      scope: 'snsapi_userinfo',
    });
    await expect(wechat.api.oauthOpenid(userinfo.code)).resolves.toEqual({
      openid: 'o-oa-2',
      unionid: mp.unionid,
    });
  });
});

describe('messages', () => {
  it('delivers a subscribe message once per grant and refetches an expired or revoked token', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1001', kidList: [6, 3, 4, 1] });
    const data = {
      thing6: '燃气费账单',
      amount3: '¥128.50',
      time4: '2026年11月30日 18:00',
      character_string1: '3201000123',
    };
    await sandbox.client.mintLoginCode({ openid: 'o-r3' });
    await expect(wechat.api.sendSubscribeMessage({ touser: 'o-r3', templateId, data })).rejects.toMatchObject(
      { errcode: 43101 },
    );
    await sandbox.client.grantSubscription({ openid: 'o-r3', templateIds: [templateId, templateId] });
    await sandbox.client.expireTokens();
    await wechat.api.sendSubscribeMessage({
      touser: 'o-r3',
      templateId,
      data,
      page: pageLink('billDetail', { id: 'b1' }),
    });
    await sandbox.client.revokeTokens();
    await wechat.api.sendSubscribeMessage({ touser: 'o-r3', templateId, data });
    await expect(wechat.api.sendSubscribeMessage({ touser: 'o-r3', templateId, data })).rejects.toMatchObject(
      { errcode: 43101 },
    );
    const sent = await sandbox.client.listMessages({ touser: 'o-r3' });
    expect(sent.map((m) => m.data.thing6.value)).toEqual(['燃气费账单', '燃气费账单']);
  });

  it('refuses data that breaks the field rules and unknown templates', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1003', kidList: [2, 3] });
    await sandbox.client.grantSubscription({ openid: 'o-r4', templateIds: [templateId], longTerm: true });
    const send = (data: Record<string, string>, id = templateId) =>
      wechat.api.sendSubscribeMessage({ touser: 'o-r4', templateId: id, data });
    await expect(send({ thing2: '一'.repeat(21), phrase3: '已缴费' })).rejects.toMatchObject({
      errcode: 47003,
    });
    await expect(send({ thing2: '停气通知', phrase3: '很长很长的短语' })).rejects.toMatchObject({
      errcode: 47003,
    });
    await expect(send({ thing2: '停气通知', phrase3: '已缴费' }, 'nope')).rejects.toMatchObject({
      errcode: 40037,
    });
    await expect(send({ thing2: '停气通知', phrase3: '已缴费' })).resolves.toHaveProperty('msgid');
  });

  it('gives every send its own msgid, also in a burst within one millisecond', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1003', kidList: [2, 3] });
    const users = Array.from({ length: 150 }, (_, i) => `o-burst-${i}`);
    for (const openid of users)
      await sandbox.client.grantSubscription({ openid, templateIds: [templateId], longTerm: true });
    const sent = await Promise.all(
      users.map((touser) =>
        wechat.api.sendSubscribeMessage({
          touser,
          templateId,
          data: { thing2: '停气通知', phrase3: '已缴费' },
        }),
      ),
    );
    expect(new Set(sent.map((s) => s.msgid)).size).toBe(150);
    for (const s of sent) expect(s.msgid).toMatch(/^\d{17}$/);
    // Parallel requests rarely share a millisecond; a tight loop does, thousands of times.
    const burst = Array.from({ length: 5000 }, sentMsgid);
    expect(new Set(burst).size).toBe(5000);
    expect(burst.every((m, i) => i === 0 || BigInt(m) > BigInt(burst[i - 1]))).toBe(true);
  });

  it('sends official-account template messages only to followers, within the daily quota', async () => {
    const { templateId } = await sandbox.client.addTemplate({
      tid: 'OPENTM41006',
      keywordNames: ['影响范围'],
      app: 'oa',
    });
    const send = () =>
      wechat.api.sendTemplateMessage({ touser: 'o-oa-5', templateId, data: { thing2: '计划停水' } });
    await expect(send()).rejects.toMatchObject({ errcode: 40003 });
    // Authorised the H5 pages (WeChat knows them) but does not follow the account.
    await sandbox.client.mintLoginCode({ openid: 'o-oa-5', app: 'oa' });
    await expect(send()).rejects.toMatchObject({ errcode: 43004 });
    await sandbox.client.follow('o-oa-5');
    await send();
    expect(await sandbox.client.listMessages({ touser: 'o-oa-5', kind: 'template' })).toHaveLength(1);
  });

  it('refuses with 41030 a message that opens a page the mini-program does not have', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1007', kidList: [1, 2] });
    await sandbox.client.grantSubscription({ openid: 'o-r7', templateIds: [templateId], longTerm: true });
    const data = { thing1: '在线客服', thing2: '工单进度' };
    const send = (page: string) =>
      wechat.api.sendSubscribeMessage({ touser: 'o-r7', templateId, data, page: page as never });
    await expect(send('pages/orders/detail?orderNo=WO1')).rejects.toMatchObject({ errcode: 41030 }); // page-contract: off (the link messages carried before the contract)
    await expect(send(pageUrl('orderDetail', { orderNo: 'WO1' }))).rejects.toMatchObject({ errcode: 41030 });
    await send(pageLink('orderDetail', { orderNo: 'WO1' }));

    const oa = await sandbox.client.addTemplate({
      tid: 'OPENTM41006',
      keywordNames: ['影响范围'],
      app: 'oa',
    });
    await sandbox.client.follow('o-oa-7');
    const sendOa = (pagepath: string) =>
      wechat.api.sendTemplateMessage({
        touser: 'o-oa-7',
        templateId: oa.templateId,
        data: { thing2: '计划停气' },
        miniprogram: { appid: sandbox.keys.appid, pagepath: pagepath as never },
      });
    await expect(sendOa('pages/notices/detail?id=n1')).rejects.toMatchObject({ errcode: 41030 }); // page-contract: off (the link messages carried before the contract)
    await sendOa(pageLink('noticeDetail', { id: 'n1' }));
    expect((await sandbox.client.listMessages({ touser: 'o-oa-7' })).map((m) => m.page)).toEqual([
      pageLink('noticeDetail', { id: 'n1' }),
    ]);
  });

  it('expires every token as the call after the first `after` arrives: that call gets 42001, the client refetches once', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1007', kidList: [1, 2] });
    await sandbox.client.grantSubscription({ openid: 'o-r7', templateIds: [templateId], longTerm: true });
    const data = { thing1: '计划停气', thing2: '提醒' };
    const send = () => wechat.api.sendSubscribeMessage({ touser: 'o-r7', templateId, data });
    await send(); // the client holds a token
    await expect(
      sandbox.client.injectFault({ kind: 'expireTokens', api: 'subscribe.send', after: -1 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      sandbox.client.injectFault({ kind: 'expireTokens', api: 'pay.jsapi' }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await sandbox.client.injectFault({ kind: 'expireTokens', api: 'subscribe.send', after: 2 });
    await sandbox.client.callCounts(true);
    await send();
    await send();
    // The first two pass untouched: the token they carry is still good.
    expect(await sandbox.client.callCounts()).toEqual({ 'subscribe.send': 2 });
    await send();
    // The third met the expiry (42001) and went again with a new token…
    expect(await sandbox.client.callCounts()).toEqual({ 'subscribe.send': 4, stable_token: 1 });
    await send();
    // …which the fourth used.
    expect(await sandbox.client.callCounts()).toEqual({ 'subscribe.send': 5, stable_token: 1 });
    expect(await sandbox.client.listFaults()).toEqual([]);
    expect(await sandbox.client.listMessages({ touser: 'o-r7', templateId })).toHaveLength(5);
  });

  it('answers 45009 past the configured call rate', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1007', kidList: [1, 2] });
    await sandbox.client.grantSubscription({ openid: 'o-r6', templateIds: [templateId], longTerm: true });
    await sandbox.client.setRateLimit('subscribe.send', 1);
    const data = { thing1: '在线客服', thing2: '提醒' };
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => wechat.api.sendSubscribeMessage({ touser: 'o-r6', templateId, data })),
    );
    await sandbox.client.setRateLimit('subscribe.send', null);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .map((r) => ((r as PromiseRejectedResult).reason as WechatApiError).errcode),
    ).toContain(45009);
  });
});

describe('一户一码', () => {
  const qrPay = RESIDENT_PAGES.qrPay.path;
  it('answers JPEG bytes whose code opens the page with the scene', async () => {
    const image = await wechat.api.getUnlimitedWxaCode({ scene: 'a=3201000123&v=1', page: qrPay });
    expect(imageFormat(image)).toBe('jpeg');
    expect(parseWxaCodeContent((await decodeQrImage(image))!)).toMatchObject({
      page: qrPay,
      scene: 'a=3201000123&v=1',
      envVersion: 'release',
    });
  });

  it('checks the page by default: a page the mini-program lacks is 41030 unless check_path is off', async () => {
    const [retiredPath] = Object.keys(RETIRED_PAGES);
    const retired = retiredPath as never;
    await expect(wechat.api.getUnlimitedWxaCode({ scene: 'Tok.1', page: retired })).rejects.toMatchObject({
      errcode: 41030,
    });
    await expect(
      wechat.api.getUnlimitedWxaCode({ scene: 'Tok.1', page: `${qrPay}?t=1` as never }),
    ).rejects.toMatchObject({ errcode: 41030 });
    await expect(
      wechat.api.getUnlimitedWxaCode({ scene: 'Tok.1', page: `/${qrPay}` as never }),
    ).rejects.toMatchObject({ errcode: 41030 });
    const unchecked = await wechat.api.getUnlimitedWxaCode({
      scene: 'Tok.1',
      page: retired,
      checkPath: false,
      envVersion: 'develop',
    });
    expect(parseWxaCodeContent((await decodeQrImage(unchecked))!)).toMatchObject({
      page: retiredPath,
      envVersion: 'develop',
    });
  });

  it('refuses a scene that is too long or has characters WeChat does not carry, and a bad env_version', async () => {
    await expect(
      wechat.api.getUnlimitedWxaCode({ scene: 'x'.repeat(33), page: qrPay }),
    ).rejects.toMatchObject({ errcode: 40169 });
    await expect(wechat.api.getUnlimitedWxaCode({ scene: '', page: qrPay })).rejects.toMatchObject({
      errcode: 40169,
    });
    await expect(wechat.api.getUnlimitedWxaCode({ scene: '户号=3201', page: qrPay })).rejects.toMatchObject({
      errcode: 40097,
    });
    await expect(wechat.api.getUnlimitedWxaCode({ scene: 'a%20b', page: qrPay })).rejects.toMatchObject({
      errcode: 40097,
    });
    await expect(
      wechat.api.getUnlimitedWxaCode({ scene: 'Tok.1', page: qrPay, envVersion: 'beta' as never }),
    ).rejects.toMatchObject({ errcode: 40097 });
  });

  it('refuses check_path sent as a string (47001), as WeChat does', async () => {
    const { access_token } = (await (
      await fetch(`${sandbox.url}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: sandbox.keys.appid,
          secret: sandbox.keys.appSecret,
        }),
      })
    ).json()) as { access_token: string };
    const res = await fetch(`${sandbox.url}/wxa/getwxacodeunlimit?access_token=${access_token}`, {
      method: 'POST',
      body: JSON.stringify({ scene: 'Tok.1', page: qrPay, check_path: 'false' }),
    });
    expect(await res.json()).toMatchObject({ errcode: 47001 });
  });
});

describe('WeChat Pay round trip', () => {
  it('prepays, pays and delivers a notification the portal verifies', async () => {
    const pay = wechat.pay();
    const params = await pay.createJsapiOrder({
      outTradeNo: 'PAY202611240001',
      description: '燃气费',
      amountFen: 12850,
      openid: 'o-payer',
    });
    expect(params).toMatchObject({
      appId: sandbox.keys.appid,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=wx/),
    });
    const signed = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    const merchantKey = new X509Certificate(sandbox.keys.merchant.certPem).publicKey;
    expect(createVerify('RSA-SHA256').update(signed).verify(merchantKey, params.paySign, 'base64')).toBe(
      true,
    );

    // Same order again is idempotent; a changed amount is refused.
    const again = await pay.createJsapiOrder({
      outTradeNo: 'PAY202611240001',
      description: '燃气费',
      amountFen: 12850,
      openid: 'o-payer',
    });
    expect(again.package).toBe(params.package);
    await expect(
      pay.createJsapiOrder({
        outTradeNo: 'PAY202611240001',
        description: '燃气费',
        amountFen: 1,
        openid: 'o-payer',
      }),
    ).rejects.toMatchObject({ payCode: 'INVALID_REQUEST' });

    expect((await pay.queryByOutTradeNo('PAY202611240001')).trade_state).toBe('NOTPAY');
    // WeChat's pay sheet opens only with the parameters the portal signed.
    const changed = { ...params, nonceStr: `${params.nonceStr}x` };
    await expect(sandbox.client.payOrder('PAY202611240001', { requestPayment: changed })).rejects.toThrow(
      /PAYSIGN_INVALID/,
    );
    const { transactionId } = await sandbox.client.payOrder('PAY202611240001', { requestPayment: params });
    await sandbox.client.settleNotifications();
    expect(received).toContainEqual({
      eventType: 'TRANSACTION.SUCCESS',
      outTradeNo: 'PAY202611240001',
      amount: 12850,
      serial: expect.stringMatching(
        new RegExp(`^(${sandbox.keys.platform.serial}|${sandbox.keys.publicKey.id})$`),
      ),
    });
    const byId = await pay.queryByTransactionId(transactionId);
    expect(byId).toMatchObject({
      trade_state: 'SUCCESS',
      out_trade_no: 'PAY202611240001',
      amount: { total: 12850 },
    });
  });

  it('accepts notifications signed with the WeChat Pay public key, and refunds with a notification', async () => {
    const pay = wechat.pay();
    await sandbox.client.setVerification('publicKey');
    await pay.createJsapiOrder({
      outTradeNo: 'PAY202611240002',
      description: '水费',
      amountFen: 3000,
      openid: 'o-payer',
    });
    await sandbox.client.payOrder('PAY202611240002');
    const refund = await pay.refund({
      outTradeNo: 'PAY202611240002',
      outRefundNo: 'RF202611240002',
      refundFen: 1000,
      totalFen: 3000,
      notifyUrl: pay.opts.notifyUrl,
    });
    expect(refund.status).toBe('PROCESSING');
    await sandbox.client.settleNotifications();
    await sandbox.client.setVerification('switch');
    const mine = received.filter((r) => r.outTradeNo === 'PAY202611240002');
    expect(mine.map((r) => [r.eventType, r.serial])).toEqual([
      ['TRANSACTION.SUCCESS', sandbox.keys.publicKey.id],
      ['REFUND.SUCCESS', sandbox.keys.publicKey.id],
    ]);
    expect((await pay.queryRefund('RF202611240002')).status).toBe('SUCCESS');
  });

  it('retries on the WeChat schedule and gives up when the portal keeps refusing a forged notification', async () => {
    const pay = wechat.pay();
    await pay.createJsapiOrder({
      outTradeNo: 'PAY202611240003',
      description: '热费',
      amountFen: 500,
      openid: 'o-payer',
    });
    await sandbox.client.injectFault({ kind: 'badSignature' });
    await sandbox.client.payOrder('PAY202611240003');
    await sandbox.client.settleNotifications();
    expect(rejected).toContain('WECHATPAY_NOTIFY_SIGNATURE_INVALID');
    const [n] = await sandbox.client.listNotifications('PAY202611240003');
    expect(n.attempts.length).toBe(16);
    expect(n.state).toBe('gaveUp');
    expect(received.some((r) => r.outTradeNo === 'PAY202611240003')).toBe(false);
  });

  it('rejects a request the merchant did not sign with 401 SIGN_ERROR', async () => {
    const res = await fetch(`${sandbox.url}/v3/pay/transactions/jsapi`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization:
          'WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="x",signature="AAAA",timestamp="1",serial_no="1"',
      },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('surfaces injected 5xx as a typed error and closes unpaid orders', async () => {
    const pay = wechat.pay();
    await sandbox.client.injectFault({ kind: 'serverError', api: 'pay.jsapi', status: 503 });
    await expect(
      pay.createJsapiOrder({
        outTradeNo: 'PAY202611240004',
        description: '燃气费',
        amountFen: 100,
        openid: 'o-payer',
      }),
    ).rejects.toBeInstanceOf(WechatPayError);
    await pay.createJsapiOrder({
      outTradeNo: 'PAY202611240004',
      description: '燃气费',
      amountFen: 100,
      openid: 'o-payer',
    });
    await pay.closeOrder('PAY202611240004');
    expect((await pay.queryByOutTradeNo('PAY202611240004')).trade_state).toBe('CLOSED');
  });
});
