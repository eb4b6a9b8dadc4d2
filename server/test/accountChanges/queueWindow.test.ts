/**
 * The approval queues (开户/过户/销户 and 报停/复供) at a utility's volume. Each shows its first 200. The queue's
 * window held every application without a decision, so the ones withdrawn or turned down filled it as they
 * accumulated, and the screen was left empty while new applications waited. The list of every application showed
 * the oldest 200, so no later application ever appeared there. Now the queue counts only applications whose order
 * is still open, and every application is listed newest first; each in a fixed number of round trips.
 */
import { AccountChangeModel } from '../../src/modules/accountChanges/accountChange.model';
import { SupplyChangeModel } from '../../src/modules/accountChanges/supply.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { makeAccount, makeResident, type TestStaff, uploadPhoto } from '../factories';
import { testClock, type TestServer } from '../harness';
import { expectWithinBudget, watchRoundTrips, warmSession, type RoundTripWatch } from '../roundTripBudget';
import { startChangeDesk } from './support';

/**
 * GET /api/staff/account-changes or /api/staff/supply-changes, whatever the queue's size: the open orders filed
 * for approval (queue only), the applications, their orders, accounts and arrears.
 */
const APPROVAL_QUEUE = 5;
const EVERY_APPLICATION = 4;

const transferNo = (i: number) => `WO20251201${String(i).padStart(4, '0')}`;
const suspendNo = (i: number) => `WO20251202${String(i).padStart(4, '0')}`;
const clock = testClock(new Date('2026-12-01T02:00:00Z'));
let t: TestServer;
let supervisor: TestStaff;
let trips: RoundTripWatch;
beforeAll(async () => {
  ({ t, supervisor } = await startChangeDesk(clock, 'QW', { monitorCommands: true }));
  trips = watchRoundTrips();
  // A year of applications already dealt with, in the area: 220 of each queue's kind, withdrawn by the resident
  // or turned down, their orders cancelled; each older than anything applied for today.
  const { accountNo } = await makeAccount({ areaCode: 'QW-A1' });
  const past = (i: number) => new Date(Date.UTC(2025, 11, 1) + i * 3600_000);
  const order = (orderNo: string, type: string, approvalVia: string) => ({
    orderNo,
    accountNo,
    areaCode: 'QW-A1',
    type,
    category: 'other',
    priority: 'normal',
    status: 'cancelled',
    state: 'cancelled',
    description: '已撤回',
    address: '曲湾小区',
    createdBy: { kind: 'resident' },
    approvalVia,
  });
  const applied = (orderNo: string, i: number) => ({
    orderNo,
    accountNo,
    areaCode: 'QW-A1',
    applicantUserId: 'u-past',
    appliedForAt: past(i),
  });
  const n = Array.from({ length: 220 }, (_, i) => i);
  await WorkOrderModel.insertMany([
    ...n.map((i) => order(transferNo(i), 'accountTransfer', 'accountChanges')),
    ...n.map((i) => order(suspendNo(i), 'supplySuspend', 'supplyChanges')),
  ]);
  await AccountChangeModel.insertMany(
    n.map((i) => ({
      ...applied(transferNo(i), i),
      kind: 'transfer',
      ...(i % 2 ? { rejection: { reason: '房产证照片不清晰', at: past(i + 1) } } : {}),
    })),
  );
  await SupplyChangeModel.insertMany(
    n.map((i) => ({ ...applied(suspendNo(i), i), kind: 'suspend', utility: 'gas' })),
  );
});
afterAll(async () => {
  trips.stop();
  await t.close();
});

/** A household of the area with its resident bound, who applies today. */
async function household() {
  const account = await makeAccount({ areaCode: 'QW-A1', holder: { name: '老住户', phone: '13800005555' } });
  const resident = await makeResident(t.deps, { bind: [account.accountNo] });
  return { account, resident };
}

/** The order numbers a list answers, and whether it says more match, held to its round-trip budget. */
async function listed(path: string, query: string): Promise<{ nos: string[]; more: boolean }> {
  await warmSession(t.api, supervisor.token, 'staff');
  const { result: r, commands } = await trips.of((headers) =>
    t.api('GET', `${path}?${query}`, { token: supervisor.token, headers }),
  );
  expectWithinBudget(
    `${path}?${query}`,
    commands,
    query === 'pending=true' ? APPROVAL_QUEUE : EVERY_APPLICATION,
  );
  expect({ status: r.status, body: r.status === 200 ? 'a list' : r.body }).toEqual({
    status: 200,
    body: 'a list',
  });
  return { nos: r.body.items.map((i: { orderNo: string }) => i.orderNo), more: r.body.more };
}

it('过户: an application made today is in the queue and first of every application, past 220 dealt with', async () => {
  const apply = async () => {
    const { account, resident } = await household();
    const r = await t.api('POST', '/api/account-changes', {
      token: resident.token,
      body: {
        kind: 'transfer',
        accountNo: account.accountNo,
        idPhotos: [await uploadPhoto(t, resident.token)],
        propertyProofs: [await uploadPhoto(t, resident.token)],
        newHolder: { name: '新住户', phone: '13900006666', idNumber: '11010519900307123X' },
        handoverReading: 1230,
      },
    });
    expect(r.status).toBe(201);
    return { orderNo: r.body.orderNo as string, resident };
  };
  const waiting = await apply();
  clock.set(new Date('2026-12-01T03:00:00Z'));
  // One more, withdrawn by its resident today through the API: it leaves the queue, and stays in the list.
  const withdrawn = await apply();
  const cancel = await t.api('POST', `/api/work-orders/${withdrawn.orderNo}/transitions`, {
    token: withdrawn.resident.token,
    body: { action: 'cancel', note: '不办了' },
  });
  expect(cancel.status).toBe(200);

  expect(await listed('/api/staff/account-changes', 'pending=true')).toEqual({
    nos: [waiting.orderNo],
    more: false,
  });
  // 222 applications: the newest 200 are listed, and the list says there are more.
  const all = await listed('/api/staff/account-changes', 'pending=false');
  expect(all.nos).toHaveLength(200);
  expect(all.more).toBe(true);
  expect(all.nos.slice(0, 3)).toEqual([withdrawn.orderNo, waiting.orderNo, transferNo(219)]);
});

it('报停: an application made today is in the queue and first of every application, past 220 withdrawn', async () => {
  const { account, resident } = await household();
  const r = await t.api('POST', '/api/supply-changes', {
    token: resident.token,
    body: {
      kind: 'suspend',
      accountNo: account.accountNo,
      reason: '外出务工,房屋空置',
      fromDate: '2026-12-05',
      expectedResumeDate: '2027-03-01',
    },
  });
  expect(r.status).toBe(201);
  expect(await listed('/api/staff/supply-changes', 'pending=true')).toEqual({
    nos: [r.body.orderNo],
    more: false,
  });
  const all = await listed('/api/staff/supply-changes', 'pending=false');
  expect(all.nos).toHaveLength(200);
  expect(all.more).toBe(true);
  expect(all.nos.slice(0, 2)).toEqual([r.body.orderNo, suspendNo(219)]);
});
