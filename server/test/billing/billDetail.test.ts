/** Bill history with paid bills (where, when, how) and a bill's detail: tiers, tier position, last year, pay button. */
import { tariffRule, tierPosition } from '../../src/modules/billing/tariff';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeBill } from './billFactories';
import { paidWithWechat, pricedBills } from './pricedBills';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock: testClock(new Date('2026-11-20T02:00:00Z')) }),
  });
});
afterAll(() => t.close());

type BillRow = {
  id: string;
  period: string;
  status: string;
  paidAt?: string;
  paidVia?: Record<string, string>;
};

describe('bill history', () => {
  it('lists paid bills with where and how they were paid: WeChat with its transaction, a counter, a bank, or unknown offline', async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    await paidWithWechat(a, me, '2026-07', 30, {
      channel: 'h5',
      outTradeNo: 'P2026080100000001H5',
      transactionId: '4200002026080112345678',
      paidAt: new Date('2026-08-04T02:00:00Z'),
    });
    await pricedBills(
      a,
      { '2026-08': 28 },
      {
        status: 'paid',
        paidVia: { channel: 'counter', method: 'card', place: '朝阳营业厅', reference: 'SF202608001' },
      },
    );
    await pricedBills(
      a,
      { '2026-09': 26 },
      { status: 'paid', paidVia: { channel: 'bank', place: '工商银行' } },
    );
    await pricedBills(a, { '2026-10': 33 }, { status: 'paid' });
    await pricedBills(a, { '2026-11': 41 });

    const all = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&year=2026`, { token: me.token });
    expect(all.status).toBe(200);
    const rows = all.body.items as BillRow[];
    expect(rows.map((b) => [b.period, b.status, b.paidVia])).toEqual([
      ['2026-11', 'unpaid', undefined],
      ['2026-10', 'paid', { channel: 'offline', method: 'other' }],
      ['2026-09', 'paid', { channel: 'bank', method: 'bankDebit', place: '工商银行' }],
      [
        '2026-08',
        'paid',
        { channel: 'counter', method: 'card', place: '朝阳营业厅', reference: 'SF202608001' },
      ],
      ['2026-07', 'paid', { channel: 'h5', method: 'wechatPay', reference: '4200002026080112345678' }],
    ]);
    expect(rows.filter((b) => b.status === 'paid').every((b) => typeof b.paidAt === 'string')).toBe(true);

    const paidOnly = await t.api('GET', `/api/bills?accountNo=${a.accountNo}&status=paid`, {
      token: me.token,
    });
    expect(paidOnly.body.total).toBe(4);
  });

  it("does not show another household's bills", async () => {
    const theirs = await makeAccount();
    await pricedBills(theirs, { '2026-10': 20 }, { status: 'paid' });
    const me = await makeResident(t.deps);
    expect((await t.api('GET', `/api/bills?accountNo=${theirs.accountNo}`, { token: me.token })).status).toBe(
      404,
    );
    expect((await t.api('GET', '/api/bills', { token: me.token })).body.total).toBe(0);
  });
});

describe('bill detail', () => {
  it("shows each tier's quantity, price and amount, where the year stands against the tiers, and last year's month", async () => {
    const a = await makeAccount();
    const me = await makeResident(t.deps, { bind: [a.accountNo] });
    await pricedBills(a, { '2025-10': 30 }, { status: 'paid' });
    // 2026 so far: 312 m³ before October; October's 60 m³ crosses the 350 m³ threshold.
    await pricedBills(
      a,
      {
        '2026-01': 62,
        '2026-02': 58,
        '2026-03': 45,
        '2026-04': 37,
        '2026-05': 30,
        '2026-06': 22,
        '2026-07': 18,
        '2026-08': 17,
        '2026-09': 23,
      },
      { status: 'paid' },
    );
    const [october] = await pricedBills(a, { '2026-10': 60 });

    const res = await t.api('GET', `/api/bills/${october._id}/detail`, { token: me.token });
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.bill.items).toEqual([
      {
        kind: 'usage',
        name: '燃气费(第一阶梯)',
        quantity: 38,
        unit: 'm³',
        unitPriceFen: 263,
        amountFen: 9_994,
      },
      {
        kind: 'usage',
        name: '燃气费(第二阶梯)',
        quantity: 22,
        unit: 'm³',
        unitPriceFen: 316,
        amountFen: 6_952,
      },
    ]);
    expect(d.bill.amountDue).toBe(16_946);
    // The position matches the tariff: 372 m³ used, the second tier (to 500 m³) has 128 m³ left.
    const { rule } = tariffRule('residential-tiered', 'gas');
    expect(d.tierPosition).toEqual(tierPosition(rule, 'gas', 2026, 372));
    expect(d.tierPosition).toMatchObject({ usedThisYear: 372, currentTier: 1, remainingInTier: 128 });
    expect(d.yearOnYear).toEqual({
      period: '2026-10',
      usage: 60,
      lastYearPeriod: '2025-10',
      lastYearUsage: 30,
      changePercent: 100,
    });
    expect(d).toMatchObject({ unit: 'm³', tariffTitle: '居民阶梯价', payable: true, invoice: null });

    const september = (
      await t.api('GET', `/api/bills?accountNo=${a.accountNo}&year=2026&status=paid`, { token: me.token })
    ).body.items[0];
    const paid = await t.api('GET', `/api/bills/${september.id}/detail`, { token: me.token });
    expect(paid.body).toMatchObject({
      payable: false,
      tierPosition: { usedThisYear: 312, currentTier: 0, remainingInTier: 38 },
      yearOnYear: { lastYearUsage: null, changePercent: null },
    });
  });

  it('explains a non-residential bill without tiers and a service bill without usage', async () => {
    const shop = await makeAccount({ customerType: 'commercial', contract: { tariff: 'non-residential' } });
    const me = await makeResident(t.deps, { bind: [shop.accountNo] });
    const [bill] = await pricedBills(shop, { '2026-10': 120 });
    const flat = await t.api('GET', `/api/bills/${bill._id}/detail`, { token: me.token });
    expect(flat.body).toMatchObject({
      tariffTitle: '非居民价格',
      tierPosition: null,
      yearOnYear: { usage: 120, lastYearUsage: null },
    });
    expect(flat.body.bill.items).toEqual([
      {
        kind: 'usage',
        name: '燃气费(非居民用气)',
        quantity: 120,
        unit: 'm³',
        unitPriceFen: 323,
        amountFen: 38_760,
      },
    ]);
    const service = await makeBill(shop, { period: '2026-11', billType: 'service' });
    const s = await t.api('GET', `/api/bills/${service._id}/detail`, { token: me.token });
    expect(s.body).toMatchObject({ tierPosition: null, yearOnYear: null, payable: true });
  });

  it("answers 404 for another household's bill, 400 in Chinese for a malformed id, and lets staff read it", async () => {
    const a = await makeAccount();
    const [bill] = await pricedBills(a, { '2026-10': 20 });
    const stranger = await makeResident(t.deps);
    const other = await t.api('GET', `/api/bills/${bill._id}/detail`, { token: stranger.token });
    expect(other.status).toBe(404);
    expect(other.body.error).toMatchObject({ code: 'BILL_NOT_FOUND', message: '账单不存在' });
    const bad = await t.api('GET', '/api/bills/not-an-id/detail', { token: stranger.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'params.billId', message: '无效的编号' }]);
    expect((await t.api('GET', `/api/bills/${bill._id}/detail`)).status).toBe(401);
    const agent = await makeStaff(t.deps, ['agent']);
    expect(
      (await t.api('GET', `/api/bills/${bill._id}/detail`, { token: agent.token })).body.tierPosition,
    ).toMatchObject({ usedThisYear: 20 });
  });
});
