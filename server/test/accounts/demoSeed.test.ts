import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { DEMO_RESIDENT, DEMO_STAFF, seedAccounts } from '../../src/demo/accounts';
import { seedWorkOrders } from '../../src/demo/workOrders';
import { workOrdersFeature } from '../../src/modules/workorders/feature';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig({ DEMO_ACCOUNTS: '60' })) });
  await seedAccounts(t.deps);
  await seedAccounts(t.deps); // a second run adds nothing
});
afterAll(() => t.close());

it('seeds households across districts and communities with Chinese names and addresses', async () => {
  expect(await AccountModel.countDocuments()).toBe(60);
  const districts = await AccountModel.distinct('address.district');
  expect(districts.length).toBe(5);
  const a = await AccountModel.findOne({ utility: 'gas' }).lean();
  expect(a!.holder!.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
  expect(a!.areaCode).toMatch(/^[A-Z]{2}-[A-Z]+$/);
});

it('every demo staff login works with its documented password', async () => {
  for (const s of DEMO_STAFF) {
    const res = await t.api('POST', '/api/staff/login', {
      body: { username: s.username, password: s.password },
    });
    expect(res.status).toBe(200);
    expect(res.body.staff.roles).toEqual(s.roles);
  }
});

it('binds the demo resident to three homes', async () => {
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  expect(await BindingModel.countDocuments({ userId: user!._id })).toBe(3);
});

it('the demo’s finished 过户 orders are history: the occupancy sweep takes no household from its residents', async () => {
  await seedWorkOrders(t.deps, { orders: 400 });
  expect(
    await WorkOrderModel.countDocuments({ type: 'accountTransfer', state: { $in: ['resolved', 'closed'] } }),
  ).toBeGreaterThan(0);
  const sweep = workOrdersFeature.jobs!(t.deps);
  const kind = Object.keys(sweep).find((k) => k.includes('occupancy'))!;
  expect(await sweep[kind]!({}, {} as never)).toEqual({ applied: 0 });
  expect(await AccountModel.countDocuments({ holderRevision: { $gt: 0 } })).toBe(0);
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  expect(await BindingModel.countDocuments({ userId: user!._id })).toBe(3);
});
