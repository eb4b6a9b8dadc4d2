/**
 * A resident reaches only their own households' records. Household A has an account, a bill, a payment,
 * a work order with an appointment, a conversation and a photo; resident B (with a household of their
 * own) tries each of A's ids on every resident endpoint that takes one, and gets that record's 404 (its
 * existence is not confirmed) with nothing of A's changed, while A's same request gets past the check.
 * Routes are walked from app.routes; every resident operation is either walked or listed in idorCases.ts
 * as naming no other household's record, and the count is asserted against /openapi.json.
 */
import sharp from 'sharp';
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { ChatMessageModel } from '../../src/modules/chat/chatMessage.model';
import { ChatSessionModel } from '../../src/modules/chat/chatSession.model';
import { UploadModel } from '../../src/modules/uploads/upload.model';
import { AppointmentModel } from '../../src/modules/workorders/appointments/appointment.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { makeAccount, makeResident, makeStaff, type TestResident } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { makeBill } from '../billing/billFactories';
import {
  idorCases,
  NO_HOUSEHOLD_ID,
  NOT_FOUND_BY_PARAM,
  type HouseholdIds,
  type IdorCase,
} from './idorCases';
import { concretePath, describeRoute, documentedOperations, residentAllowed } from './routeWalk';
import type { RouteDef } from '../../src/platform/http/route';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const fill = (v: unknown, ids: HouseholdIds): unknown =>
  JSON.parse(
    JSON.stringify(v ?? null).replace(/\$(\w+)/g, (m, name: string) =>
      name in ids ? ids[name as keyof HouseholdIds] : m,
    ),
  );

