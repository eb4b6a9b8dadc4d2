import { startTestServer, type TestServer } from '../harness';
import { householder, repairTeam } from './fixtures';
import { makeStaff } from '../factories';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

let n = 0;
async function freshOrder() {
  const area = `T${++n}`;
  const teamName = `维修${n}组`;
  const team = await repairTeam(t.deps, { technicians: 1, area, team: teamName });
  const { account, resident } = await householder(t.deps, `${area}-X`);
  const r = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, category: 'indoorFault', description: '灶具打不着火' },
  });
  expect(r.body.status).toBe('dispatched');
  const assignee = team.technicians.find((x) => x.staff.name === r.body.technician.name)!;
  // Same area, another team: reaches the order, but it is not theirs to work (403, not 404).
  const stranger = await makeStaff(t.deps, ['technician'], {
    team: `其他组${n}`,
    skills: ['gas-repair'],
    areas: [area],
  });
  return { ...team, teamName, resident, account, orderNo: r.body.orderNo as string, assignee, stranger };
}

const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

describe('the repair flow, step by step, by role', () => {
  it('allows each step only to its role and only in order, stamping who and when', async () => {
    const o = await freshOrder();
    // Accepting: only the assignee; residents, other technicians and desk roles are refused.
    expect((await act(o.orderNo, o.resident.token, { action: 'accept' })).status).toBe(403);
    expect((await act(o.orderNo, o.stranger.token, { action: 'accept' })).status).toBe(403);
    expect((await act(o.orderNo, o.dispatcher.token, { action: 'accept' })).status).toBe(403);
    // Out of order: arriving before accepting.
    expect((await act(o.orderNo, o.assignee.token, { action: 'arrive' })).status).toBe(409);
    expect((await act(o.orderNo, o.assignee.token, { action: 'accept' })).status).toBe(200);
    const eta = new Date(Date.now() + 3600_000).toISOString();
    const dep = await act(o.orderNo, o.assignee.token, { action: 'depart', eta });
    expect(dep.status).toBe(200);
    expect(dep.body.eta).toBe(eta);
    expect((await act(o.orderNo, o.stranger.token, { action: 'arrive' })).status).toBe(403);
    const arr = await act(o.orderNo, o.assignee.token, {
      action: 'arrive',
      location: { lat: 39.99, lng: 116.47 },
    });
    expect(arr.body.history.at(-1)).toMatchObject({
      action: 'arrive',
      by: { kind: 'staff', id: o.assignee.staffId },
      location: { lat: 39.99 },
    });
    expect((await act(o.orderNo, o.assignee.token, { action: 'start' })).status).toBe(200);
    // Completing: not by the dispatcher; records materials and labour.
    expect((await act(o.orderNo, o.dispatcher.token, { action: 'complete' })).status).toBe(403);
    const done = await act(o.orderNo, o.assignee.token, {
      action: 'complete',
      note: '更换灶具点火针',
      materials: [{ name: '点火针', quantity: 1, unit: '个', unitPriceFen: 1500 }],
      labourMinutes: 40,
    });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('resolved');
    expect(done.body.materials[0]).toMatchObject({ name: '点火针', unitPriceFen: 1500 });
    expect(done.body.labourMinutes).toBe(40);
    // Closing: agents yes, technicians no.
    expect((await act(o.orderNo, o.assignee.token, { action: 'close' })).status).toBe(403);
    expect((await act(o.orderNo, o.agent.token, { action: 'close' })).status).toBe(200);
    expect((await act(o.orderNo, o.agent.token, { action: 'cancel' })).status).toBe(409);

    const view = await t.api('GET', `/api/work-orders/${o.orderNo}`, { token: o.resident.token });
    expect(view.body.statusLabel).toBe('关闭');
    expect(view.body.timeline.map((e: { label: string }) => e.label)).toEqual([
      '受理',
      '派单',
      '接单',
      '出发',
      '到场',
      '处理',
      '完工',
      '关闭',
    ]);
    expect(view.body.history).toBeUndefined();
  });

  it('lets the resident cancel before the technician accepts, but not after', async () => {
    const a = await freshOrder();
    const c = await act(a.orderNo, a.resident.token, { action: 'cancel', note: '已自行解决' });
    expect(c.status).toBe(200);
    expect(c.body.currentStep).toBe('工单已取消');
    const b = await freshOrder();
    await act(b.orderNo, b.assignee.token, { action: 'accept' });
    expect((await act(b.orderNo, b.resident.token, { action: 'cancel' })).status).toBe(403);
    expect((await act(b.orderNo, b.resident.token, { action: 'complete' })).status).toBe(403);
  });

  it('re-dispatches by dispatchers only; a technician who declines passes the order on', async () => {
    const o = await freshOrder();
    const other = await makeStaff(t.deps, ['technician'], {
      name: '赵师傅',
      team: o.teamName,
      skills: ['gas-repair'],
    });
    expect(
      (await act(o.orderNo, o.agent.token, { action: 'dispatch', assigneeId: other.staffId })).status,
    ).toBe(403);
    expect((await act(o.orderNo, o.resident.token, { action: 'dispatch' })).status).toBe(403);
    const rej = await act(o.orderNo, o.assignee.token, { action: 'reject', note: '不在附近' });
    expect(rej.status).toBe(200);
    // The only other candidate of the team takes it over.
    expect(rej.body.assigneeId).toBe(other.staffId);
    const re = await act(o.orderNo, o.dispatcher.token, { action: 'dispatch', assigneeId: other.staffId });
    expect(re.status).toBe(200);
    expect(re.body.technician.name).toBe('赵师傅');
    expect((await act(o.orderNo, o.assignee.token, { action: 'accept' })).status).toBe(403);
    expect((await act(o.orderNo, other.token, { action: 'accept' })).status).toBe(200);
  });

  it('holds and resumes for the assignee or desk roles, not for residents; nothing advances while on hold', async () => {
    const o = await freshOrder();
    await act(o.orderNo, o.assignee.token, { action: 'accept' });
    expect((await act(o.orderNo, o.resident.token, { action: 'hold' })).status).toBe(403);
    const h = await act(o.orderNo, o.assignee.token, { action: 'hold', note: '等待住户回家' });
    expect(h.body.onHold).toBe(true);
    expect((await act(o.orderNo, o.assignee.token, { action: 'depart' })).status).toBe(409);
    expect((await act(o.orderNo, o.agent.token, { action: 'resume' })).status).toBe(200);
    expect((await act(o.orderNo, o.assignee.token, { action: 'depart' })).status).toBe(200);
  });

  it('approves account changes only by supervisors or admins, and tells registered hooks', async () => {
    const { onWorkOrderTransition } = await import('../../src/modules/workorders');
    const seen: string[] = [];
    onWorkOrderTransition(
      async (e) => void (e.order.type === 'accountTransfer' && seen.push(`${e.action}:${e.to}`)),
    );
    const team = await repairTeam(t.deps);
    const { account } = await householder(t.deps);
    const r = await t.api('POST', '/api/work-orders', {
      token: team.agent.token,
      body: { accountNo: account.accountNo, type: 'accountTransfer', description: '过户给子女' },
    });
    expect(r.body.status).toBe('accepted');
    expect((await act(r.body.orderNo, team.agent.token, { action: 'approve' })).status).toBe(403);
    expect((await act(r.body.orderNo, team.agent.token, { action: 'complete' })).status).toBe(409);
    expect((await act(r.body.orderNo, team.supervisor.token, { action: 'approve' })).status).toBe(200);
    expect((await act(r.body.orderNo, team.agent.token, { action: 'complete' })).status).toBe(200);
    expect(seen).toEqual(['approve:reviewed', 'complete:completed']);
  });
});
