/** The bench scenarios run (small sizes) and nothing is lost or doubled under load. */
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { createPaymentScenario, listBillsScenario, notifyScenario } from './benchScenarios';
import { startPayTest, type PayTest } from './payHarness';

jest.setTimeout(120_000);
let p: PayTest;
beforeAll(async () => {
  p = await startPayTest();
});
afterAll(() => p.close());

it('runs listBills, createPayment and notification handling under concurrency without failures', async () => {
  const results = [
    await listBillsScenario(p, 60, 8),
    await createPaymentScenario(p, 20, 4),
    await notifyScenario(p, 30, 16),
  ];
  console.log(JSON.stringify(results));
  for (const r of results) expect(r.failures).toBe(0);
  expect(await PaymentModel.countDocuments({ status: 'paid' })).toBe(30);
  console.log(results.map((r) => `${r.name}: ${r.opsPerSecond.toFixed(0)}/s`).join(', '));
});
