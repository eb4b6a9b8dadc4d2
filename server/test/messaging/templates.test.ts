import { AuditLogModel } from '../../src/platform/audit';
import { enqueueMessage } from '../../src/modules/messaging';
import { makeResident, makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { messageWorker, reachable, settle, startMessagingSandbox } from './support';

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
let admin: TestStaff;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  // The deployment configured its own official-account id for bill reminders.
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        ...sb.portal,
        WECHAT_TEMPLATE_IDS: JSON.stringify({ billReminder: { official: 'CFG-OA-BILL' } }),
      }),
    ),
  });
  admin = await makeStaff(t.deps, ['admin']);
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

type Channel = {
  templateId: string;
  source: string;
  defaultTemplateId: string;
  mapping: Array<{ keyword: string; source: { field?: string; text?: string }; example: string }>;
};
type Tpl = {
  event: string;
  subscribe: Channel;
  official: Channel;
  dataFields: Array<{ key: string; rules: string[] }>;
};
const list = async () =>
  (await t.api<Tpl[]>('GET', '/api/staff/message-templates', { token: admin.token })).body;
const put = (event: string, body: unknown, token = admin.token) =>
  t.api('PUT', `/api/staff/message-templates/${event}`, { token, body });
const fieldsOf = (res: { body: { error: { fields: Array<{ path: string; message: string }> } } }) =>
  res.body.error.fields;

