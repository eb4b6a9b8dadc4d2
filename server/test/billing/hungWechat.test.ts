/**
 * A WeChat Pay that stops answering holds neither a resident's request nor an outbox worker: every
 * call gives up after WECHAT_HTTP_TIMEOUT_MS (the sandbox's delay fault plays the hung WeChat).
 */
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { billingJobs } from '../../src/modules/billing/jobs';
import { BillModel } from '../../src/modules/billing/bill.model';
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { household, pay, startPayTest, type PayTest } from './payHarness';

let p: PayTest;
beforeAll(async () => {
  p = await startPayTest({ verification: 'publicKey', env: { WECHAT_HTTP_TIMEOUT_MS: '400' } });
});
afterAll(() => p.close());

it('answers the resident within the timeout when WeChat Pay hangs, and the close job it leaves never holds a worker', async () => {
  const h = await household(p, [4_200]);
  await p.sandbox.client.injectFault({ kind: 'delay', api: '*', ms: 5_000, times: 'always' });
  try {
    const started = Date.now();
    const r = await pay(p, h);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(4_500); // gave up: WeChat Pay answers only after 5 s
    expect(await BillModel.countDocuments({ accountNo: h.account.accountNo, status: 'paying' })).toBe(0);

    // The order may have reached WeChat before the answer was lost: a close job was left for the worker.
    const payment = (await PaymentModel.findOne({ accountNo: h.account.accountNo }).lean())!;
    const failures: unknown[] = [];
    const worker = createWorker({
      handlers: billingJobs(p.t.deps),
      backoffBaseMs: 60_000,
      backoffMaxMs: 60_000,
      onError: (_e, err) => failures.push(err),
    });
    const attempt = Date.now();
    expect(await worker.runOnce()).toBe(true);
    expect(Date.now() - attempt).toBeLessThan(4_500);
    const entry = (await OutboxModel.findOne({ dedupeKey: `close:${payment.outTradeNo}` }).lean())!;
    expect(entry).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failures).toEqual([
      expect.objectContaining({ payCode: 'TIMEOUT', payMessage: 'no answer within 400 ms' }),
    ]);
  } finally {
    await p.sandbox.client.clearFaults();
  }
});
