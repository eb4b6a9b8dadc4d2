/**
 * 电子发票: a resident asks for the invoice of a paid bill; the outbox sends it, signed, to the utility's
 * invoicing system (here its sandbox double). One invoice per request, whatever the network does.
 */
import { forgetPayer } from '../../src/modules/billing';
import { INVOICE_JOB } from '../../src/modules/billing/invoices/invoices.service';
import { InvoiceRequestModel } from '../../src/modules/billing/invoices/invoiceRequest.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { featureJobs } from '../../src/platform/runtime';
import { startInvoicingSandbox, type InvoicingSandbox } from '../../sandbox/invoicing';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { pricedBills } from './pricedBills';

const SECRET = 'invoicing-shared-secret-0123456789';
const COMPANY_TAX_NUMBER = '91110105MA01ABCD26';
const OTHER_TAX_NUMBER = '91310115MA1K4XY806';
const TIMEOUT_MS = 300;

let t: TestServer;
let invoicing: InvoicingSandbox;
beforeAll(async () => {
  invoicing = await startInvoicingSandbox({ secret: SECRET });
  t = await startTestServer({
    deps: createTestDeps(
      testConfig({
        INVOICING_BASE_URL: invoicing.url,
        INVOICING_SECRET: SECRET,
        INVOICING_TIMEOUT_MS: String(TIMEOUT_MS),
      }),
      {
        clock: testClock(new Date('2026-11-20T02:00:00Z')),
      },
    ),
  });
});
afterAll(async () => {
  await invoicing.stop();
  await t.close();
});

