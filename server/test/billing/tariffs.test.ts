/** Tariffs: residential tiers, non-residential prices, heating by area, and what an unknown tariff gets. */
import type { TariffDefinition } from '@portal/types';
import { BillModel } from '../../src/modules/billing/bill.model';
import { registerTariff, tariffFor, tariffRule, tierPosition } from '../../src/modules/billing/tariff';
import { makeAccount, makeResident, makeStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { uploadMeterPhoto } from './pricedBills';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    deps: createTestDeps(testConfig(), { clock: testClock(new Date('2026-11-20T02:00:00Z')) }),
  });
});
afterAll(() => t.close());

/** A resident submits a reading and an agent accepts it: the bill the utility issues from it. */
async function billFromAcceptedReading(account: { accountNo: string }, reading: number) {
  const me = await makeResident(t.deps, { bind: [account.accountNo] });
  const photoId = await uploadMeterPhoto(t, me.token);
  const submitted = await t.api('POST', '/api/meter-readings', {
    token: me.token,
    body: { accountNo: account.accountNo, reading, photoId },
  });
  expect(submitted.status).toBe(201);
  const agent = await makeStaff(t.deps, ['agent']);
  const accepted = await t.api('POST', `/api/staff/meter-readings/${submitted.body.id}/accept`, {
    token: agent.token,
    body: {},
  });
  expect(accepted.status).toBe(200);
  return accepted.body as { billId?: string };
}

describe('residential tiers (阶梯价)', () => {
  it('prices the part of the usage in each annual tier', () => {
    const items = tariffFor('residential-tiered')({ utility: 'gas', usage: 100, yearToDateUsage: 300 });
    expect(items.map((i) => [i.name, i.quantity, i.unitPriceFen, i.amountFen])).toEqual([
      ['燃气费(第一阶梯)', 50, 263, 13_150],
      ['燃气费(第二阶梯)', 50, 316, 15_800],
    ]);
  });

  it('tells how much of the current tier is left for the year', () => {
    const { rule } = tariffRule('residential-tiered', 'gas');
    expect(tierPosition(rule, 'gas', 2026, 212)).toEqual({
      year: 2026,
      unit: 'm³',
      usedThisYear: 212,
      tiers: [
        { label: '第一阶梯', from: 0, upTo: 350, priceFen: 263 },
        { label: '第二阶梯', from: 350, upTo: 500, priceFen: 316 },
        { label: '第三阶梯', from: 500, upTo: null, priceFen: 395 },
      ],
      currentTier: 0,
      remainingInTier: 138,
    });
    // At a threshold the next cubic metre is already in the next tier; the last tier has no end.
    expect(tierPosition(rule, 'gas', 2026, 350)).toMatchObject({ currentTier: 1, remainingInTier: 150 });
    expect(tierPosition(rule, 'gas', 2026, 612.5)).toMatchObject({ currentTier: 2, remainingInTier: null });
    expect(tierPosition(tariffRule('non-residential', 'gas').rule, 'gas', 2026, 100)).toBeNull();
  });
});

describe('non-residential accounts (非居民)', () => {
  it('are billed at the non-residential flat price, not the residential tiers', async () => {
    const shop = await makeAccount({ customerType: 'commercial', contract: { tariff: 'non-residential' } });
    const { billId } = await billFromAcceptedReading(shop, 1_240);
    const bill = await BillModel.findById(billId).lean();
    expect(bill?.items).toEqual([
      {
        kind: 'usage',
        name: '燃气费(非居民用气)',
        quantity: 40,
        unit: 'm³',
        unitPriceFen: 323,
        amountFen: 12_920,
      },
    ]);
    expect(bill?.amountDue).toBe(12_920);
  });

  it('pay a flat water price per tonne whatever the year has used', () => {
    const items = tariffFor('non-residential')({ utility: 'water', usage: 12.5, yearToDateUsage: 9_000 });
    expect(items).toEqual([
      {
        kind: 'usage',
        name: '水费(非居民用水)',
        quantity: 12.5,
        unit: 't',
        unitPriceFen: 950,
        amountFen: 11_875,
      },
    ]);
  });
});

