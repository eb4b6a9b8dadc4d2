/**
 * Round-trip budgets of the work-order hot paths: filing an order that is dispatched on creation, and
 * the staff board, whose cost must not grow with the page size.
 */
import { SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { connectTestDb, startTestServer, testClock, createTestDeps, type TestServer } from '../harness';
import { expectWithinBudget, watchRoundTrips, type RoundTripWatch, warmSession } from '../roundTripBudget';
import { householder, repairTeam } from './fixtures';

/**
 * GET /api/staff/work-orders, any page size: the page with its total (one aggregate), the node
 * configurations of the types on the page (one $in), their SLA clocks (one $in).
 */
const LIST_STAFF_WORK_ORDERS = 3;
/**
 * POST /api/work-orders with auto-dispatch (was 15). Reads: the account ∥ the type's node configuration,
 * the dispatch rules, the technicians on shift, their loads, the SLA policies (24x7 calendars need no
 * read); writes: the order number, the order (with its SLA due time), the technician's load, the SLA
 * clocks, the two resident messages (one insert). Issue 19's target is 6: it needs the three
 * configuration reads (nodes, rules, policies) cached per process, which is not done yet.
 */
const CREATE_WORK_ORDER_DISPATCHED = 11;

const clock = testClock(new Date('2026-11-18T02:00:00Z')); // a Wednesday, 10:00 in Beijing
let t: TestServer;
let trips: RoundTripWatch;
let team: Awaited<ReturnType<typeof repairTeam>>;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(undefined, { clock }),
    db: await connectTestDb(undefined, { monitorCommands: true }),
  });
  team = await repairTeam(t.deps, { technicians: 4 });
  trips = watchRoundTrips();
});
afterAll(async () => {
  trips.stop();
  await t.close();
});

/** 150 orders of three types across the district, each with two SLA clocks. */
async function busyDistrict() {
  const types = ['repair', 'installation', 'inspection'];
  const orders = Array.from({ length: 150 }, (_, i) => ({
    orderNo: `WO20261117${String(i).padStart(4, '0')}`,
    accountNo: `31000${String(i).padStart(5, '0')}`,
    areaCode: i % 2 ? 'CY-WJY' : 'CY-DSZ',
    type: types[i % 3],
    category: 'other',
    priority: 'normal',
    status: 'accepted',
    state: 'open',
    description: '报修',
    address: '望京园',
    createdBy: { kind: 'resident' },
    queue: 'dispatch',
    history: [],
    seq: 1,
    slaDueAt: new Date(clock.now().getTime() + i * 60_000),
    createdAt: new Date(clock.now().getTime() - i * 60_000),
    updatedAt: clock.now(),
  }));
  await WorkOrderModel.collection.insertMany(orders as never[]);
  await SlaTimerModel.collection.insertMany(
    orders.flatMap((o) =>
      ['response', 'arrival'].map((policyKey, k) => ({
        _id: `${o.orderNo}:${policyKey}:0`,
        orderNo: o.orderNo,
        policyKey,
        label: policyKey,
        targetNode: 'dispatched',
        onBreach: 'escalate',
        calendar: '24x7',
        areaCode: o.areaCode,
        budgetMs: 3_600_000,
        status: 'running',
        startedAt: new Date(o.createdAt.getTime() + k),
        deadline: o.slaDueAt,
      })),
    ) as never[],
  );
}

describe('round trips per request', () => {
  it('a dispatcher reads the board in LIST_STAFF_WORK_ORDERS round trips with 10 or 100 orders on the page', async () => {
    await busyDistrict();
    for (const pageSize of [10, 100]) {
      await warmSession(t.api, team.dispatcher.token, 'staff');
      const { result, commands } = await trips.of((headers) =>
        t.api('GET', `/api/staff/work-orders?state=open&pageSize=${pageSize}`, {
          token: team.dispatcher.token,
          headers,
        }),
      );
      expect(result.status).toBe(200);
      expect(result.body.total).toBe(150);
      expect(result.body.items).toHaveLength(pageSize);
      expect(result.body.items[0].orderNo).toBe('WO202611170000'); // earliest SLA due first
      expect(result.body.items[0].sla.map((s: { key: string }) => s.key)).toEqual(['response', 'arrival']);
      expectWithinBudget(`listWorkOrders (page size ${pageSize})`, commands, LIST_STAFF_WORK_ORDERS);
    }
  });

  it('an agent files a repair that is dispatched on creation in at most CREATE_WORK_ORDER_DISPATCHED round trips', async () => {
    const { account } = await householder(t.deps);
    await warmSession(t.api, team.agent.token, 'staff');
    const { result, commands } = await trips.of((headers) =>
      t.api('POST', '/api/work-orders', {
        token: team.agent.token,
        headers,
        body: {
          accountNo: account.accountNo,
          type: 'repair',
          category: 'indoorFault',
          description: '灶具打不着火',
        },
      }),
    );
    expect(result.status).toBe(201);
    expect(result.body.status).toBe('dispatched');
    expectWithinBudget('createWorkOrder (auto-dispatch)', commands, CREATE_WORK_ORDER_DISPATCHED);
  });
});
