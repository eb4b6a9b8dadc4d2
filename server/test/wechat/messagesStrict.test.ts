/**
 * Subscribe and template messages as strict as WeChat: templates are picked from the library with
 * keywords WeChat numbers, sends to an openid WeChat does not know are 40003, without a grant 43101,
 * data breaking a keyword's rule 47003, and the official account's daily quota is the account's. All
 * through the portal's real WeChat client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createWechatClients, type WechatClients } from '../../src/platform/wechat';
import { connectTestDb, testConfig } from '../harness';

let sandbox: RunningSandbox;
let wechat: WechatClients;
let db: Awaited<ReturnType<typeof connectTestDb>>;

beforeAll(async () => {
  sandbox = await startSandbox({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'messages-strict-')),
    templateDailyQuota: 3,
  });
  db = await connectTestDb();
  wechat = createWechatClients(testConfig(sandbox.portalEnv({})), { now: () => new Date() });
});
afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
});

describe('templates', () => {
  it('lists a picked template with the keywords WeChat numbered, so two picks of one template name them differently', async () => {
    const a = await sandbox.client.addTemplate({ tid: '1001', kidList: [1, 3, 4] });
    const b = await sandbox.client.addTemplate({ tid: '1001', kidList: [6, 3] });
    const listed = await wechat.api.listTemplates('mp');
    const keywords = (id: string) => listed.find((t) => t.templateId === id)?.keywords;
    expect(keywords(a.templateId)).toEqual([
      { keyword: 'character_string1', name: '户号' },
      { keyword: 'amount3', name: '缴费金额' },
      { keyword: 'time4', name: '缴费时间' },
    ]);
    expect(keywords(b.templateId)).toEqual([
      { keyword: 'thing6', name: '备注' },
      { keyword: 'amount3', name: '缴费金额' },
    ]);
    const official = await sandbox.client.addTemplate({
      app: 'oa',
      tid: 'OPENTM41002',
      keywordNames: ['应缴金额', '户号'],
    });
    expect(
      (await wechat.api.listTemplates('oa')).find((t) => t.templateId === official.templateId)?.keywords,
    ).toEqual([
      { keyword: 'amount3', name: '应缴金额' },
      { keyword: 'character_string1', name: '户号' },
    ]);
  });

  it('refuses a template that is not in the library and keyword lists WeChat would refuse', async () => {
    await expect(sandbox.client.addTemplate({ tid: '999999' })).rejects.toThrow(/200014/);
    await expect(sandbox.client.addTemplate({ tid: '1001', kidList: [1] })).rejects.toThrow(/200020/);
    await expect(sandbox.client.addTemplate({ tid: '1001', kidList: [1, 42] })).rejects.toThrow(/200020/);
    await expect(
      sandbox.client.addTemplate({ app: 'oa', tid: 'OPENTM41001', keywordNames: ['无此关键词'] }),
    ).rejects.toThrow(/40246/);
  });
});

describe('subscribe messages', () => {
  const data = { character_string1: '3201000123', amount3: '128.50元', time4: '2026年11月30日 18:00' };

  it('refuses an openid the mini-program never saw with 40003, an official-account openid included', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1001', kidList: [1, 3, 4] });
    await expect(
      wechat.api.sendSubscribeMessage({ touser: 'o-nobody', templateId, data }),
    ).rejects.toMatchObject({ errcode: 40003 });
    const { openid } = await sandbox.client.mintLoginCode({ openid: 'o-oa-only', app: 'oa' });
    await expect(wechat.api.sendSubscribeMessage({ touser: openid, templateId, data })).rejects.toMatchObject(
      { errcode: 40003 },
    );
  });

  it('refuses a send without a grant with 43101, and takes one grant per message', async () => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1001', kidList: [1, 3, 4] });
    const { openid } = await sandbox.client.mintLoginCode({ openid: 'o-grant' });
    await expect(wechat.api.sendSubscribeMessage({ touser: openid, templateId, data })).rejects.toMatchObject(
      { errcode: 43101 },
    );
    await sandbox.client.grantSubscription({ openid, templateIds: [templateId] });
    await wechat.api.sendSubscribeMessage({ touser: openid, templateId, data });
    await expect(wechat.api.sendSubscribeMessage({ touser: openid, templateId, data })).rejects.toMatchObject(
      { errcode: 43101 },
    );
  });

  it.each([
    ['a missing keyword', { character_string1: '3201000123', amount3: '128.50元' }],
    ['a keyword the template does not have', { ...data, thing6: '备注' }],
    [
      'a keyword under another number',
      { character_string2: '3201000123', amount3: '128.50元', time4: '2026年11月30日 18:00' },
    ],
    ['an amount that is not an amount', { ...data, amount3: '一百元' }],
    ['a character_string with Chinese in it', { ...data, character_string1: '户号3201000123' }],
    ['a time that is not a time', { ...data, time4: '明天下午' }],
  ])('refuses %s with 47003', async (_what, bad) => {
    const { templateId } = await sandbox.client.addTemplate({ tid: '1001', kidList: [1, 3, 4] });
    const { openid } = await sandbox.client.mintLoginCode({ openid: `o-47003-${Math.random()}` });
    await sandbox.client.grantSubscription({ openid, templateIds: [templateId], longTerm: true });
    await expect(
      wechat.api.sendSubscribeMessage({ touser: openid, templateId, data: bad as Record<string, string> }),
    ).rejects.toMatchObject({ errcode: 47003 });
    await expect(
      wechat.api.sendSubscribeMessage({ touser: openid, templateId, data }),
    ).resolves.toHaveProperty('msgid');
  });
});

describe('official-account template messages', () => {
  it('counts the daily quota for the whole account, whichever template is used', async () => {
    const bill = await sandbox.client.addTemplate({
      app: 'oa',
      tid: 'OPENTM41002',
      keywordNames: ['户号', '应缴金额'],
    });
    const chat = await sandbox.client.addTemplate({
      app: 'oa',
      tid: 'OPENTM41007',
      keywordNames: ['客服名称', '回复内容'],
    });
    await sandbox.client.follow('o-follower');
    const toBill = () =>
      wechat.api.sendTemplateMessage({
        touser: 'o-follower',
        templateId: bill.templateId,
        data: { character_string1: '3201000123', amount3: '128.50元' },
      });
    const toChat = () =>
      wechat.api.sendTemplateMessage({
        touser: 'o-follower',
        templateId: chat.templateId,
        data: { thing1: '在线客服', thing2: '您好' },
      });
    await toBill();
    await toChat();
    await toBill();
    await expect(toChat()).rejects.toMatchObject({ errcode: 45009 });
    await expect(toBill()).rejects.toMatchObject({ errcode: 45009 });
  });
});