describe('heating by area (按面积供暖)', () => {
  it('charges 供暖面积 × the price per m² once per heating season', () => {
    const items = tariffFor('heating-area')({
      utility: 'heating',
      usage: 0,
      yearToDateUsage: 0,
      heatingAreaM2: 89.5,
      season: '2026-2027',
    });
    expect(items).toEqual([
      {
        kind: 'usage',
        name: '采暖费(居民供暖,2026-2027供暖季)',
        quantity: 89.5,
        unit: 'm²',
        unitPriceFen: 2_400,
        amountFen: 214_800,
      },
    ]);
    const office = tariffFor('non-residential')({
      utility: 'heating',
      usage: 0,
      yearToDateUsage: 0,
      heatingAreaM2: 120,
      season: '2026-2027',
    });
    expect(office[0]).toMatchObject({ unitPriceFen: 4_100, amountFen: 492_000 });
  });

  it('refuses a season charge for an account with no registered area', () => {
    expect(() =>
      tariffFor('heating-area')({ utility: 'heating', usage: 0, yearToDateUsage: 0, season: '2026-2027' }),
    ).toThrow(expect.objectContaining({ code: 'HEATING_AREA_MISSING', status: 422 }));
  });

  it('turns a heat-meter reading into no bill: the season charge does not depend on it', async () => {
    const flat = await makeAccount({
      utility: 'heating',
      contract: { tariff: 'heating-area', heatingAreaM2: 76 },
    });
    const accepted = await billFromAcceptedReading(flat, 1_230);
    expect(accepted.billId).toBeUndefined();
    expect(await BillModel.countDocuments({ accountNo: flat.accountNo })).toBe(0);
  });
});

describe('unknown and custom tariffs', () => {
  it('refuses to price an account whose tariff is not registered, in words a resident reads', async () => {
    const odd = await makeAccount({ contract: { tariff: 'summer-promo' } });
    const me = await makeResident(t.deps, { bind: [odd.accountNo] });
    const trial = await t.api('POST', '/api/meter-readings/trial', {
      token: me.token,
      body: { accountNo: odd.accountNo, reading: 1_250 },
    });
    expect(trial.status).toBe(422);
    expect(trial.body.error.code).toBe('TARIFF_UNKNOWN');
    expect(trial.body.error.message).toMatch(/价格方案.*尚未登记/);
  });

  it('checks a utility-defined tariff against the contract and publishes it', async () => {
    const broken = {
      name: 'village-water',
      title: '村镇阶梯水价',
      category: 'residential',
      rules: {
        water: {
          kind: 'tiered',
          tiers: [
            { label: '第一阶梯', upTo: 100, priceFen: 400 },
            { label: '第二阶梯', upTo: 80, priceFen: 600 },
            { label: '第三阶梯', upTo: null, priceFen: 800 },
          ],
        },
      },
    } as TariffDefinition;
    expect(() => registerTariff(broken)).toThrow(/阶梯上限应逐级递增/);
    const tiers = [
      { label: '第一阶梯', upTo: 100, priceFen: 400 },
      { label: '第二阶梯', upTo: null, priceFen: 600 },
    ];
    registerTariff({ ...broken, rules: { water: { kind: 'tiered', tiers } } });
    expect(
      tariffFor('village-water')({ utility: 'water', usage: 30, yearToDateUsage: 90 }).map(
        (i) => i.amountFen,
      ),
    ).toEqual([4_000, 12_000]);

    const published = await t.api('GET', '/api/tariffs'); // public: the 水价 page needs no login
    expect(published.status).toBe(200);
    const names = published.body.items.map((d: TariffDefinition) => d.name);
    expect(names).toEqual(
      expect.arrayContaining(['residential-tiered', 'non-residential', 'heating-area', 'village-water']),
    );
  });
});
