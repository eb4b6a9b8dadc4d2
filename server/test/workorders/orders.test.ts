import { startTestServer, type TestServer } from '../harness';
import { gasLeakSteps } from '@portal/types/src/safety';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { householder, repairTeam } from './fixtures';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('filing a work order', () => {
  it('files a repair, dispatches it to the technician with the fewest open orders and shows a plain-Chinese timeline', async () => {
    const team = await repairTeam(t.deps);
    const { account, resident } = await householder(t.deps);
    const r = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        type: 'repair',
        category: 'indoorFault',
        description: '厨房燃气灶打不着火',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.orderNo).toMatch(/^WO\d{12}$/);
    expect(r.body.status).toBe('dispatched');
    expect(r.body.emergency).toBeNull();
    expect(r.body.technician.name).toMatch(/^师傅/);
    expect(r.body.technician.phoneMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(r.body.timeline.map((e: { text: string }) => e.text)[0]).toBe('您的工单已提交,已受理');
    expect(r.body.address).toContain('望京园');

    const second = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: { accountNo: account.accountNo, category: 'indoorFault', description: '热水器异响' },
    });
    expect(second.body.technician.name).not.toBe(r.body.technician.name);

    const notes = await OutboxModel.find({
      kind: 'message.send',
      'payload.data.orderNo': r.body.orderNo,
    }).lean();
    expect(notes.map((n) => (n.payload as { event: string }).event)).toEqual(
      expect.arrayContaining(['orderStatus']),
    );
    expect(team.technicians).toHaveLength(2);
  });

  it('makes a gas leak urgent and answers with the emergency instructions and hotline', async () => {
    await repairTeam(t.deps);
    const { account, resident } = await householder(t.deps);
    const r = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        category: 'gasLeak',
        description: '闻到很浓的燃气味',
        urgency: 'normal',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.priority).toBe('urgent');
    expect(r.body.priorityLabel).toBe('紧急');
    expect(r.body.emergency.hotline).toBe(t.deps.config.SERVICE_HOTLINE);
    // The same steps, in the same order, as the mini-program's emergency card, ending with the hotline.
    expect(r.body.emergency.instructions).toEqual(gasLeakSteps(t.deps.config.SERVICE_HOTLINE));
    expect(r.body.emergency.instructions.at(-1)).toContain(t.deps.config.SERVICE_HOTLINE);
  });

  it('numbers orders uniquely even when many are filed at once', async () => {
    await repairTeam(t.deps);
    const { account, resident } = await householder(t.deps);
    const rs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.api('POST', '/api/work-orders', {
          token: resident.token,
          body: { accountNo: account.accountNo, description: `问题${i}` },
        }),
      ),
    );
    const nos = rs.map((r) => r.body.orderNo);
    expect(rs.every((r) => r.status === 201)).toBe(true);
    expect(new Set(nos).size).toBe(10);
  });

  it('answers 404 for an order of an account that is not the resident’s, and for a foreign account', async () => {
    await repairTeam(t.deps);
    const mine = await householder(t.deps);
    const other = await householder(t.deps);
    const r = await t.api('POST', '/api/work-orders', {
      token: other.resident.token,
      body: { accountNo: other.account.accountNo, description: '漏水' },
    });
    const peek = await t.api('GET', `/api/work-orders/${r.body.orderNo}`, { token: mine.resident.token });
    expect(peek.status).toBe(404);
    const act = await t.api('POST', `/api/work-orders/${r.body.orderNo}/transitions`, {
      token: mine.resident.token,
      body: { action: 'cancel' },
    });
    expect(act.status).toBe(404);
    const file = await t.api('POST', '/api/work-orders', {
      token: mine.resident.token,
      body: { accountNo: other.account.accountNo, description: 'x' },
    });
    expect(file.status).toBe(404);
    const list = await t.api('GET', '/api/work-orders', { token: mine.resident.token });
    expect(list.body.items.map((o: { orderNo: string }) => o.orderNo)).not.toContain(r.body.orderNo);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const { account, resident } = await householder(t.deps);
    const r = await t.api('POST', '/api/work-orders', {
      token: resident.token,
      body: {
        accountNo: account.accountNo,
        description: '',
        category: 'volcano',
        photos: Array(10).fill('6740a1b2c3d4e5f601234567'),
      },
    });
    expect(r.status).toBe(400);
    const paths = r.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.description', 'body.category', 'body.photos']));
    const bad = await t.api('POST', '/api/work-orders/WO202601010001/transitions', {
      token: resident.token,
      body: { action: 'fly' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.action');
  });

  it('lets an agent file an order for a customer, and puts it in the dispatcher queue when no rule matches', async () => {
    const team = await repairTeam(t.deps);
    const { account } = await householder(t.deps, 'XX-NOWHERE');
    const r = await t.api('POST', '/api/work-orders', {
      token: team.agent.token,
      body: { accountNo: account.accountNo, description: '电话报修:表不走字', category: 'meterFault' },
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('accepted');
    expect(r.body.queue).toBeUndefined();
    const board = await t.api('GET', '/api/staff/work-orders?queue=dispatch', { token: team.admin.token });
    expect(board.body.items.map((o: { orderNo: string }) => o.orderNo)).toContain(r.body.orderNo);
    expect(board.body.items[0].queue).toBe('dispatch');
  });
});
