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
    deps: createTestDeps(testConfig({ ...sb.portal, WECHAT_TEMPLATE_IDS: JSON.stringify({ billReminder: { official: 'CFG-OA-BILL' } }) })),
  });
  admin = await makeStaff(t.deps, ['admin']);
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

type Tpl = { event: string; subscribe: { templateId: string; source: string; fields: { key: string; example: string }[] }; official: { templateId: string; source: string }; dataKeys: string[] };
const list = async () => (await t.api<Tpl[]>('GET', '/api/staff/message-templates', { token: admin.token })).body;
const put = (event: string, body: unknown, token = admin.token) => t.api('PUT', `/api/staff/message-templates/${event}`, { token, body });

describe('message templates (消息模板)', () => {
  it('lists every event with its template ids and the field mapping on a sample', async () => {
    const items = await list();
    expect(items.map((i) => i.event).sort()).toEqual(
      ['appointmentReminder', 'billReminder', 'chatReply', 'orderStatus', 'outageNotice', 'paymentReceipt', 'technicianAssigned'],
    );
    const payment = items.find((i) => i.event === 'paymentReceipt')!;
    expect(payment.subscribe).toMatchObject({ templateId: 'TPL-MP-PAYMENT', source: 'default' });
    expect(payment.subscribe.fields.map((f) => f.key)).toEqual(['character_string1', 'amount2', 'time3', 'thing4']);
    expect(payment.subscribe.fields[1].example).toBe('128.50元');
    expect(payment.dataKeys).toEqual(expect.arrayContaining(['accountNo', 'amountFen', 'paidAt']));
  });

  it('sends with the id an admin set, records who changed what, and goes back to the configured id on null', async () => {
    await sb.client.addTemplate({ app: 'oa', templateId: 'OA-NEW-PAYMENT', title: '缴费成功', keys: ['character_string1', 'amount2', 'time3'] });
    const res = await put('paymentReceipt', { officialTemplateId: 'OA-NEW-PAYMENT' });
    expect(res.status).toBe(200);
    expect(res.body.official).toMatchObject({ templateId: 'OA-NEW-PAYMENT', source: 'console' });
    expect(res.body.subscribe).toMatchObject({ templateId: 'TPL-MP-PAYMENT', source: 'default' });

    const r = await makeResident(t.deps);
    await reachable(t.deps, sb, r.userId, { followsOa: true });
    await enqueueMessage({ userId: r.userId, event: 'paymentReceipt', data: { accountNo: '3101000123', amountFen: 100, paidAt: new Date().toISOString() } }, 'test:tpl:1');
    await settle(messageWorker(t.deps));
    const log = await sb.client.listMessages({ touser: `o_oa_${r.userId}` });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'template', templateId: 'OA-NEW-PAYMENT' });

    const entry = await AuditLogModel.findOne({ action: 'messageTemplate.update', 'target.id': 'paymentReceipt' }).lean();
    expect(entry).toMatchObject({ actor: { kind: 'staff', id: admin.staffId }, before: { official: null }, after: { official: 'OA-NEW-PAYMENT' } });

    const back = await put('paymentReceipt', { officialTemplateId: null });
    expect(back.body.official).toMatchObject({ templateId: 'TPL-OA-PAYMENT', source: 'default' });
  });

  it('takes grants for a new subscribe id and tells the mini-program which id to ask for', async () => {
    await put('chatReply', { subscribeTemplateId: 'MP-NEW-CHAT' });
    const r = await makeResident(t.deps);
    const res = await t.api('POST', '/api/subscriptions', { token: r.token, body: { results: { 'MP-NEW-CHAT': 'accept' } } });
    expect(res.status).toBe(200);
    expect(res.body.templates.find((x: { event: string }) => x.event === 'chatReply').templateId).toBe('MP-NEW-CHAT');
    expect(res.body.grants).toEqual([expect.objectContaining({ templateId: 'MP-NEW-CHAT', event: 'chatReply', remaining: 1 })]);
  });

  it('shows an id from WECHAT_TEMPLATE_IDS as configured', async () => {
    const bill = (await list()).find((i) => i.event === 'billReminder')!;
    expect(bill.official).toMatchObject({ templateId: 'CFG-OA-BILL', source: 'config', defaultTemplateId: 'TPL-OA-BILL' });
  });

  it.each([
    ['unknown event', 'noSuchEvent', { subscribeTemplateId: 'X1' }, 'params.event'],
    ['no id given', 'chatReply', {}, 'body.subscribeTemplateId'],
    ['bad characters', 'chatReply', { officialTemplateId: 'a b$' }, 'body.officialTemplateId'],
    ['operator object', 'chatReply', { officialTemplateId: { $ne: 1 } }, 'body.officialTemplateId'],
  ])('%s → 400', async (_n, event, body, field) => {
    const res = await put(event, body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
  });

  it('is for admins only', async () => {
    const operator = await makeStaff(t.deps, ['operator']);
    expect((await t.api('GET', '/api/staff/message-templates', { token: operator.token })).status).toBe(403);
    expect((await put('chatReply', { subscribeTemplateId: 'X2' }, operator.token)).status).toBe(403);
  });
});
