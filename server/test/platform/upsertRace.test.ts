/**
 * Documents several callers create at the same instant, on the real database: a day's first order numbers,
 * the first reserved 户号, an account opened by an approval and a sweep at once. Every caller gets its
 * answer, no number is handed out twice and one document is written. (The loser of a race to insert gets a
 * duplicate-key error on mongod and, on the stand-in, sometimes no document: binding met that in CI. These
 * runs did not make the stand-in lose here; `upsertReturning` covers it the same way.)
 */
import { openAccount, reserveAccountNo } from '../../src/modules/accounts/opening.service';
import { nextOrderNo } from '../../src/modules/workorders/orders/workorder.service';
import { WorkOrderCounterModel } from '../../src/modules/workorders/orders/workorder.model';
import { connectTestDb } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
});
afterAll(() => db.drop());

it('the first order numbers of a day, taken at once, are all distinct', async () => {
  // Each day is new to the counter and to this process's block cache: every call races to create it.
  for (const day of ['2031-03-01', '2031-03-02', '2031-03-03']) {
    const now = new Date(`${day}T02:00:00Z`);
    const numbers = await Promise.all(Array.from({ length: 12 }, () => nextOrderNo(now)));
    expect(new Set(numbers).size).toBe(12);
    for (const n of numbers) expect(n).toMatch(new RegExp(`^WO${day.replaceAll('-', '')}\\d{4}$`));
    expect(await WorkOrderCounterModel.countDocuments({ _id: day.replaceAll('-', '') })).toBe(1);
  }
});

it('the first 户号 reserved for online account opening, taken at once, are all distinct', async () => {
  const numbers = await Promise.all(Array.from({ length: 12 }, () => reserveAccountNo()));
  expect(new Set(numbers).size).toBe(12);
});

it('an approval and a sweep opening the same account at once both come back with the one account', async () => {
  const { makeResident } = await import('../factories');
  const { createTestDeps } = await import('../harness');
  const { AccountModel } = await import('../../src/modules/accounts/account.model');
  const { BindingModel } = await import('../../src/modules/accounts/binding.model');
  const resident = await makeResident(createTestDeps());
  for (let i = 0; i < 3; i++) {
    const accountNo = await reserveAccountNo();
    const input = {
      accountNo,
      orderNo: `WO2031030100${String(i).padStart(2, '0')}`,
      areaCode: 'CY-WJY',
      utility: 'gas',
      address: { district: '朝阳区', community: '望京园', building: '1', unit: '1', room: `10${i}` },
      holder: { name: '王新', phone: '13900001111', idNumberMasked: '1101**********1234' },
      holderUserId: resident.userId,
      since: new Date('2031-03-01T02:00:00Z'),
    };
    const opened = await Promise.all(Array.from({ length: 6 }, () => openAccount(input)));
    expect(new Set(opened.map((a) => String(a._id))).size).toBe(1);
    expect(await AccountModel.countDocuments({ accountNo })).toBe(1);
    expect(await BindingModel.countDocuments({ accountNo })).toBe(1);
  }
});

it('a rate limit key used for the first time by several callers at once counts each of them once', async () => {
  const { limiter } = await import('../../src/platform/rateLimit');
  const l = limiter({ keyPrefix: 'upsert-race', points: 10, durationSeconds: 600 });
  // The stand-in answered about one losing upsert in three with no document (after applying it) when tried.
  for (let round = 0; round < 8; round++) {
    const key = `first-use-${round}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => l.consume(key)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(await l.used(key)).toBe(6);
  }
  // At the limit, on a counter that exists: exactly the allowance passes.
  expect((await l.consume('at-limit')).ok).toBe(true);
  const full = await Promise.all(Array.from({ length: 11 }, () => l.consume('at-limit')));
  expect(full.filter((a) => a.ok)).toHaveLength(9);
  expect(await l.used('at-limit')).toBe(12);
  // At the limit on a fresh key, the stand-in's empty answer hides where in the count an attempt landed; the
  // limiter then judges by the counter as it stands, which may refuse one that landed early (never the other
  // way). Each attempt is still counted once, and no more than the allowance passes.
  for (let round = 0; round < 4; round++) {
    const first = await Promise.all(Array.from({ length: 12 }, () => l.consume(`fresh-at-limit-${round}`)));
    expect(first.filter((a) => a.ok).length).toBeLessThanOrEqual(10);
    expect(await l.used(`fresh-at-limit-${round}`)).toBe(12);
  }
});