/** Runs the invoicing outbox entries until none is pending, retries (after a 1 ms backoff) included. */
async function send(): Promise<void> {
  const worker = createWorker({
    handlers: featureJobs(t.deps),
    kinds: [INVOICE_JOB],
    backoffBaseMs: 1,
    backoffMaxMs: 1,
  });
  for (let round = 0; round < 20; round++) {
    await worker.drain();
    if (!(await OutboxModel.exists({ kind: INVOICE_JOB, status: { $in: ['pending', 'running'] } }))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('invoice requests still pending after 20 rounds');
}

async function paidBill() {
  const account = await makeAccount();
  const resident = await makeResident(t.deps, { bind: [account.accountNo] });
  const [bill] = await pricedBills(account, { '2026-10': 60 }, { status: 'paid' });
  return { account, resident, bill, billId: String(bill._id) };
}

const ask = (billId: string, token: string, body: object) =>
  t.api('POST', `/api/bills/${billId}/invoice`, { token, body });
const company = (over: object = {}) => ({
  titleType: 'company',
  title: '示例餐饮有限公司',
  taxNumber: COMPANY_TAX_NUMBER,
  email: 'finance@example.com',
  ...over,
});
const invoicesFor = (requestId: string) =>
  [...invoicing.invoices.values()].filter((i) => i.requestNo.startsWith(`${requestId}-`));

describe('e-invoice request', () => {
  it('is sent signed to the invoicing system and shows the invoice number on the bill once issued', async () => {
    const { resident, bill, billId } = await paidBill();
    const asked = await ask(billId, resident.token, company({ taxNumber: COMPANY_TAX_NUMBER.toLowerCase() }));
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      billId,
      status: 'requested',
      amountFen: bill.amountDue,
      taxNumber: COMPANY_TAX_NUMBER,
      email: 'f***@example.com',
    });
    expect(invoicesFor(asked.body.id)).toHaveLength(0);

    await send();
    const [issued] = invoicesFor(asked.body.id);
    expect(issued).toMatchObject({
      idempotencyKey: `invoice:${asked.body.id}:1`,
      title: '示例餐饮有限公司',
      taxNumber: COMPANY_TAX_NUMBER,
      email: 'finance@example.com',
      amountFen: bill.amountDue,
    });
    expect(
      invoicing.requests
        .filter((q) => q.idempotencyKey === issued.idempotencyKey)
        .every((q) => q.signatureOk),
    ).toBe(true);

    const status = await t.api('GET', `/api/bills/${billId}/invoice`, { token: resident.token });
    expect(status.body).toMatchObject({
      status: 'issued',
      invoiceNo: issued.invoiceNo,
      issuedAt: issued.issuedAt,
    });
    const detail = await t.api('GET', `/api/bills/${billId}/detail`, { token: resident.token });
    expect(detail.body.invoice).toMatchObject({ status: 'issued', invoiceNo: issued.invoiceNo });
  });

  it('still reaches the invoicing system when the requester deletes their account meanwhile, then forgets the address', async () => {
    const { resident, billId } = await paidBill();
    const asked = await ask(billId, resident.token, company());
    expect(asked.status).toBe(201);
    await forgetPayer(resident.userId); // 注销, billing's step, while the request waits in the outbox
    expect((await InvoiceRequestModel.findById(asked.body.id).lean())!.email).toBe('finance@example.com');

    await send();
    const [issued] = invoicesFor(asked.body.id);
    expect(issued).toMatchObject({ email: 'finance@example.com', title: '示例餐饮有限公司' });
    const kept = await InvoiceRequestModel.findById(asked.body.id).lean();
    expect(kept).toMatchObject({ status: 'issued', invoiceNo: issued.invoiceNo, email: '' });
    expect(kept).not.toHaveProperty('forgetEmail');
  });

  it('is one request and one invoice for a double tap, and refuses a second, different request', async () => {
    const { resident, billId } = await paidBill();
    const body = { titleType: 'personal', title: '张三', email: 'zhangsan@example.com' };
    const [first, second] = await Promise.all([
      ask(billId, resident.token, body),
      ask(billId, resident.token, body),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(await OutboxModel.countDocuments({ kind: INVOICE_JOB, 'payload.requestId': first.body.id })).toBe(
      1,
    );

    const different = await ask(billId, resident.token, { ...body, title: '李四' });
    expect(different.status).toBe(409);
    expect(different.body.error).toMatchObject({
      code: 'INVOICE_ALREADY_REQUESTED',
      message: '该账单已申请电子发票,请勿重复申请',
    });

    await send();
    expect(invoicesFor(first.body.id)).toHaveLength(1);
    // Asked again after it was issued: the same invoice, nothing sent.
    const sent = invoicing.requests.length;
    const again = await ask(billId, resident.token, body);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'issued' });
    await send();
    expect(invoicing.requests.length).toBe(sent);
  });

  it('is sent even when the portal stopped between recording the request and queueing it', async () => {
    const { account, resident, bill, billId } = await paidBill();
    const body = { titleType: 'personal', title: '王五', email: 'wangwu@example.com' };
    // The state a crash after the first write leaves: the request recorded, nothing in the outbox.
    const orphan = await InvoiceRequestModel.create({
      billId: bill._id,
      accountNo: account.accountNo,
      userId: resident.userId,
      amountFen: bill.amountDue,
      ...body,
      requestedAt: new Date(),
    });
    await send();
    expect(invoicesFor(String(orphan._id))).toHaveLength(0);

    // The app retries the request the resident made: it is queued now, and issued once.
    const retried = await ask(billId, resident.token, body);
    expect(retried.body).toMatchObject({ id: String(orphan._id), status: 'requested' });
    await send();
    expect(invoicesFor(String(orphan._id))).toHaveLength(1);
    expect((await t.api('GET', `/api/bills/${billId}/invoice`, { token: resident.token })).body.status).toBe(
      'issued',
    );
  });

  it('retries through the outbox after a 503 and a timeout, and the invoicing system issues one invoice', async () => {
    const { resident, billId } = await paidBill();
    const asked = await ask(billId, resident.token, company());
    invoicing.failNext(1);
    // The next answer comes after the portal gave up waiting, but the invoice was made all the same.
    invoicing.stallNext(1, TIMEOUT_MS * 2);
    await send();

    const key = `invoice:${asked.body.id}:1`;
    expect(invoicing.requests.filter((q) => q.idempotencyKey === key).map((q) => q.status)).toEqual([
      503, 200, 200,
    ]);
    const invoices = invoicesFor(asked.body.id);
    expect(invoices).toHaveLength(1);
    const status = await t.api('GET', `/api/bills/${billId}/invoice`, { token: resident.token });
    expect(status.body).toMatchObject({ status: 'issued', invoiceNo: invoices[0].invoiceNo });
  });

  it('shows why the invoicing system refused it, and a corrected request is issued as a new attempt', async () => {
    const { resident, billId } = await paidBill();
    invoicing.refuseTaxNumber(OTHER_TAX_NUMBER);
    const asked = await ask(billId, resident.token, company({ taxNumber: OTHER_TAX_NUMBER }));
    await send();
    const refused = await t.api('GET', `/api/bills/${billId}/invoice`, { token: resident.token });
    expect(refused.body).toMatchObject({ status: 'failed', failureReason: '纳税人识别号在税务系统中不存在' });
    expect(invoicesFor(asked.body.id)).toHaveLength(0);

    const corrected = await ask(billId, resident.token, company());
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({
      id: asked.body.id,
      status: 'requested',
      taxNumber: COMPANY_TAX_NUMBER,
    });
    expect(corrected.body.failureReason).toBeUndefined();
    await send();
    const invoices = invoicesFor(asked.body.id);
    expect(invoices.map((i) => [i.idempotencyKey, i.taxNumber])).toEqual([
      [`invoice:${asked.body.id}:2`, COMPANY_TAX_NUMBER],
    ]);
    expect(
      (await t.api('GET', `/api/bills/${billId}/invoice`, { token: resident.token })).body,
    ).toMatchObject({ status: 'issued', invoiceNo: invoices[0].invoiceNo });
  });
});

