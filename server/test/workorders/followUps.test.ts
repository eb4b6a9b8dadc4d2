/**
 * 回访 desk: which completed orders are sampled per order type, the task list with the order, the
 * resident's rating and the conversation, the call's outcome, and a low 回访 score reopening the order.
 */
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeStaff } from '../factories';
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { inSample, sampleRate } from '../../src/modules/workorders/ratings/sampling';
import { FollowUpModel } from '../../src/modules/workorders/ratings/followup.model';
import { householder, repairTeam } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        FOLLOW_UP_SAMPLE_PERCENT: '0',
        FOLLOW_UP_SAMPLE_RATES: 'repair:100,complaint:0',
        FOLLOW_UP_REOPEN_MAX_SCORE: '2',
      }),
    ),
  });
});
afterAll(() => t.close());

const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/work-orders/${orderNo}/transitions`, { token, body });

/** A repair order filed by the resident and completed by the technician it was dispatched to. */
async function completedRepair(area: string, teamName: string) {
  const team = await repairTeam(t.deps, { area, team: teamName, technicians: 1 });
  const { account, resident } = await householder(t.deps, `${area}-1`);
  const o = await t.api('POST', '/api/work-orders', {
    token: resident.token,
    body: { accountNo: account.accountNo, description: '灶具打不着火', category: 'indoorFault' },
  });
  expect(o.status).toBe(201);
  for (const action of ['accept', 'depart', 'arrive', 'start', 'complete'])
    expect((await act(o.body.orderNo, team.technicians[0].token, { action })).status).toBe(200);
  return { team, account, resident, orderNo: o.body.orderNo as string };
}

describe('sampling per order type', () => {
  it('decides by the order number alone, and samples close to the configured share', () => {
    const nos = Array.from({ length: 4000 }, (_, i) => `WO20261202${String(i).padStart(4, '0')}`);
    const picked = nos.filter((no) => inSample(no, 30));
    expect(picked.length / nos.length).toBeGreaterThan(0.27);
    expect(picked.length / nos.length).toBeLessThan(0.33);
    expect(nos.filter((no) => inSample(no, 30))).toEqual(picked);
    expect(nos.filter((no) => inSample(no, 0))).toHaveLength(0);
    expect(nos.filter((no) => inSample(no, 100))).toHaveLength(nos.length);
  });

  it('reads the share of each order type from the rates, and the default share for the others', () => {
    const config = { FOLLOW_UP_SAMPLE_RATES: 'installation:100, repair:30', FOLLOW_UP_SAMPLE_PERCENT: 10 };
    expect(sampleRate(config, 'installation')).toBe(100);
    expect(sampleRate(config, 'repair')).toBe(30);
    expect(sampleRate(config, 'consultation')).toBe(10);
  });

  it('opens a 回访 task when a sampled type is completed, and none for a type sampled at 0%', async () => {
    const { orderNo } = await completedRepair('FS', '抽样组');
    expect(await FollowUpModel.find({ orderNo }).lean()).toMatchObject([
      { _id: `${orderNo}:sample:0`, reason: 'sample', status: 'open', areaCode: 'FS-1' },
    ]);

    const { account, resident } = await householder(t.deps, 'FS-2');
    const agent = await makeStaff(t.deps, ['agent'], { areas: ['FS'] });
    const c = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'complaint',
        description: '抄表员态度差',
        category: 'other',
      },
    });
    expect(c.status).toBe(201);
    expect((await act(c.body.orderNo, agent.token, { action: 'start' })).status).toBe(200);
    // A complaint is completed with the reply the resident reads.
    const done = await act(c.body.orderNo, agent.token, {
      action: 'complete',
      note: '已向抄表班组核实并致歉',
    });
    expect(done.status).toBe(200);
    expect(await FollowUpModel.countDocuments({ orderNo: c.body.orderNo })).toBe(0);
  });
});

describe('the 回访 desk', () => {
  it('lists the task with the order, the resident’s rating and the conversation about it', async () => {
    const { team, resident, orderNo } = await completedRepair('FL', '回访组');
    const rated = await t.api('POST', `/api/work-orders/${orderNo}/rating`, {
      token: resident.token,
      body: { score: 4, tags: ['准时'], comment: '师傅很耐心' },
    });
    expect(rated.status).toBe(200);
    const session = await ChatSessionModel.create({
      userId: resident.userId,
      orderNo,
      status: 'closed',
      queuedAt: new Date('2026-11-30T02:00:00Z'),
      lastSeq: 4,
    });
    await ChatMessageModel.insertMany(
      ['我家灶具打不着火', '已为您登记报修', '师傅几点到?', '预计下午两点'].map((text, i) => ({
        sessionId: String(session._id),
        seq: i + 1,
        from: i % 2 ? 'agent' : 'resident',
        kind: 'text',
        text,
      })),
    );

    const list = await t.api('GET', '/api/follow-ups', { token: team.agent.token });
    expect(list.status).toBe(200);
    const task = list.body.items.find((x: { orderNo: string }) => x.orderNo === orderNo);
    expect(task).toMatchObject({
      reason: 'sample',
      status: 'open',
      orderType: 'repair',
      orderState: 'closed',
      rating: { score: 4, tags: ['准时'], comment: '师傅很耐心' },
      conversation: { sessionId: String(session._id), status: 'closed' },
    });
    expect(task.conversation.excerpt.map((m: { text: string }) => m.text)).toEqual([
      '已为您登记报修',
      '师傅几点到?',
      '预计下午两点',
    ]);

    // Agents serve the whole city; another area's supervisor sees none of it; a technician may not open the desk.
    const stranger = await makeStaff(t.deps, ['supervisor'], { areas: ['ZZ'] });
    const theirs = await t.api('GET', '/api/follow-ups', { token: stranger.token });
    expect(theirs.body.items.some((x: { orderNo: string }) => x.orderNo === orderNo)).toBe(false);
    const tech = await t.api('GET', '/api/follow-ups', { token: team.technicians[0].token });
    expect(tech.status).toBe(403);
  });

  it('reopens the order with a timeline entry when the resident scores the call low', async () => {
    const { team, resident, orderNo } = await completedRepair('FR', '重开组');
    await t.api('POST', `/api/work-orders/${orderNo}/rating`, { token: resident.token, body: { score: 5 } });
    const id = `${orderNo}:sample:0`;

    const noScore = await t.api('POST', `/api/follow-ups/${id}/complete`, {
      token: team.agent.token,
      body: { outcome: 'reached' },
    });
    expect(noScore.status).toBe(400);
    expect(noScore.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.score');
    const outsider = await makeStaff(t.deps, ['supervisor'], { areas: ['ZZ'] });
    const foreign = await t.api('POST', `/api/follow-ups/${id}/complete`, {
      token: outsider.token,
      body: { outcome: 'reached', score: 1 },
    });
    expect(foreign.status).toBe(404);

    const done = await t.api('POST', `/api/follow-ups/${id}/complete`, {
      token: team.agent.token,
      body: { outcome: 'reached', score: 1, result: '燃气灶仍时好时坏' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'reached', followUpScore: 1, reopened: true });

    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: team.supervisor.token });
    expect(order.body.state).toBe('open');
    const reopen = (order.body.history as { action: string; note?: string; by: { kind: string } }[]).find(
      (h) => h.action === 'reopen',
    );
    expect(reopen).toMatchObject({ note: '回访评分 1 分,重新处理:燃气灶仍时好时坏', by: { kind: 'staff' } });

    const again = await t.api('POST', `/api/follow-ups/${id}/complete`, {
      token: team.agent.token,
      body: { outcome: 'reached', score: 1 },
    });
    expect(again.status).toBe(404);
  });

  it('records a call saved by two agents at once once, and reopens the order once', async () => {
    const { team, orderNo } = await completedRepair('FC', '并发组');
    const other = await makeStaff(t.deps, ['agent'], { areas: [] });
    const id = `${orderNo}:sample:0`;
    const results = await Promise.all(
      [team.agent.token, other.token].map((token) =>
        t.api('POST', `/api/follow-ups/${id}/complete`, { token, body: { outcome: 'reached', score: 1 } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404]);
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: team.supervisor.token });
    expect(order.body.history.filter((h: { action: string }) => h.action === 'reopen')).toHaveLength(1);
  });

  it('leaves the order closed for a good score, and records a call nobody answered without a score', async () => {
    const a = await completedRepair('FG', '好评回访组');
    await t.api('POST', `/api/work-orders/${a.orderNo}/rating`, {
      token: a.resident.token,
      body: { score: 5 },
    });
    const good = await t.api('POST', `/api/follow-ups/${a.orderNo}:sample:0/complete`, {
      token: a.team.agent.token,
      body: { outcome: 'reached', score: 3 },
    });
    expect(good.body).toMatchObject({ followUpScore: 3, reopened: false, orderState: 'closed' });

    const b = await completedRepair('FN', '未接通组');
    const scored = await t.api('POST', `/api/follow-ups/${b.orderNo}:sample:0/complete`, {
      token: b.team.agent.token,
      body: { outcome: 'notReached', score: 2 },
    });
    expect(scored.status).toBe(400);
    const missed = await t.api('POST', `/api/follow-ups/${b.orderNo}:sample:0/complete`, {
      token: b.team.agent.token,
      body: { outcome: 'notReached', result: '无人接听' },
    });
    expect(missed.body).toMatchObject({ outcome: 'notReached', followUpScore: null, reopened: false });
    expect(missed.body.orderState).toBe('resolved');
  });

  it('lists the newest 200 tasks and says when more wait', async () => {
    // A supervisor of FUQ: agents see the whole city's tasks, the other tests' among them.
    const supervisor = await makeStaff(t.deps, ['supervisor'], { areas: ['FUQ'] });
    const listed = async (status: 'open' | 'done') =>
      (await t.api('GET', `/api/follow-ups?status=${status}`, { token: supervisor.token })).body;
    const base = Date.now();
    await FollowUpModel.insertMany(
      Array.from({ length: 201 }, (_, i) => ({
        _id: `WO-FUQ-${i}:sample:1`,
        orderNo: `WO-FUQ-${i}`,
        accountNo: `FUQ${i}`,
        areaCode: 'FUQ-A',
        reason: 'sample',
        createdAt: new Date(base - i * 60_000),
      })),
    );
    const open = await listed('open');
    expect(open.more).toBe(true);
    expect(open.items.map((x: { orderNo: string }) => x.orderNo)).toEqual(
      Array.from({ length: 200 }, (_, i) => `WO-FUQ-${i}`),
    );
    expect(await listed('done')).toEqual({ items: [], more: false });
    await FollowUpModel.updateOne({ _id: 'WO-FUQ-0:sample:1' }, { $set: { status: 'done' } });
    expect((await listed('open')).more).toBe(false);
  });
});
