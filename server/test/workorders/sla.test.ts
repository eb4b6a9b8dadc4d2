import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { addWorkingTime, workingTimeBetween } from '../../src/platform/time';
import { calendar } from '../../src/modules/workorders/config/configs';
import { EscalationModel, SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { sweepOnce } from '../../src/modules/workorders/sla/slaJob';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { householder, repairTeam } from './fixtures';
import { makeStaff } from '../factories';
import { createWorker } from '../../src/platform/outbox/worker';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { sandboxSmsCollection } from '../../src/modules/messaging/sms';
import { ESCALATION_NOTIFY } from '../../src/modules/workorders/sla/escalation.service';
import { workOrdersFeature } from '../../src/modules/workorders/feature';

const clock = testClock(new Date('2026-11-23T02:00:00.000Z')); // Monday 10:00 in Shanghai
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
});
afterAll(() => t.close());

const HOUR = 3600_000;
let n = 0;
async function order(category: string, opts: { technicians?: number } = {}) {
  const area = `S${++n}`;
  const team = await repairTeam(t.deps, { area, team: `SLA组${n}`, technicians: opts.technicians ?? 1 });
  const { account, resident } = await householder(t.deps, `${area}-X`);
  const r = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, category, description: '测试' },
  });
  expect(r.status).toBe(201);
  return { ...team, resident, orderNo: r.body.orderNo as string };
}
const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });
const assigneeToken = async (o: Awaited<ReturnType<typeof order>>) => {
  const doc = await WorkOrderModel.findOne({ orderNo: o.orderNo }).lean();
  return o.technicians.find((x) => x.staffId === doc!.assigneeId)!.token;
};