describe('e-invoice request refusals', () => {
  it('names the field in Chinese for a company without a tax number, a wrong tax number or e-mail, and an empty title', async () => {
    const { resident, billId } = await paidBill();
    const fieldsOf = async (body: object) => {
      const r = await ask(billId, resident.token, body);
      expect(r.status).toBe(400);
      return r.body.error.fields;
    };
    expect(await fieldsOf(company({ taxNumber: undefined }))).toEqual([
      { path: 'body.taxNumber', message: '单位抬头须填写纳税人识别号' },
    ]);
    expect(await fieldsOf(company({ taxNumber: '91110105MA01ABCD27' }))).toEqual([
      { path: 'body.taxNumber', message: '纳税人识别号有误,请核对统一社会信用代码' },
    ]);
    expect(await fieldsOf(company({ taxNumber: '9111' }))).toEqual([
      { path: 'body.taxNumber', message: '纳税人识别号应为 18 位统一社会信用代码' },
    ]);
    expect(await fieldsOf(company({ email: 'finance.example.com' }))).toEqual([
      { path: 'body.email', message: '邮箱地址格式不正确' },
    ]);
    expect(await fieldsOf(company({ title: '  ' }))).toEqual([
      { path: 'body.title', message: '请填写发票抬头' },
    ]);
    expect(await InvoiceRequestModel.countDocuments({ billId })).toBe(0);
  });

  it("is refused for an unpaid bill, another household's bill, staff, and when no invoicing system is configured", async () => {
    const account = await makeAccount();
    const resident = await makeResident(t.deps, { bind: [account.accountNo] });
    const [unpaid] = await pricedBills(account, { '2026-11': 20 });
    const notPaid = await ask(String(unpaid._id), resident.token, company());
    expect(notPaid.status).toBe(422);
    expect(notPaid.body.error.code).toBe('BILL_NOT_PAID');

    const theirs = await paidBill();
    const other = await ask(theirs.billId, resident.token, company());
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('BILL_NOT_FOUND');
    expect(
      (await t.api('GET', `/api/bills/${theirs.billId}/invoice`, { token: resident.token })).status,
    ).toBe(404);
    const staff = await makeStaff(t.deps, ['agent']);
    expect((await ask(theirs.billId, staff.token, company())).status).toBe(403);
    expect(
      (await t.api('GET', `/api/bills/${theirs.billId}/invoice`, { token: staff.token })).body.error.code,
    ).toBe('INVOICE_NOT_FOUND');

    const unconfigured = await startTestServer({
      deps: createTestDeps(testConfig({ SESSION_SECRET: t.deps.config.SESSION_SECRET! })),
      db: { dbName: t.dbName, drop: async () => undefined },
    });
    try {
      const r = await unconfigured.api('POST', `/api/bills/${theirs.billId}/invoice`, {
        token: theirs.resident.token,
        body: company(),
      });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({
        code: 'INVOICING_UNAVAILABLE',
        message: '暂不能在线开具电子发票,请到营业厅办理',
      });
    } finally {
      await unconfigured.close();
    }
  });
});
