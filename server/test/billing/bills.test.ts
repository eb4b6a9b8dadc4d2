/** Residents read their own bills and usage; anything else is "not found". */
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { addMonths, monthOf } from '../../src/platform/time';
import { makeBill } from './billFactories';
import { seedBills } from '../../src/demo/bills';
import { BillModel } from '../../src/modules/billing/bill.model';

// Half past midnight on New Year's Day in Shanghai (still December in UTC): periods are Shanghai months.
const clock = testClock(new Date('2027-01-01T00:30:00+08:00'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
});
afterAll(() => t.close());

describe('bills', () => {
  it('lists the bills of bound accounts, filtered by status and year, newest first', async () => {
    const a = await makeAccount();
    const b = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo, b.accountNo] });
    await makeBill(a, { period: '2026-09', status: 'paid' });
    await makeBill(a, { period: '2026-10' });
    await makeBill(b, { period: '2025-12' });
    const all = await t.api('GET', '/api/bills', { token: me.token });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((x: { period: string }) => x.period)).toEqual([
      '2026-10',
      '2026-09',
      '2025-12',
    ]);
    const unpaid2026 = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&status=unpaid&year=2026`, {
      token: me.token,
    });
    expect(unpaid2026.body.items).toHaveLength(1);
    expect(unpaid2026.body.items[0]).toMatchObject({
      period: '2026-10',
      amountDue: 12_850,
      status: 'unpaid',
    });
    expect(unpaid2026.body.items[0].items.map((i: { kind: string }) => i.kind)).toEqual([
      'usage',
      'insurance',
    ]);
  });

  it('filters by several statuses at once (unpaid,overdue: what is owed) and names a bad status', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    await makeBill(a, { period: '2026-07', status: 'overdue' });
    await makeBill(a, { period: '2026-08', status: 'paid' });
    await makeBill(a, { period: '2026-09' });
    await makeBill(a, { period: '2026-10', status: 'cancelled' });
    const owed = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&status=unpaid,overdue,unpaid`, {
      token: me.token,
    });
    expect(owed.status).toBe(200);
    expect(owed.body.total).toBe(2);
    expect(owed.body.items.map((x: { period: string; status: string }) => `${x.period}:${x.status}`)).toEqual(
      ['2026-09:unpaid', '2026-07:overdue'],
    );
    const one = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&status=paid`, { token: me.token });
    expect(one.body.items.map((x: { period: string }) => x.period)).toEqual(['2026-08']);
    for (const bad of ['unpaid,owing', 'unpaid,', ',overdue', 'unpaid;overdue']) {
      const r = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&status=${encodeURIComponent(bad)}`, {
        token: me.token,
      });
      expect(r.status).toBe(400);
      expect(r.body.error.fields[0].path).toBe('query.status');
    }
  });

  it("answers 404 for another household's account and bill (never 403)", async () => {
    const mine = await makeAccount();
    const theirs = await makeAccount();
    const me = await makeResident(t.deps, { bind: [mine.accountNo] });
    const bill = await makeBill(theirs);
    expect((await t.api('GET', `/api/bills?accountNo=${theirs.accountNo}`, { token: me.token })).status).toBe(
      404,
    );
    const r = await t.api('GET', `/api/bills/${bill._id}`, { token: me.token });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('BILL_NOT_FOUND');
    expect((await t.api('GET', `/api/accounts/${theirs.accountNo}/usage`, { token: me.token })).status).toBe(
      404,
    );
  });

  it('names the offending field on bad input', async () => {
    const me = await makeResident(t.deps);
    const r = await t.api('GET', '/api/bills?status=owing&year=19', { token: me.token });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'query.status',
      'query.year',
    ]);
    const bad = await t.api('GET', '/api/bills/not-an-id', { token: me.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('params.billId');
    expect((await t.api('GET', '/api/bills')).status).toBe(401);
  });

  it('shows 12 months of usage for the chart, zero where no bill was issued', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    const period = (back: number) => addMonths(monthOf(clock.now()), -back);
    await makeBill(a, { period: period(0), usage: 31 });
    await makeBill(a, { period: period(2), usage: 55 });
    const r = await t.api('GET', `/api/accounts/${a.accountNo}/usage`, { token: me.token });
    expect(r.status).toBe(200);
    expect(r.body.months).toHaveLength(12);
    expect(r.body.unit).toBe('m³');
    expect(r.body.months[11]).toMatchObject({ period: period(0), usage: 31 });
    expect(r.body.months[9]).toMatchObject({ period: period(2), usage: 55 });
    expect(r.body.months[10].usage).toBe(0);
  });

  it('lets staff read any account but requires the account number', async () => {
    const a = await makeAccount();
    await makeBill(a);
    const agent = await makeStaff(t.deps, ['agent']);
    expect(
      (await t.api('GET', `/api/bills?accountNo=${a.accountNo}`, { token: agent.token })).body.total,
    ).toBe(1);
    const r = await t.api('GET', '/api/bills', { token: agent.token });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].path).toBe('query.accountNo');
  });

  it("seeds 12 months of demo bills per account, the demo resident's latest still to pay, and only once", async () => {
    const a = await makeAccount();
    await makeResident(t.deps, { bind: [a.accountNo] }); // the demo resident's home
    const others = await Promise.all(Array.from({ length: 8 }, () => makeAccount()));
    await seedBills(t.deps);
    const rows = await BillModel.find({ accountNo: a.accountNo }).sort({ period: 1 }).lean();
    expect(rows).toHaveLength(12);
    expect(['unpaid', 'overdue']).toContain(rows[11].status);
    expect(
      rows.every(
        (b) => Number.isInteger(b.amountDue) && b.amountDue === b.items.reduce((n, i) => n + i.amountFen, 0),
      ),
    ).toBe(true);
    // Other households mostly pay their latest bill within days of issue, never in the future.
    const latest = await BillModel.find({
      accountNo: { $in: others.map((o) => o.accountNo) },
      period: rows[11].period,
    }).lean();
    expect(latest.some((b) => b.status === 'paid')).toBe(true);
    expect(latest.every((b) => b.status !== 'paid' || b.paidAt! <= clock.now())).toBe(true);
    await seedBills(t.deps);
    expect(await BillModel.countDocuments({ accountNo: a.accountNo })).toBe(12);
  });
});