const householdParams = (r: RouteDef) =>
  [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((p) => p in NOT_FOUND_BY_PARAM);

function request(r: RouteDef, c: IdorCase, ids: HouseholdIds) {
  const query = c.query
    ? '?' + new URLSearchParams(fill(c.query, ids) as Record<string, string>).toString()
    : '';
  const body = ['get', 'delete'].includes(r.method) ? undefined : (fill(c.body ?? {}, ids) ?? {});
  const params = { ...ids, ...(fill(c.params ?? {}, ids) as Record<string, string>) };
  return { path: concretePath(r.path, params) + query, body };
}

/** The refusal another household's id gets: the case's, else that of the first record the path names. */
const expectedCode = (r: RouteDef, c: IdorCase) =>
  c.expect ?? NOT_FOUND_BY_PARAM[householdParams(r)[0] ?? 'accountNo']!;

function casesFor(routes: RouteDef[]): [RouteDef, IdorCase][] {
  return routes
    .filter((r) => residentAllowed(r) && (householdParams(r).length > 0 || idorCases[r.spec.operationId]))
    .map((r) => [r, idorCases[r.spec.operationId] ?? {}]);
}

it('walks every resident operation in /openapi.json, or lists why it names no household’s record', async () => {
  const documented = (await documentedOperations(t))
    .filter((op) => /Allowed: resident/.test(op.description))
    .map((op) => op.operationId)
    .sort();
  const walked = casesFor(t.app.routes).map(([r]) => r.spec.operationId);
  const listed = Object.keys(NO_HOUSEHOLD_ID);
  expect(walked.filter((id) => listed.includes(id))).toEqual([]);
  expect([...walked, ...listed].sort()).toEqual(documented);
  expect(walked.length + listed.length).toBe(documented.length);
  expect(walked.length).toBeGreaterThanOrEqual(29);
  // Every entry of idorCases is a resident operation that is walked.
  expect(Object.keys(idorCases).filter((id) => !walked.includes(id))).toEqual([]);
});

describe('another household’s records are "not found" on every resident endpoint', () => {
  let owner: TestResident;
  let intruder: TestResident;
  let ids: HouseholdIds;

  /** Everything of household A an intruder could change, to compare before and after. */
  async function householdState() {
    const [account, bindings, bill, payment, order, appointment, session, messages, photo] =
      await Promise.all([
        AccountModel.findOne({ accountNo: ids.accountNo }).lean(),
        BindingModel.find({ accountNo: ids.accountNo }).sort({ _id: 1 }).lean(),
        BillModel.findById(ids.billId).lean(),
        PaymentModel.findOne({ outTradeNo: ids.outTradeNo }).lean(),
        WorkOrderModel.findOne({ orderNo: ids.orderNo }).lean(),
        AppointmentModel.findById(ids.appointmentId).lean(),
        ChatSessionModel.findById(ids.sessionId).lean(),
        ChatMessageModel.countDocuments({ sessionId: ids.sessionId }),
        UploadModel.findById(ids.photoId).lean(),
      ]);
    return JSON.stringify({ account, bindings, bill, payment, order, appointment, session, messages, photo });
  }

  beforeAll(async () => {
    const area = 'IDOR-A1';
    const account = await makeAccount({ areaCode: area, holder: { name: '王芳', phone: '13811112222' } });
    owner = await makeResident(t.deps, { bind: [account.accountNo] });
    intruder = await makeResident(t.deps, {
      bind: [(await makeAccount({ areaCode: 'IDOR-B1' })).accountNo],
    });
    const as = (method: string, path: string, body?: unknown) =>
      t.api(method, path, { token: owner.token, body });

    const bill = await makeBill(account, { status: 'paid' });
    const outTradeNo = `IDOR${Date.now()}`.slice(0, 32);
    await PaymentModel.create({
      outTradeNo,
      accountNo: account.accountNo,
      areaCode: area,
      billIds: [bill._id],
      amountFen: bill.amountDue,
      status: 'paid',
      channel: 'mp',
      userId: owner.userId,
      openid: owner.openid,
      appid: t.deps.config.WECHAT_MP_APPID ?? 'wx0000000000000001',
      mchid: t.deps.config.WECHAT_PAY_MCHID ?? '1900000109',
    });
    const order = await as('POST', '/api/work-orders', {
      accountNo: account.accountNo,
      type: 'repair',
      category: 'indoorFault',
      description: '厨房有燃气味',
      contactPhone: '13811112222',
    });
    expect(order.status).toBe(201);

    const admin = await makeStaff(t.deps, ['admin'], { areas: [] });
    const day = new Date(t.deps.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const made = await t.api('POST', '/api/slots', {
      token: admin.token,
      body: { areaCode: area, type: 'repair', from: day, days: 1, capacity: 5 },
    });
    expect(made.status).toBe(201);
    const slots = await as('GET', `/api/slots?areaCode=${area}&type=repair&from=${day}&to=${day}`);
    const appointment = await as('POST', '/api/appointments', {
      slotId: slots.body[0].id,
      orderNo: order.body.orderNo,
    });
    expect(appointment.status).toBe(201);

    const chat = await as('POST', '/api/chat/sessions', { accountNo: account.accountNo });
    expect(chat.status).toBe(200);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a3' } })
      .png()
      .toBuffer();
    const photo = await t.api('POST', '/api/uploads', {
      token: owner.token,
      rawBody: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(photo.status).toBe(201);

    ids = {
      accountNo: account.accountNo,
      billId: String(bill._id),
      orderNo: order.body.orderNo,
      sessionId: chat.body.session.id,
      outTradeNo,
      appointmentId: appointment.body.id,
      photoId: photo.body.id,
      slotId: slots.body[slots.body.length - 1].id,
    };
  });

  it.each(casesFor(createRoutes()).map(([r, c]) => [describeRoute(r), r, c] as const))(
    '%s',
    async (_name, r, c) => {
      const before = await householdState();
      const { path, body } = request(r, c, ids);
      const res = await t.api(r.method.toUpperCase(), path, { token: intruder.token, body });
      if (res.status === 400)
        throw new Error(
          `${describeRoute(r)} rejected the sample input: add a valid one to idorCases.ts (${JSON.stringify(res.body.error.fields)})`,
        );
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({
        status: 404,
        code: expectedCode(r, c),
      });
      expect(await householdState()).toEqual(before);

      // The same request from the owner is not refused for access (it may fail later for other reasons).
      const mine = await t.api(r.method.toUpperCase(), path, { token: owner.token, body });
      expect(mine.body?.error?.code).not.toBe(expectedCode(r, c));
      if (r.spec.operationId === 'unbindAccount')
        await BindingModel.create({
          userId: owner.userId,
          accountId: (await AccountModel.findOne({ accountNo: ids.accountNo }).lean())!._id,
          accountNo: ids.accountNo,
          proof: 'holderName',
        });
    },
  );
});

/** Route declarations without a server, for it.each (evaluated before beforeAll runs). */
function createRoutes(): RouteDef[] {
  const { createApp } = require('../../src/app') as typeof import('../../src/app');
  const { createTestDeps } = require('../harness') as typeof import('../harness');
  return createApp(createTestDeps()).routes;
}
