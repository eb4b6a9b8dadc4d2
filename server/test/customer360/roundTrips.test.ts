/**
 * Round-trip budget of the 360° customer record: each feature's section is one or two aggregates over
 * the account's documents, and the sections run in parallel.
 */
import { Types } from 'mongoose';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { bindResident, makeAccount, makeResident, makeStaff } from '../factories';
import { connectTestDb, startTestServer, type TestServer } from '../harness';
import { expectWithinBudget, watchRoundTrips, type RoundTripWatch, warmSession } from '../roundTripBudget';

/**
 * GET /api/staff/customers/:accountNo: the account; the residents bound to it; the bills (newest page,
 * count and arrears in one aggregate); the payments (page and count); the work orders (orders,
 * inspections, counts and ratings in one aggregate); the conversations (page and count). Then the
 * control every staff read of personal data has (access boundaries): the per-minute limit, the hourly
 * volume counter and the audit entry, three writes the record cannot do without.
 */
const GET_CUSTOMER_360 = 6 + 3;

let t: TestServer;
let trips: RoundTripWatch;
beforeAll(async () => {
  t = await startTestServer({ db: await connectTestDb(undefined, { monitorCommands: true }) });
  trips = watchRoundTrips();
});
afterAll(async () => {
  trips.stop();
  await t.close();
});

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);

/** A household with two years of history: bills, payments, repairs, inspections, ratings and chats. */
async function householdWithHistory() {
  const account = await makeAccount({ areaCode: 'CY-WJY' });
  for (let i = 0; i < 2; i++) await bindResident((await makeResident(t.deps)).userId, account.accountNo);
  const { accountNo, areaCode } = account;
  await BillModel.collection.insertMany(
    Array.from({ length: 24 }, (_, i) => ({
      accountNo,
      areaCode,
      utility: 'gas',
      billType: 'usage',
      items: [],
      period: `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      amountDue: 5_000 + i * 10,
      status: i >= 22 ? 'unpaid' : 'paid',
      dueDate: at(i * 30),
      issuedAt: at(i * 30 - 10),
      ...(i < 22 ? { paidAt: at(i * 30 - 5) } : {}),
    })) as never[],
  );
  await PaymentModel.collection.insertMany(
    Array.from({ length: 22 }, (_, i) => ({
      outTradeNo: `T${accountNo}${i}`,
      accountNo,
      areaCode,
      billIds: [],
      amountFen: 5_000 + i * 10,
      status: 'paid',
      channel: 'mp',
      userId: new Types.ObjectId(),
      openid: 'o',
      appid: 'wx',
      mchid: '1',
      paidAt: at(i * 30 - 5),
      createdAt: at(i * 30 - 5),
      timeline: [],
    })) as never[],
  );
  await WorkOrderModel.collection.insertMany(
    Array.from({ length: 15 }, (_, i) => ({
      orderNo: `WO${accountNo}${i}`,
      accountNo,
      areaCode,
      type: i < 5 ? 'inspection' : 'repair',
      category: 'other',
      priority: 'normal',
      status: i % 3 ? 'closed' : 'accepted',
      state: i % 3 ? 'closed' : 'open',
      description: '报修',
      address: '望京园',
      createdBy: { kind: 'resident' },
      ...(i < 5 ? { inspectionPlanId: 'plan-2026', inspectionCycle: 1 } : {}),
      ...(i % 3 ? { rating: { score: 4 + (i % 2), tags: [] } } : {}),
      history: [],
      seq: 1,
      createdAt: at(i * 40),
      updatedAt: at(i * 40),
    })) as never[],
  );
  await ChatSessionModel.collection.insertMany(
    Array.from({ length: 6 }, (_, i) => ({
      userId: 'u',
      accountNo,
      status: 'closed',
      queuedAt: at(i * 50),
      closedAt: at(i * 50 + 1),
      summary: '咨询账单',
    })) as never[],
  );
  return account;
}

describe('round trips per request', () => {
  it('an agent opens the 360° record of a household with two years of history in at most GET_CUSTOMER_360 round trips', async () => {
    const account = await householdWithHistory();
    const agent = await makeStaff(t.deps, ['agent']);
    await warmSession(t.api, agent.token, 'staff');
    // The read limits' counters create their index on first use in a process; steady state is measured.
    expect(
      (await t.api('GET', `/api/staff/customers/${account.accountNo}?limit=10`, { token: agent.token }))
        .status,
    ).toBe(200);
    const { result, commands } = await trips.of((headers) =>
      t.api('GET', `/api/staff/customers/${account.accountNo}?limit=10`, { token: agent.token, headers }),
    );
    expect(result.status).toBe(200);
    const c = result.body;
    expect(c.residents).toHaveLength(2);
    expect(c.billing).toMatchObject({
      arrearsFen: 5_220 + 5_230,
      unpaidCount: 2,
      bills: { total: 24 },
      payments: { total: 22 },
    });
    expect(c.billing.bills.items).toHaveLength(10);
    expect(c.billing.bills.items[0].period).toBe('2026-12');
    expect(c.workOrders).toMatchObject({ total: 10, open: 3 });
    expect(c.workOrders.items).toHaveLength(10);
    expect(c.inspections.total).toBe(5);
    expect(c.ratings).toEqual({ count: 10, average: 4.5 });
    expect(c.chats.total).toBe(6);
    expectWithinBudget('getCustomer360', commands, GET_CUSTOMER_360);
  });
});
