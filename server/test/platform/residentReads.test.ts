/**
 * What residents ask, they ask a hundred thousand times: no read a resident's request makes may go through no
 * index. Every GET a resident (or anyone) may call, as /openapi.json declares them, is sent as the demo resident to a
 * seeded demo on a stand-in of its own that logs every collection scan. Path ids name the resident's own records
 * where the demo has them, and made-up ones elsewhere: a made-up id must be found missing through an index too,
 * since anyone can send one.
 *
 * Two reads may go through no index (READ_WHOLE), each bounded another way:
 * - the message templates an administrator configures (one per event), which the subscriptions page reads whole;
 * - 开户's list of areas, which is the area tree: one aggregation over the households, cached for a minute in each
 *   process whoever asks (accounts/areas.service.ts), so at most one such read a minute however many residents
 *   open the page.
 */
import mongoose from 'mongoose';
import dayjs from 'dayjs';
import { DEMO_RESIDENT } from '../../src/demo/accounts';
import { seedDemo } from '../../src/demo/seed';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { NoticeModel } from '../../src/modules/notices/notice.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { connectDb } from '../../src/platform/db/mongo';
import { concretePath } from '../accounts/routeWalk';
import { createTestDeps, startTestServer, testConfig, testDbName, type TestServer } from '../harness';
import { startScanLoggingStandIn, type ScanLoggingStandIn } from './standInProbe';

const READ_WHOLE: Record<string, string[]> = {
  getMySubscriptions: ['message_templates'],
  listOpeningAreas: ['accounts'],
};

let db: ScanLoggingStandIn;
let t: TestServer;
beforeAll(async () => {
  db = await startScanLoggingStandIn();
  const dbName = testDbName();
  await connectDb(db.uri, dbName);
  t = await startTestServer({
    deps: createTestDeps(testConfig({ DEMO_ACCOUNTS: '60' })),
    db: {
      dbName,
      drop: async () => {
        await mongoose.disconnect();
        await db.stop();
      },
    },
  });
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  await seedDemo(t.deps);
}, 300_000);
afterAll(() => t.close());

it('every GET a resident may send reads each collection through an index', async () => {
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  const userId = String(user!._id);
  const homes = (await BindingModel.find({ userId }).lean()).map((b) => b.accountNo);
  const bill = await BillModel.findOne({ accountNo: { $in: homes } }).lean();
  const order = await WorkOrderModel.findOne({ accountNo: { $in: homes } }).lean();
  const notice = await NoticeModel.findOne().lean();
  const own: Record<string, string> = {
    accountNo: homes[0]!,
    billId: String(bill!._id),
    id: String(notice!._id),
    ...(order ? { orderNo: order.orderNo } : {}),
  };
  const query: Record<string, string> = {
    listSlots: `?areaCode=${order?.areaCode ?? 'CY-WJY'}&type=repair&from=${dayjs().format('YYYY-MM-DD')}&to=${dayjs().add(7, 'day').format('YYYY-MM-DD')}`,
  };
  const token = await t.deps.tokens.sign({
    kind: 'resident',
    userId,
    openid: DEMO_RESIDENT.openidMp,
    app: 'mp',
  });

  const readWhole: Record<string, string[]> = {};
  const answered: Record<string, number> = {};
  for (const r of t.app.routes) {
    const a = r.spec.access;
    if (r.method !== 'get' || (a.kind === 'protected' && !a.resident)) continue;
    const id = r.spec.operationId;
    db.forget();
    const res = await t.api('GET', concretePath(r.path, own) + (query[id] ?? ''), { token });
    answered[id] = res.status;
    const scans = db.scans().map((s) => s.slice(s.indexOf('.') + 1));
    const unindexed = [...new Set(scans)].filter((c) => !READ_WHOLE[id]?.includes(c));
    if (unindexed.length) readWhole[id] = unindexed;
  }

  expect(readWhole).toEqual({});
  // The walk reached the code behind its requests: most answered with the resident's records, none crashed.
  const ok = Object.values(answered).filter((s) => s < 300).length;
  expect(ok).toBeGreaterThanOrEqual(25);
  expect(Object.entries(answered).filter(([, s]) => s >= 500)).toEqual([]);
});
