/** 用量分析: this year against last year, and against the anonymous average of similar households. */
import mongoose from 'mongoose';
import type { Account } from '../../src/modules/accounts/account.model';
import { SIMILAR_MIN_HOUSEHOLDS } from '../../src/modules/billing/usageAnalysis.service';
import { makeAccount, makeResident } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { pricedBills } from './pricedBills';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock: testClock(new Date('2026-11-20T02:00:00Z')) }),
  });
});
afterAll(() => t.close());

const analysis = (token: string, accountNo: string, query = '') =>
  t.api('GET', `/api/accounts/${accountNo}/usage-analysis${query}`, { token });

let community = 0;
/** A household in a community of its own (areaCode), with `neighbours` similar households billed `usage` a month. */
async function householdAmong(neighbours: number, usageOf: (i: number) => number) {
  const areaCode = `CY-UA${++community}`;
  const address = {
    district: '朝阳区',
    community: `用量分析小区${community}`,
    building: '1',
    unit: '1',
    room: '101',
  };
  const account = await makeAccount({ areaCode, address });
  const resident = await makeResident(t.deps, { bind: [account.accountNo] });
  const others: Account[] = [];
  for (let i = 0; i < neighbours; i++) others.push(await makeAccount({ areaCode, address }));
  await Promise.all(
    others.map((o, i) =>
      pricedBills(o, { '2026-09': usageOf(i), '2026-10': usageOf(i) + 10 }, { status: 'paid' }),
    ),
  );
  return { account, resident, areaCode, address, others };
}

/** Counts the operations each collection receives while `run` runs (mongoose's debug hook sees every one). */
async function operationsDuring(run: () => Promise<unknown>): Promise<Record<string, string[]>> {
  const seen: Record<string, string[]> = {};
  mongoose.set('debug', (collection: string, method: string) => void (seen[collection] ??= []).push(method));
  try {
    await run();
  } finally {
    mongoose.set('debug', false);
  }
  return seen;
}

describe('usage analysis', () => {
  it('compares each month of this year with the same month last year', async () => {
    const { account, resident } = await householdAmong(0, () => 0);
    await pricedBills(account, { '2025-09': 20, '2025-10': 40, '2025-11': 55 }, { status: 'paid' });
    await pricedBills(account, { '2026-01': 80, '2026-09': 25, '2026-10': 30 }, { status: 'paid' });
    const r = await analysis(resident.token, account.accountNo);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accountNo: account.accountNo, utility: 'gas', unit: 'm³', year: 2026 });
    const month = (m: number) => r.body.months[m - 1];
    expect(month(1)).toEqual({ month: 1, usage: 80, lastYearUsage: null, similarAverage: null });
    expect(month(9)).toEqual({ month: 9, usage: 25, lastYearUsage: 20, similarAverage: null });
    expect(month(10)).toEqual({ month: 10, usage: 30, lastYearUsage: 40, similarAverage: null });
    expect(month(11)).toEqual({ month: 11, usage: null, lastYearUsage: 55, similarAverage: null });
    // Last year over the months this year has bills for: 0 + 20 + 40.
    expect(r.body.totals).toEqual({ thisYear: 135, lastYearSamePeriod: 60, changePercent: 125 });
    expect(r.body.tierPosition).toMatchObject({ usedThisYear: 135, currentTier: 0, remainingInTier: 215 });
    const lastYear = await analysis(resident.token, account.accountNo, '?year=2025');
    expect(lastYear.body.totals).toMatchObject({ thisYear: 115, lastYearSamePeriod: 0, changePercent: null });
  });

  it(`shows the average of similar households in the community only when at least ${SIMILAR_MIN_HOUSEHOLDS} had a bill`, async () => {
    const { account, resident, areaCode, address, others } = await householdAmong(
      SIMILAR_MIN_HOUSEHOLDS,
      (i) => 20 + i,
    ); // 20..39
    await pricedBills(account, { '2026-09': 31, '2026-10': 35 });
    // Not similar: shops in the same community, and a household in another community. Their usage would show.
    const shop = await makeAccount({
      areaCode,
      address,
      customerType: 'commercial',
      contract: { tariff: 'non-residential' },
    });
    await pricedBills(shop, { '2026-09': 5_000, '2026-10': 5_000 });
    const far = await makeAccount({
      areaCode: 'HD-FAR',
      address: { ...address, district: '海淀区', community: '远方小区' },
    });
    await pricedBills(far, { '2026-09': 900 });

    const r = await analysis(resident.token, account.accountNo);
    expect(r.body.similar).toEqual({
      shown: true,
      minHouseholds: 20,
      households: 20,
      community: address.community,
      averageThisYear: 29.5 + 39.5,
    });
    expect(r.body.months[8]).toMatchObject({ month: 9, usage: 31, similarAverage: 29.5 });
    expect(r.body.months[9]).toMatchObject({ month: 10, usage: 35, similarAverage: 39.5 });
    // Never one household's figure.
    const text = JSON.stringify(r.body);
    expect(others.filter((o) => text.includes(o.accountNo))).toEqual([]);
  });

  it('hides the comparison with fewer similar households, so no neighbour can be singled out', async () => {
    const { account, resident } = await householdAmong(SIMILAR_MIN_HOUSEHOLDS - 1, () => 30);
    await pricedBills(account, { '2026-10': 35 });
    const r = await analysis(resident.token, account.accountNo);
    expect(r.body.similar).toMatchObject({ shown: false, households: null, averageThisYear: null });
    expect(r.body.months.every((m: { similarAverage: number | null }) => m.similarAverage === null)).toBe(
      true,
    );
  });

  it('reads the similar households in one aggregation, however many there are', async () => {
    const small = await householdAmong(22, () => 30);
    const large = await householdAmong(60, () => 30);
    const opsSmall = await operationsDuring(() => analysis(small.resident.token, small.account.accountNo));
    const opsLarge = await operationsDuring(() => analysis(large.resident.token, large.account.accountNo));
    expect(opsSmall.bills).toEqual(['find', 'aggregate']);
    expect(opsLarge.bills).toEqual(opsSmall.bills);
    expect(opsLarge.accounts?.length).toBe(opsSmall.accounts?.length);
  });

  it("answers 404 for another household's account and a Chinese 400 for a bad year", async () => {
    const { account } = await householdAmong(0, () => 0);
    const stranger = await makeResident(t.deps);
    const other = await analysis(stranger.token, account.accountNo);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    const bad = await analysis(stranger.token, account.accountNo, '?year=1999');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([{ path: 'query.year', message: '年份过早' }]);
  });
});