describe('message templates (消息模板)', () => {
  it('lists every event with its templates, each keyword with what fills it on a sample, and the fields a keyword can show', async () => {
    const items = await list();
    expect(items.map((i) => i.event).sort()).toEqual([
      'appointmentReminder',
      'billReminder',
      'chatReply',
      'orderStatus',
      'outageNotice',
      'paymentReceipt',
      'technicianAssigned',
    ]);
    const payment = items.find((i) => i.event === 'paymentReceipt')!;
    expect(payment.subscribe).toMatchObject({ templateId: 'TPL-MP-PAYMENT', source: 'default' });
    expect(payment.subscribe.mapping.map((m) => m.keyword)).toEqual([
      'character_string1',
      'amount3',
      'time4',
      'thing6',
    ]);
    expect(payment.subscribe.mapping[1]).toEqual({
      keyword: 'amount3',
      source: { field: 'amountFen' },
      example: '128.50元',
    });
    expect(payment.dataFields.find((f) => f.key === 'amountFen')!.rules).toEqual([
      'amount',
      'number',
      'thing',
    ]);
  });

  it("lists the templates in the utility's WeChat accounts with their keywords", async () => {
    const res = await t.api('GET', '/api/staff/message-templates/wechat', { token: admin.token });
    expect(res.status).toBe(200);
    const payment = res.body.subscribe.find((x: { templateId: string }) => x.templateId === 'TPL-MP-PAYMENT');
    expect(payment).toMatchObject({ title: '缴费成功通知' });
    expect(payment.keywords[1]).toEqual({ keyword: 'amount3', name: '缴费金额', rule: 'amount' });
    expect(res.body.official.map((x: { templateId: string }) => x.templateId)).toContain('TPL-OA-PAYMENT');
  });

  it('sends with the template and mapping an admin set, records who changed what, and goes back to the configured one on null', async () => {
    // The utility picked another payment template in its official account: other keywords, other numbers.
    await sb.client.addTemplate({
      app: 'oa',
      templateId: 'OA-NEW-PAYMENT',
      tid: 'OPENTM41001',
      keywordNames: ['缴费金额', '户名', '备注'],
    });
    const official = {
      templateId: 'OA-NEW-PAYMENT',
      mapping: {
        amount3: { field: 'amountFen' },
        name2: { text: '尊敬的用户' },
        thing6: { field: 'accountNo' },
      },
    };
    const res = await put('paymentReceipt', { official });
    expect(res.status).toBe(200);
    expect(res.body.official).toMatchObject({ templateId: 'OA-NEW-PAYMENT', source: 'console' });
    expect(res.body.subscribe).toMatchObject({ templateId: 'TPL-MP-PAYMENT', source: 'default' });

    const r = await makeResident(t.deps);
    await reachable(t.deps, sb, r.userId, { followsOa: true });
    await enqueueMessage(
      {
        userId: r.userId,
        event: 'paymentReceipt',
        data: { accountNo: '3101000123', amountFen: 100, paidAt: new Date().toISOString() },
      },
      'test:tpl:1',
    );
    await settle(messageWorker(t.deps));
    const log = await sb.client.listMessages({ touser: `o_oa_${r.userId}` });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'template', templateId: 'OA-NEW-PAYMENT' });
    expect(log[0].data).toEqual({
      amount3: { value: '1.00元' },
      name2: { value: '尊敬的用户' },
      thing6: { value: '3101000123' },
    });

    const entry = await AuditLogModel.findOne({
      action: 'messageTemplate.update',
      'target.id': 'paymentReceipt',
    }).lean();
    expect(entry).toMatchObject({
      actor: { kind: 'staff', id: admin.staffId },
      before: { official: null },
      after: { official },
    });

    const back = await put('paymentReceipt', { official: null });
    expect(back.body.official).toMatchObject({ templateId: 'TPL-OA-PAYMENT', source: 'default' });
  });

  it('refuses a mapping that does not fit the template: keywords left out or unknown, a field the type cannot show, a fixed text past its rule', async () => {
    await sb.client.addTemplate({ app: 'mp', templateId: 'MP-BILL-2', tid: '1002', kidList: [1, 3, 4, 5] });
    const res = await put('billReminder', {
      subscribe: {
        templateId: 'MP-BILL-2',
        mapping: {
          character_string1: { field: 'period' },
          amount3: { field: 'accountNo' },
          date4: { field: 'dueAt' },
          thing7: { text: '多余' },
        },
      },
    });
    expect(res.status).toBe(400);
    const problems = fieldsOf(res);
    expect(problems.map((p) => p.path).sort()).toEqual([
      'body.subscribe.mapping.amount3',
      'body.subscribe.mapping.character_string1',
      'body.subscribe.mapping.thing5',
      'body.subscribe.mapping.thing7',
    ]);
    expect(problems.find((p) => p.path.endsWith('amount3'))!.message).toMatch(/户号.*amount/);

    const tooLong = await put('billReminder', {
      subscribe: {
        templateId: 'MP-BILL-2',
        mapping: {
          character_string1: { field: 'accountNo' },
          amount3: { field: 'amountFen' },
          date4: { field: 'dueAt' },
          thing5: { text: '请于截止日期前缴清本期全部燃气费用以免影响正常使用' },
        },
      },
    });
    expect(fieldsOf(tooLong)).toEqual([
      expect.objectContaining({
        path: 'body.subscribe.mapping.thing5',
        message: expect.stringMatching(/20/),
      }),
    ]);

    const notThere = await put('billReminder', {
      official: { templateId: 'NOT-PICKED', mapping: { thing1: { text: '提醒' } } },
    });
    expect(fieldsOf(notThere)).toEqual([expect.objectContaining({ path: 'body.official.templateId' })]);

    const ok = await put('billReminder', {
      subscribe: {
        templateId: 'MP-BILL-2',
        mapping: {
          character_string1: { field: 'accountNo' },
          amount3: { field: 'amountFen' },
          date4: { field: 'dueAt' },
          thing5: { text: '请按时缴费' },
        },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.subscribe.mapping.map((m: { example: string }) => m.example)).toEqual([
      '3100000001',
      '128.50元',
      '2026年12月15日',
      '请按时缴费',
    ]);
  });

  it('takes grants for a new subscribe template and tells the mini-program which id to ask for', async () => {
    await sb.client.addTemplate({ app: 'mp', templateId: 'MP-NEW-CHAT', tid: '1007', kidList: [2, 3] });
    const set = await put('chatReply', {
      subscribe: {
        templateId: 'MP-NEW-CHAT',
        mapping: { thing2: { field: 'content' }, time3: { field: 'at' } },
      },
    });
    expect(set.status).toBe(200);
    const r = await makeResident(t.deps);
    const res = await t.api('POST', '/api/subscriptions', {
      token: r.token,
      body: { results: { 'MP-NEW-CHAT': 'accept' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.templates.find((x: { event: string }) => x.event === 'chatReply').templateId).toBe(
      'MP-NEW-CHAT',
    );
    expect(res.body.grants).toEqual([
      expect.objectContaining({ templateId: 'MP-NEW-CHAT', event: 'chatReply', remaining: 1 }),
    ]);
  });

  it('shows an id from WECHAT_TEMPLATE_IDS as configured', async () => {
    const bill = (await list()).find((i) => i.event === 'billReminder')!;
    expect(bill.official).toMatchObject({
      templateId: 'CFG-OA-BILL',
      source: 'config',
      defaultTemplateId: 'TPL-OA-BILL',
    });
  });

  it.each([
    ['unknown event', 'noSuchEvent', { subscribe: null }, 'params.event'],
    ['nothing to set', 'chatReply', {}, 'body.subscribe'],
    [
      'bad template id',
      'chatReply',
      { official: { templateId: 'a b$', mapping: { thing1: { text: '提醒' } } } },
      'body.official.templateId',
    ],
    [
      'operator object',
      'chatReply',
      { official: { templateId: { $ne: 1 }, mapping: { thing1: { text: '提醒' } } } },
      'body.official.templateId',
    ],
    [
      'keyword not named like WeChat names them',
      'chatReply',
      { official: { templateId: 'X1', mapping: { 'data.$x': { text: '提醒' } } } },
      'body.official.mapping',
    ],
    [
      'a source neither field nor text',
      'chatReply',
      { official: { templateId: 'X1', mapping: { thing1: { value: 'x' } } } },
      'body.official.mapping.thing1',
    ],
  ])('%s → 400', async (_n, event, body, field) => {
    const res = await put(event, body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).join(' ')).toContain(field);
  });

  it('is for admins only', async () => {
    const operator = await makeStaff(t.deps, ['operator']);
    expect((await t.api('GET', '/api/staff/message-templates', { token: operator.token })).status).toBe(403);
    expect(
      (await t.api('GET', '/api/staff/message-templates/wechat', { token: operator.token })).status,
    ).toBe(403);
    expect((await put('chatReply', { subscribe: null }, operator.token)).status).toBe(403);
  });
});