describe('SLA clocks', () => {
  it('counts business hours across split shifts, weekends and holidays', async () => {
    const cal = await calendar('business'); // 2026's holidays are the published schedule
    // Friday 2026-11-27 16:30 Shanghai + 2 working hours → Monday 09:30 (1 h Friday, 1 h Monday from 08:30).
    const end = addWorkingTime(cal, new Date('2026-11-27T08:30:00Z'), 2 * HOUR);
    expect(end.toISOString()).toBe('2026-11-30T01:30:00.000Z');
    // The lunch break does not count: 11:00 → 14:30 is 2 working hours.
    expect(workingTimeBetween(cal, new Date('2026-11-23T03:00:00Z'), new Date('2026-11-23T06:30:00Z'))).toBe(
      2 * HOUR,
    );
    // National Day holiday: 2026-09-30 17:00 + 1 h → 2026-10-08 09:00.
    expect(addWorkingTime(cal, new Date('2026-09-30T09:00:00Z'), HOUR).toISOString()).toBe(
      '2026-10-08T01:00:00.000Z',
    );
  });

  it('escalates a breached gas-leak arrival exactly once even with two workers sweeping at the same time', async () => {
    const o = await order('gasLeak');
    clock.advance(2 * HOUR); // past 1 h arrival and 5 min accept: but accept clocks reassign, arrival escalates
    const results = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => sweepOnce(t.deps, `worker-a-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => sweepOnce(t.deps, `worker-b-${i}`)),
    ]);
    expect(results.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const esc = await EscalationModel.find({ orderNo: o.orderNo }).lean();
    expect(esc.map((e) => e.policy).sort()).toEqual(
      ['repair.gasLeak.arrive', 'repair.resolve'].filter((k) => esc.some((e) => e.policy === k)).sort(),
    );
    expect(esc.filter((e) => e.policy === 'repair.gasLeak.arrive')).toHaveLength(1);
    expect(esc[0].supervisorIds).toContain(o.supervisor.staffId);
    const doc = await WorkOrderModel.findOne({ orderNo: o.orderNo }).lean();
    expect(doc!.escalated).toBe(true);
    expect(
      doc!.history.filter((h) => h.action === 'escalate' && h.note?.includes('1 小时内到场')),
    ).toHaveLength(1);
    // Sweeping again changes nothing.
    await Promise.all([sweepOnce(t.deps, 'a'), sweepOnce(t.deps, 'b')]);
    expect(
      await EscalationModel.countDocuments({ orderNo: o.orderNo, policy: 'repair.gasLeak.arrive' }),
    ).toBe(1);
    const inbox = await t.api('GET', '/api/escalations', { token: o.supervisor.token });
    expect(inbox.body.items.map((e: { orderNo: string }) => e.orderNo)).toContain(o.orderNo);

    // The area's supervisor is told through the outbox exactly once per escalation (SMS, as kpi alerts).
    const all = await EscalationModel.find({ orderNo: o.orderNo }).lean();
    const notes = await OutboxModel.find({
      kind: ESCALATION_NOTIFY,
      'payload.escalationId': { $in: all.map((e) => e._id) },
    }).lean();
    expect(notes.map((x) => `${x.payload.escalationId}:${x.payload.staffId}`).sort()).toEqual(
      all.map((e) => `${e._id}:${o.supervisor.staffId}`).sort(),
    );
    const worker = createWorker({ handlers: workOrdersFeature.jobs!(t.deps), kinds: [ESCALATION_NOTIFY] });
    await worker.drain();
    await Promise.all([sweepOnce(t.deps, 'c'), sweepOnce(t.deps, 'd')]);
    await worker.drain();
    const sms = await sandboxSmsCollection()
      .find({ text: { $regex: o.orderNo } })
      .toArray();
    expect(sms).toHaveLength(all.length);
    expect(sms.find((m) => m.text.includes('1 小时内到场'))).toBeDefined();
  });

  it('tells every supervisor whose area covers the order, and no one else, once per escalation', async () => {
    const o = await order('gasLeak');
    const regional = await makeStaff(t.deps, ['supervisor'], { areas: [`S${n}-X`], phone: '13900009999' });
    const elsewhere = await makeStaff(t.deps, ['supervisor'], { areas: ['ZZ'] });
    clock.advance(2 * HOUR);
    await Promise.all([sweepOnce(t.deps, 'e'), sweepOnce(t.deps, 'f')]);
    const arrive = await EscalationModel.findOne({
      orderNo: o.orderNo,
      policy: 'repair.gasLeak.arrive',
    }).lean();
    const notes = await OutboxModel.find({
      kind: ESCALATION_NOTIFY,
      'payload.escalationId': arrive!._id,
    }).lean();
    expect(notes.map((x) => x.payload.staffId).sort()).toEqual(
      [o.supervisor.staffId, regional.staffId].sort(),
    );
    expect(notes.map((x) => x.payload.staffId)).not.toContain(elsewhere.staffId);
  });

  it('stops every clock at resolution: no breach after the order is completed', async () => {
    const o = await order('indoorFault');
    const tok = await assigneeToken(o);
    for (const action of ['accept', 'depart', 'arrive', 'start', 'complete'])
      expect((await act(o.orderNo, tok, { action })).status).toBe(200);
    clock.advance(10 * 24 * HOUR);
    await sweepOnce(t.deps, 'w');
    expect(await EscalationModel.countDocuments({ orderNo: o.orderNo })).toBe(0);
    const clocks = await SlaTimerModel.find({ orderNo: o.orderNo }).lean();
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c) => c.status === 'met' && !c.deadline)).toBe(true);
    const view = await t.api('GET', `/api/work-orders/${o.orderNo}`, { token: o.dispatcher.token });
    expect(view.body.slaDueAt).toBeNull();
    expect(view.body.sla.every((c: { remainingSeconds: number | null }) => c.remainingSeconds === null)).toBe(
      true,
    );
  });

  it('pauses while waiting on the customer and resumes with the time that was left', async () => {
    const o = await order('indoorFault');
    const tok = await assigneeToken(o);
    await act(o.orderNo, tok, { action: 'accept' });
    clock.advance(HOUR); // 1 h of the 4 h arrival budget used
    await act(o.orderNo, tok, { action: 'hold', note: '住户不在家,约晚上' });
    clock.advance(8 * HOUR);
    await sweepOnce(t.deps, 'w');
    expect(await EscalationModel.countDocuments({ orderNo: o.orderNo })).toBe(0);
    await act(o.orderNo, tok, { action: 'resume' });
    const arrive = await SlaTimerModel.findOne({
      orderNo: o.orderNo,
      policyKey: 'repair.indoorFault.arrive',
    }).lean();
    expect(arrive!.status).toBe('running');
    expect(arrive!.deadline!.getTime() - clock.now().getTime()).toBe(3 * HOUR);
  });

  it('takes the order from a technician who does not accept in time and gives it to the next candidate', async () => {
    const o = await order('indoorFault', { technicians: 2 });
    const first = (await WorkOrderModel.findOne({ orderNo: o.orderNo }).lean())!.assigneeId;
    clock.advance(31 * 60_000);
    await Promise.all([sweepOnce(t.deps, 'a'), sweepOnce(t.deps, 'b')]);
    const doc = (await WorkOrderModel.findOne({ orderNo: o.orderNo }).lean())!;
    expect(doc.status).toBe('dispatched');
    expect(doc.assigneeId).not.toBe(first);
    expect(doc.passedOver).toContain(first);
    expect(doc.history.filter((h) => h.action === 'reject')).toHaveLength(1);
    // The new assignee's accept clock is fresh.
    const accept = await SlaTimerModel.findOne({
      orderNo: o.orderNo,
      policyKey: 'repair.accept',
      status: 'running',
    }).lean();
    expect(accept!.assigneeId).toBe(doc.assigneeId);
  });

  it('the inbox lists the newest 200 escalations and says when there are more', async () => {
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['INBOX'] });
    const at = clock.now().getTime();
    const escalation = (i: number) => ({
      _id: `inbox-${i}`,
      orderNo: `WO-INBOX-${i}`,
      policy: 'repair.resolve',
      label: '48 小时内完工',
      areaCode: 'INBOX-A',
      breachedAt: new Date(at - i * 60_000),
      level: 1,
    });
    const inbox = async (open: boolean) =>
      (await t.api('GET', `/api/escalations?open=${open}`, { token: supervisor.token })).body;
    await EscalationModel.insertMany(Array.from({ length: 200 }, (_, i) => escalation(i)));
    expect(await inbox(true)).toMatchObject({ more: false });
    await EscalationModel.create(escalation(200));
    const listed = await inbox(true);
    expect(listed.more).toBe(true);
    expect(listed.items.map((e: { id: string }) => e.id)).toEqual(
      Array.from({ length: 200 }, (_, i) => `inbox-${i}`),
    );
    expect(await inbox(false)).toMatchObject({ more: true });
    // Once one is confirmed, the inbox holds the rest.
    const ack = await t.api('POST', '/api/escalations/inbox-0/acknowledge', { token: supervisor.token });
    expect(ack.status).toBe(200);
    expect((await inbox(true)).more).toBe(false);
    expect((await inbox(true)).items).toHaveLength(200);
  });
});
