/**
 * Staff alerts on WeCom (企业微信) application messages, against the sandbox over real HTTP: a new order
 * reaches the area's dispatchers, an escalation its supervisor; an expired token is fetched again once; a
 * worker that sent and died before recording it does not reach anyone twice; an unknown member stops at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { workOrdersFeature } from '../../src/modules/workorders/feature';
import { createWorkOrder } from '../../src/modules/workorders/orders/workorder.service';
import { NEW_ORDER_ALERT, newOrderAlertJob } from '../../src/modules/workorders/orders/newOrderAlert';
import { ESCALATION_NOTIFY } from '../../src/modules/workorders/sla/escalation.service';
import { EscalationModel } from '../../src/modules/workorders/sla/sla.model';
import { enqueue } from '../../src/platform/outbox/outbox';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker, type JobHandler } from '../../src/platform/outbox/worker';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let sandbox: RunningSandbox;
let t: TestServer;
let admin: TestStaff;
let dispatcher: TestStaff;

beforeAll(async () => {
  sandbox = await startSandbox({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-')) });
  t = await startTestServer({
    deps: createTestDeps(testConfig({ ...sandbox.portalEnv({}), ...sandbox.wecomEnv() })),
  });
  admin = await makeStaff(t.deps, ['admin']);
  dispatcher = await makeStaff(t.deps, ['dispatcher'], { areas: ['WX'] });
  await sandbox.client.addWecomMembers(['WangDispatch', 'liu.supervisor']);
});
afterAll(async () => {
  await t?.close();
  await sandbox?.stop();
});

const jobs = () => workOrdersFeature.jobs!(t.deps);
const drain = (kinds = [NEW_ORDER_ALERT, ESCALATION_NOTIFY]) =>
  createWorker({ handlers: jobs(), kinds, pollMs: 10 }).drain();

async function newOrder(accountNo: string) {
  const { order } = await createWorkOrder(
    t.deps,
    { kind: 'system' },
    {
      accountNo,
      type: 'repair',
      category: 'other',
      description: '厨房燃气灶打不着火',
      photos: [],
      urgency: 'normal',
    },
  );
  return order;
}

describe('a staff member is mapped to a WeCom userid on the staff screen', () => {
  it('an admin sets, shows and clears the WeCom userid; a malformed one is a 400 naming the field', async () => {
    const setTo = (wecomUserId: string) =>
      t.api('PATCH', `/api/staff/users/${dispatcher.staffId}`, { token: admin.token, body: { wecomUserId } });
    expect((await setTo('someone.else')).body.wecomUserId).toBe('someone.else');
    const cleared = await setTo('');
    expect(cleared.status).toBe(200);
    expect(cleared.body.wecomUserId).toBeUndefined();
    const set = await setTo('WangDispatch');
    expect(set.status).toBe(200);
    expect(set.body.wecomUserId).toBe('WangDispatch');
    const list = await t.api('GET', '/api/staff/users?role=dispatcher', { token: admin.token });
    expect(list.body.items.find((s: { id: string }) => s.id === dispatcher.staffId).wecomUserId).toBe(
      'WangDispatch',
    );
    const bad = await t.api('PATCH', `/api/staff/users/${dispatcher.staffId}`, {
      token: admin.token,
      body: { wecomUserId: '王 调度' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.wecomUserId');
    expect(bad.body.error.fields[0].message).toContain('企业微信账号');
  });
});

describe('new-order and escalation alerts reach staff phones through WeCom', () => {
  it("a new order reaches the area's dispatcher once, as a card that opens the order in the console", async () => {
    const account = await makeAccount({ accountNo: '7101000001', areaCode: 'WX-A1' });
    const order = await newOrder(account.accountNo);
    expect(
      await OutboxModel.countDocuments({ kind: NEW_ORDER_ALERT, dedupeKey: `wo-new:${order.orderNo}` }),
    ).toBe(1);
    await drain();
    await drain();
    const got = await sandbox.client.listWecomMessages('WangDispatch');
    const mine = got.filter((m) => m.textcard?.title.includes(order.orderNo));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      msgtype: 'textcard',
      delivered: ['wangdispatch'],
      textcard: { url: expect.stringMatching(new RegExp(`/console/work-orders/${order.orderNo}$`)) },
    });
    expect(mine[0]!.textcard!.title).toContain('报修');
  });

  it('an expired access token is fetched again once and the message still goes out', async () => {
    const account = await makeAccount({ accountNo: '7101000002', areaCode: 'WX-A1' });
    await drain(); // nothing left over from earlier tests
    await sandbox.client.expireWecomTokens();
    const before = await sandbox.client.callCounts();
    const order = await newOrder(account.accountNo);
    await drain();
    const after = await sandbox.client.callCounts();
    expect((after['wecom.send'] ?? 0) - (before['wecom.send'] ?? 0)).toBe(2); // 42001, then sent
    expect((after['wecom.gettoken'] ?? 0) - (before['wecom.gettoken'] ?? 0)).toBe(1);
    const got = await sandbox.client.listWecomMessages('WangDispatch');
    expect(got.filter((m) => m.textcard?.title.includes(order.orderNo))).toHaveLength(1);
    expect(await OutboxModel.findOne({ dedupeKey: `wo-new:${order.orderNo}` }).lean()).toMatchObject({
      status: 'done',
    });
  });

  it('a worker that sent and died before recording it: the re-run reaches nobody twice', async () => {
    const account = await makeAccount({ accountNo: '7101000003', areaCode: 'WX-A1' });
    const order = await newOrder(account.accountNo);
    // Worker A sends, then never records the outcome (killed); its 1 ms lease is over at once.
    let sentByA!: () => void;
    const aSent = new Promise<void>((r) => (sentByA = r));
    const real = newOrderAlertJob(t.deps);
    const dying: JobHandler = async (payload) => {
      await real(payload);
      sentByA();
      return new Promise(() => undefined);
    };
    void createWorker({ handlers: { [NEW_ORDER_ALERT]: dying }, leaseMs: 1 }).runOnce();
    await aSent;
    // Worker B takes the abandoned entry over and sends again: the same request, which WeCom drops.
    expect(await drain([NEW_ORDER_ALERT])).toBe(1);
    const requests = (await sandbox.client.listWecomMessages()).filter((m) =>
      m.textcard?.title.includes(order.orderNo),
    );
    expect(requests.map((m) => m.duplicate)).toEqual([false, true]);
    const phone = (await sandbox.client.listWecomMessages('WangDispatch')).filter((m) =>
      m.textcard?.title.includes(order.orderNo),
    );
    expect(phone).toHaveLength(1);
    expect(await OutboxModel.findOne({ dedupeKey: `wo-new:${order.orderNo}` }).lean()).toMatchObject({
      status: 'done',
      attempts: 2,
    });
  });

  it("an escalation reaches the supervisor's WeCom; a userid WeCom does not know fails at once (81013)", async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['WX'] });
    await t.api('PATCH', `/api/staff/users/${supervisor.staffId}`, {
      token: admin.token,
      body: { wecomUserId: 'liu.supervisor' },
    });
    const stranger = await makeStaff(t.deps, ['supervisor'], { areas: ['WX'] });
    await t.api('PATCH', `/api/staff/users/${stranger.staffId}`, {
      token: admin.token,
      body: { wecomUserId: 'left.the.company' },
    });
    const esc = await EscalationModel.create({
      _id: 'WO202612020099:repair.arrive:1',
      orderNo: 'WO202612020099',
      policy: 'repair.arrive',
      label: '到场超时',
      areaCode: 'WX-A1',
      breachedAt: new Date('2026-12-02T02:00:00Z'),
      level: 1,
      supervisorIds: [supervisor.staffId, stranger.staffId],
    });
    for (const staffId of [supervisor.staffId, stranger.staffId]) {
      await enqueue({
        kind: ESCALATION_NOTIFY,
        dedupeKey: `wo-escalation:${esc._id}:${staffId}`,
        payload: { escalationId: String(esc._id), staffId },
      });
    }
    await drain([ESCALATION_NOTIFY]);
    const got = await sandbox.client.listWecomMessages('liu.supervisor');
    expect(got).toHaveLength(1);
    expect(got[0]!.textcard).toMatchObject({ title: '工单超时升级 WO202612020099' });
    expect(got[0]!.textcard!.description).toContain('到场超时');
    expect(got[0]!.textcard!.description).toContain('2026-12-02 10:00');
    const failed = await OutboxModel.findOne({
      dedupeKey: `wo-escalation:${esc._id}:${stranger.staffId}`,
    }).lean();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toContain('81013');
  });
});
