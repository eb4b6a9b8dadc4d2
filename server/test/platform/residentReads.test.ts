/**
 * What residents do, they do a hundred thousand times: no read a resident's request makes may go through no index.
 * Against a seeded demo on a stand-in of its own that logs every collection scan:
 * - every GET a resident (or anyone) may call, as the app declares them, sent as the demo resident. Path ids name the
 *   resident's own records where the demo has them, made-up ones elsewhere: a made-up id must be found missing
 *   through an index too, since anyone can send one;
 * - what residents make on day one: as the fuzz gate makes it (seedRecords.ts), a repair and a complaint, a chat, a
 *   meter reading with its photo, 报停 for two homes and a payment; WeChat Pay's notification that settles it and
 *   发票 for the bill paid; and a neighbour's first WeChat login and 户号 bound by the holder's name, after one
 *   wrong try.
 *
 * Three reads may go through no index (READ_WHOLE), each bounded another way:
 * - the message templates an administrator configures (one per event), which the subscriptions page reads whole;
 * - the holiday calendar (one document a year), which a work order's deadlines read whole;
 * - 开户's list of areas, which is the area tree: one aggregation over the households, cached for a minute in each
 *   process whoever asks (accounts/areas.service.ts), so at most one such read a minute however many residents
 *   open the page.
 */
import mongoose from 'mongoose';
import dayjs from 'dayjs';
import { startInvoicingSandbox, type InvoicingSandbox } from '../../sandbox/invoicing';
import { DEMO_RESIDENT } from '../../src/demo/accounts';
import { seedDemo } from '../../src/demo/seed';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { UserModel } from '../../src/modules/accounts/user.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { NoticeModel } from '../../src/modules/notices/notice.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { concretePath } from '../accounts/routeWalk';
import type { TestServer } from '../harness';
import { startPayTest, type PayTest } from '../billing/payHarness';
import { scanLoggedTestDb, type ScanLoggingStandIn } from './standInProbe';
import { residentRecords } from '../fuzz/seedRecords';
import type { Running } from '../../src/platform/runtime';

const READ_WHOLE: Record<string, string[]> = {
  getMySubscriptions: ['message_templates'],
  listOpeningAreas: ['accounts'],
  dayOne: ['holidayYears'],
};

/** The collections the logged scans read, less those `allowed` may read whole. */
const readWhole = (allowed: string[] = []) => [...new Set(db.scans().filter((c) => !allowed.includes(c)))];

async function demoResident() {
  const user = await UserModel.findOne({ openidMp: DEMO_RESIDENT.openidMp }).lean();
  const userId = String(user!._id);
  const token = await t.deps.tokens.sign({
    kind: 'resident',
    userId,
    openid: DEMO_RESIDENT.openidMp,
    app: 'mp',
  });
  return { userId, token };
}

let db: ScanLoggingStandIn;
let pay: PayTest;
let invoicing: InvoicingSandbox;
const INVOICING_SECRET = 'invoicing-shared-secret-0123456789';
let t: TestServer;
beforeAll(async () => {
  const logged = await scanLoggedTestDb();
  db = logged.scans;
  invoicing = await startInvoicingSandbox({ secret: INVOICING_SECRET });
  pay = await startPayTest({
    db: logged.db,
    env: { INVOICING_BASE_URL: invoicing.url, INVOICING_SECRET, DEMO_ACCOUNTS: '60' },
  });
  t = pay.t;
  await seedDemo(t.deps);
}, 300_000);
afterAll(async () => {
  await invoicing.stop();
  await pay.close();
});

it('every GET a resident may send reads each collection through an index', async () => {
  const { userId, token } = await demoResident();
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
  const week = [dayjs(), dayjs().add(7, 'day')].map((d) => d.format('YYYY-MM-DD'));
  const query: Record<string, string> = {
    listSlots: `?areaCode=${order?.areaCode ?? 'CY-WJY'}&type=repair&from=${week[0]}&to=${week[1]}`,
  };

  const unindexed: Record<string, string[]> = {};
  const answered: Record<string, number> = {};
  for (const r of t.app.routes) {
    const a = r.spec.access;
    if (r.method !== 'get' || (a.kind === 'protected' && !a.resident)) continue;
    const id = r.spec.operationId;
    db.forget();
    answered[id] = (await t.api('GET', concretePath(r.path, own) + (query[id] ?? ''), { token })).status;
    const whole = readWhole(READ_WHOLE[id]);
    if (whole.length) unindexed[id] = whole;
  }

  expect(unindexed).toEqual({});
  // The walk reached the code behind its requests: most answered with the resident's records, none crashed.
  expect(Object.values(answered).filter((s) => s < 300).length).toBeGreaterThanOrEqual(25);
  expect(Object.entries(answered).filter(([, s]) => s >= 500)).toEqual([]);
});

it('what residents make on day one, a payment settled and a 户号 bound, reads each collection through an index', async () => {
  const { token } = await demoResident();
  // The neighbour's home: a household nobody has bound.
  const bound = await BindingModel.distinct('accountNo');
  const home = await AccountModel.findOne({ accountNo: { $nin: bound }, status: 'active' }).lean();
  // A process's first photo checks the photo store's indexes (gridfsStore.ts), once in its life.
  await t.deps.files.put('warm-up', Buffer.from('x'), 'text/plain');
  db.forget();
  await residentRecords({ url: t.url, deps: t.deps } as unknown as Running, token);
  const payments = mongoose.connection.collection('payments');
  const paying = await payments.findOne({ status: 'pending' });
  await pay.sandbox.client.payOrder(paying!.outTradeNo);
  await pay.sandbox.client.settleNotifications();
  expect(await payments.findOne({ _id: paying!._id })).toMatchObject({ status: 'paid' });
  const invoice = await t.api('POST', `/api/bills/${String(paying!.billIds[0])}/invoice`, {
    token,
    body: { titleType: 'personal', title: '王小明', email: 'wang@example.com' },
  });
  expect(invoice.status).toBe(201);

  // A neighbour's first day: a WeChat login, then a 户号 bound by its holder's name, after one wrong try.
  const { code } = await pay.sandbox.client.mintLoginCode({ openid: 'o_reads_neighbour', app: 'mp' });
  const login = await t.api('POST', '/api/auth/wechat-login', { body: { code } });
  expect(login.status).toBe(200);
  const bind = (holderName: string) =>
    t.api('POST', '/api/accounts/bind', {
      token: login.body.token,
      body: { accountNo: home!.accountNo, holderName },
    });
  expect((await bind('不是户主')).status).toBe(422);
  expect((await bind(home!.holder!.name!)).status).toBe(200);

  expect(readWhole(READ_WHOLE.dayOne)).toEqual([]);
});
