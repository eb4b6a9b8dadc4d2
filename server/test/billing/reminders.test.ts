/** Reminders before the due date and on overdue (one per bill, stage and resident), and the arrears views. */
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { runBillReminders } from '../../src/modules/billing/reminders';
import { bindResident, makeAccount, makeResident, makeStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { makeBill } from './billFactories';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const day = 86_400_000;

describe('bill reminders', () => {
  it('reminds each bound resident once per bill before the due date and once when overdue', async () => {
    const a = await makeAccount();
    const mum = await makeResident(t.deps, { bind: [a.accountNo] });
    const son = await makeResident(t.deps, { bind: [a.accountNo] });
    const dueSoon = await makeBill(a, { period: '2026-10', dueDate: new Date(Date.now() + 2 * day) });
    const late = await makeBill(a, { period: '2026-09', dueDate: new Date(Date.now() - day) });
    await makeBill(a, { period: '2026-11', dueDate: new Date(Date.now() + 20 * day) });
    await makeBill(a, { period: '2026-08', dueDate: new Date(Date.now() - 5 * day), status: 'paid' });

    const first = await runBillReminders(t.deps);
    expect(first.reminders).toBe(4);
    expect((await BillModel.findById(late._id).lean())?.status).toBe('overdue');
    const keys = (
      await OutboxModel.find({ kind: 'message.send', dedupeKey: { $regex: '^reminder:' } }).lean()
    )
      .map((e) => e.dedupeKey)
      .sort();
    expect(keys).toEqual(
      [
        `reminder:due:${dueSoon._id}:${mum.userId}`,
        `reminder:due:${dueSoon._id}:${son.userId}`,
        `reminder:overdue:${late._id}:${mum.userId}`,
        `reminder:overdue:${late._id}:${son.userId}`,
      ].sort(),
    );
    const entry = await OutboxModel.findOne({
      dedupeKey: `reminder:due:${dueSoon._id}:${mum.userId}`,
    }).lean();
    expect(entry?.payload).toMatchObject({
      userId: mum.userId,
      event: 'billReminder',
      data: { accountNo: a.accountNo, amountFen: 12_850 },
    });

    // Later runs (and a crash that forgot remindedStages) send nothing twice.
    await BillModel.updateMany({ accountNo: a.accountNo }, { $unset: { remindedStages: 1 } });
    expect((await runBillReminders(t.deps)).reminders).toBe(0);
    expect(await OutboxModel.countDocuments({ dedupeKey: { $regex: '^reminder:' } })).toBe(4);

    // A resident who binds later still gets the overdue reminder of a bill not yet reminded to them.
    const later = await makeResident(t.deps);
    await bindResident(later.userId, a.accountNo);
    await BillModel.updateMany({ accountNo: a.accountNo }, { $unset: { remindedStages: 1 } });
    expect((await runBillReminders(t.deps)).reminders).toBe(2);
  });
});

describe('arrears', () => {
  it('lists accounts in arrears by area, largest first, with masked holders', async () => {
    const x = await makeAccount({ areaCode: 'HD-ZGC', holder: { name: '王小明' } });
    const y = await makeAccount({ areaCode: 'HD-ZGC' });
    const z = await makeAccount({ areaCode: 'CY-XX' });
    await makeBill(x, {
      period: '2026-08',
      amountDue: 5_000,
      dueDate: new Date(Date.now() - 40 * day),
      status: 'overdue',
    });
    await makeBill(x, {
      period: '2026-09',
      amountDue: 6_000,
      dueDate: new Date(Date.now() - 10 * day),
      status: 'overdue',
    });
    await makeBill(y, {
      period: '2026-09',
      amountDue: 3_000,
      dueDate: new Date(Date.now() - 10 * day),
      status: 'overdue',
    });
    await makeBill(z, {
      period: '2026-09',
      amountDue: 9_000,
      dueDate: new Date(Date.now() - 10 * day),
      status: 'overdue',
    });
    const collector = await makeStaff(t.deps, ['agent'], { areas: ['HD'] });
    const r = await t.api('GET', '/api/staff/arrears?areaCode=HD-ZGC', { token: collector.token });
    expect(r.status).toBe(200);
    expect(
      r.body.items.map((i: { accountNo: string; unpaidFen: number }) => [i.accountNo, i.unpaidFen]),
    ).toEqual([
      [x.accountNo, 11_000],
      [y.accountNo, 3_000],
    ]);
    expect(r.body.items[0]).toMatchObject({ holderMasked: '王**', bills: 2 });
    const old = await t.api('GET', '/api/staff/arrears?areaCode=HD-ZGC&minOverdueDays=30', {
      token: collector.token,
    });
    expect(old.body.items).toEqual([
      expect.objectContaining({ accountNo: x.accountNo, unpaidFen: 5_000, bills: 1 }),
    ]);
    expect((await t.api('GET', '/api/staff/arrears?areaCode=CY-XX', { token: collector.token })).status).toBe(
      403,
    );
    expect((await t.api('GET', '/api/staff/arrears?areaCode=%24ne', { token: collector.token })).status).toBe(
      400,
    );
    const mine = await t.api('GET', '/api/staff/arrears', { token: collector.token });
    expect(mine.body.items.every((i: { areaCode: string }) => i.areaCode.startsWith('HD'))).toBe(true);
  });

  it('reports the collection rate per area for a period', async () => {
    const a = await makeAccount({ areaCode: 'FT-ABC' });
    const b = await makeAccount({ areaCode: 'FT-ABC' });
    await makeBill(a, { period: '2026-07', amountDue: 3_000, status: 'paid' });
    await makeBill(b, { period: '2026-07', amountDue: 1_000, status: 'overdue' });
    const manager = await makeStaff(t.deps, ['manager'], { areas: [] });
    const r = await t.api('GET', '/api/staff/collection-rate?period=2026-07&areaPrefix=FT', {
      token: manager.token,
    });
    expect(r.body.areas).toEqual([
      { areaCode: 'FT-ABC', billedFen: 4_000, collectedFen: 3_000, bills: 2, paidBills: 1, rate: 0.75 },
    ]);
    const bad = await t.api('GET', '/api/staff/collection-rate?period=2026-13', { token: manager.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('query.period');
  });
});
