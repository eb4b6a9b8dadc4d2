import { collectionTotal } from './LiveCollectionRate';

describe('the 合计 row of a 账期 回收率', () => {
  it('is the collected money over the billed money of all areas, not the mean of their rates', () => {
    const t = collectionTotal([
      { areaCode: 'CY-A', billedFen: 100_00, collectedFen: 100_00, bills: 1, paidBills: 1, rate: 1 },
      { areaCode: 'CY-B', billedFen: 300_00, collectedFen: 0, bills: 3, paidBills: 0, rate: 0 },
    ]);
    expect(t).toEqual({
      areaCode: '合计',
      billedFen: 400_00,
      collectedFen: 100_00,
      bills: 4,
      paidBills: 1,
      rate: 0.25,
    });
  });

  it('is 0 rather than a division by zero when nothing was billed', () => {
    expect(collectionTotal([]).rate).toBe(0);
  });
});
