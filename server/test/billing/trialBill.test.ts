/** 试算: a self reading shows its bill, tier by tier, before the resident submits it; nothing is written. */
import { BillModel } from '../../src/modules/billing/bill.model';
import { MeterReadingModel } from '../../src/modules/billing/meterReading.model';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { pricedBills, uploadMeterPhoto } from './pricedBills';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock: testClock(new Date('2026-11-20T02:00:00Z')) }),
  });
});
afterAll(() => t.close());

const trial = (token: string, body: object) => t.api('POST', '/api/meter-readings/trial', { token, body });

/** A household with 320 m³ billed this year before November and a meter last read at 1200. */
async function household() {
  const account = await makeAccount();
  const resident = await makeResident(t.deps, { bind: [account.accountNo] });
  await pricedBills(
    account,
    {
      '2026-01': 70,
      '2026-02': 60,
      '2026-03': 50,
      '2026-04': 40,
      '2026-05': 30,
      '2026-06': 20,
      '2026-07': 10,
      '2026-08': 10,
      '2026-09': 25,
      '2026-10': 5,
    },
    { status: 'paid' },
  );
  return { account, resident };
}

describe('trial bill of a self reading', () => {
  it('shows the bill with its tiers at once and writes nothing', async () => {
    const { account, resident } = await household();
    const billsBefore = await BillModel.countDocuments({ accountNo: account.accountNo });
    const r = await trial(resident.token, { accountNo: account.accountNo, reading: 1260 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      accountNo: account.accountNo,
      meterNo: account.meters[0].meterNo,
      period: '2026-11',
      previousReading: 1200,
      reading: 1260,
      usage: 60,
      unit: 'm³',
      tariffTitle: '居民阶梯价',
      amountFen: 30 * 263 + 30 * 316,
    });
    expect(r.body.items).toEqual([
      {
        kind: 'usage',
        name: '燃气费(第一阶梯)',
        quantity: 30,
        unit: 'm³',
        unitPriceFen: 263,
        amountFen: 7_890,
      },
      {
        kind: 'usage',
        name: '燃气费(第二阶梯)',
        quantity: 30,
        unit: 'm³',
        unitPriceFen: 316,
        amountFen: 9_480,
      },
    ]);
    expect(r.body.tierPosition).toMatchObject({ usedThisYear: 380, currentTier: 1, remainingInTier: 120 });
    expect(await MeterReadingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    expect(await BillModel.countDocuments({ accountNo: account.accountNo })).toBe(billsBefore);
  });

  it('is the bill the reading becomes once submitted and accepted', async () => {
    const { account, resident } = await household();
    const shown = (await trial(resident.token, { accountNo: account.accountNo, reading: 1245.5 })).body;
    const photoId = await uploadMeterPhoto(t, resident.token);
    const submitted = await t.api('POST', '/api/meter-readings', {
      token: resident.token,
      body: { accountNo: account.accountNo, reading: 1245.5, photoId },
    });
    expect(submitted.status).toBe(201);
    const agent = await makeStaff(t.deps, ['agent']);
    const accepted = await t.api('POST', `/api/staff/meter-readings/${submitted.body.id}/accept`, {
      token: agent.token,
      body: {},
    });
    const bill = (await t.api('GET', `/api/bills/${accepted.body.billId}`, { token: resident.token })).body;
    expect(bill).toMatchObject({
      period: shown.period,
      usage: shown.usage,
      amountDue: shown.amountFen,
      items: shown.items,
    });
  });

  it('refuses what submitting would refuse: a reading below the last one, or far above the usual', async () => {
    const { account, resident } = await household();
    const below = await trial(resident.token, { accountNo: account.accountNo, reading: 1199 });
    expect(below.status).toBe(422);
    expect(below.body.error).toMatchObject({
      code: 'READING_BELOW_LAST',
      message: expect.stringContaining('1200'),
    });
    const high = await trial(resident.token, { accountNo: account.accountNo, reading: 1200 + 500 });
    expect(high.status).toBe(422);
    expect(high.body.error.code).toBe('READING_IMPLAUSIBLE');
  });

  it("answers 404 for another household's account and a Chinese 400 naming the field for bad input", async () => {
    const { account } = await household();
    const stranger = await makeResident(t.deps);
    const other = await trial(stranger.token, { accountNo: account.accountNo, reading: 1250 });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    const missing = await trial(stranger.token, { accountNo: account.accountNo });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([{ path: 'body.reading', message: '请填写表上读数' }]);
    const negative = await trial(stranger.token, { accountNo: account.accountNo, reading: -3 });
    expect(negative.body.error.fields).toEqual([{ path: 'body.reading', message: '读数不能为负数' }]);
    const staff = await makeStaff(t.deps, ['agent']);
    expect((await trial(staff.token, { accountNo: account.accountNo, reading: 1250 })).status).toBe(403);
  });

  it('says a heat reading changes nothing when heating is charged by area', async () => {
    const flat = await makeAccount({
      utility: 'heating',
      contract: { tariff: 'heating-area', heatingAreaM2: 88 },
    });
    const me = await makeResident(t.deps, { bind: [flat.accountNo] });
    const r = await trial(me.token, { accountNo: flat.accountNo, reading: 1210 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      unit: 'GJ',
      usage: 10,
      items: [],
      amountFen: 0,
      tierPosition: null,
      note: expect.stringContaining('按面积'),
    });
  });
});
