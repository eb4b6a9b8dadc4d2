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
 * POST /api/work-orders with auto-dispatch, steady state (was 15, then 11): reads the account, the
 * technicians on shift and their open orders (one aggregate); writes the order (with its SLA due time),
 * its SLA clocks and the two resident messages (one outbox insert). The node configuration, the dispatch
 * rules and the SLA policies come from the configuration cache, the order number from the block of
 * numbers the process holds.
 */
const CREATE_WORK_ORDER_DISPATCHED = 6;
/** The same with a cold process: + node configuration, dispatch rules, SLA policies, a block of numbers. */
const CREATE_WORK_ORDER_COLD = 10;

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
  await WorkOrderModel.insertMany(orders); // through the model, whose hooks derive the list's keys
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

  it('past LIST_COUNT_UP_TO the board says "more than", in the same round trips, and still pages on', async () => {
    const listed = async (page: number) => {
      const { result, commands } = await trips.of((headers) =>
        t.api('GET', `/api/staff/work-orders?state=open&pageSize=20&page=${page}`, {
          token: team.dispatcher.token,
          headers,
        }),
      );
      expect(result.status).toBe(200);
      expectWithinBudget(`listWorkOrders (page ${page}, count capped)`, commands, LIST_STAFF_WORK_ORDERS);
      return result.body as { items: { orderNo: string }[]; total: number; totalCapped?: true };
    };
    const exact = await listed(1);
    expect(exact).toMatchObject({ total: 150 });
    expect(exact).not.toHaveProperty('totalCapped');
    const saved = t.deps.config.LIST_COUNT_UP_TO;
    t.deps.config.LIST_COUNT_UP_TO = 40;
    try {
      const first = await listed(1);
      expect(first).toMatchObject({ total: 40, totalCapped: true });
      expect(first.items.map((o) => o.orderNo)).toEqual(exact.items.map((o) => o.orderNo));
      expect(await listed(3)).toMatchObject({ total: 60, totalCapped: true }); // past the bound: counted to the page's end
      const last = await listed(8);
      expect(last).toMatchObject({ total: 150 });
      expect(last).not.toHaveProperty('totalCapped');
      expect(last.items).toHaveLength(10);
    } finally {
      t.deps.config.LIST_COUNT_UP_TO = saved;
    }
  });

  it('an agent files repairs that are dispatched on creation in CREATE_WORK_ORDER_DISPATCHED round trips once the process is warm', async () => {
    const { account } = await householder(t.deps);
    await warmSession(t.api, team.agent.token, 'staff');
    const file = () =>
      trips.of((headers) =>
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
    const cold = await file();
    expect(cold.result.status).toBe(201);
    expect(cold.result.body.status).toBe('dispatched');
    expectWithinBudget('createWorkOrder (auto-dispatch, cold)', cold.commands, CREATE_WORK_ORDER_COLD);
    const assigned = [cold.result.body.technician?.name];
    for (let i = 0; i < 3; i++) {
      const { result, commands } = await file();
      expect(result.status).toBe(201);
      expect(result.body.status).toBe('dispatched');
      assigned.push(result.body.technician?.name);
      expectWithinBudget('createWorkOrder (auto-dispatch)', commands, CREATE_WORK_ORDER_DISPATCHED);
    }
    // The load read from the orders themselves spreads the four orders over the four technicians.
    expect(new Set(assigned).size).toBe(4);
  });
});
