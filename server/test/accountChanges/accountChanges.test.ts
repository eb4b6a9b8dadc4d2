/**
 * 过户 / 销户 online. A resident applies with the documents; a supervisor of the area approves under the
 * rules; approval takes effect: the final bill, the new holder (or the closure), the old bindings and
 * every printed 一户一码 void, the order done, the applicant told at each step. A crash at any point of
 * the effects leaves nothing half-applied once the sweep has run, and nothing doubled.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { BillModel } from '../../src/modules/billing/bill.model';
import { AccountChangeModel } from '../../src/modules/accountChanges/accountChange.model';
import {
  accountChangeSweepJob,
  injectEffectFault,
  type EffectStep,
} from '../../src/modules/accountChanges/effects';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { AuditLogModel } from '../../src/platform/audit';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { makeBill } from '../billing/billFactories';
import {
  makeAccount,
  makeResident,
  makeStaff,
  type TestResident,
  type TestStaff,
  uploadPhoto,
} from '../factories';
import { testClock, type TestServer } from '../harness';
import { startChangeDesk } from './support';

const clock = testClock(new Date('2026-12-01T02:00:00Z'));
let t: TestServer;
let supervisor: TestStaff;
let agent: TestStaff;
beforeAll(async () => {
  ({ t, supervisor } = await startChangeDesk(clock, 'GH'));
  agent = await makeStaff(t.deps, ['agent'], { areas: ['GH'] });
});
afterAll(() => t.close());

const upload = (token: string) => uploadPhoto(t, token);

/** A household of 老住户 in area GH with meter at 1200 and a resident bound to it. */
async function household(over: Record<string, unknown> = {}) {
  const account = await makeAccount({
    areaCode: 'GH-A1',
    holder: { name: '老住户', phone: '13800005555' },
    ...over,
  });
  const former = await makeResident(t.deps);
  const bound = await t.api('POST', '/api/accounts/bind', {
    token: former.token,
    body: { accountNo: account.accountNo, holderName: '老住户' },
  });
  expect(bound.status).toBe(200);
  return { account, former };
}

async function applyTransfer(r: TestResident, accountNo: string, over: Record<string, unknown> = {}) {
  return t.api('POST', '/api/account-changes', {
    token: r.token,
    body: {
      kind: 'transfer',
      accountNo,
      idPhotos: [await upload(r.token)],
      propertyProofs: [await upload(r.token)],
      newHolder: { name: '新住户', phone: '13900006666', idNumber: '11010519900307123X' },
      handoverReading: 1230,
      ...over,
    },
  });
}

const approve = (orderNo: string, arrears: 'settled' | 'carried', staff = supervisor) =>
  t.api('POST', `/api/staff/account-changes/${orderNo}/approve`, { token: staff.token, body: { arrears } });

describe('过户 online', () => {
  it('approval changes the holder, voids the old binding and 一户一码, bills the handover and finishes the order', async () => {
    const { account, former } = await household();
    const oldQr = (
      await t.api('GET', `/api/staff/accounts/${account.accountNo}/qr`, { token: supervisor.token })
    ).body.token;
    expect((await t.api('GET', `/api/qr/${oldQr}`)).status).toBe(200);

    clock.set(new Date('2026-12-01T03:00:00Z'));
    const applied = await applyTransfer(former, account.accountNo);
    expect(applied.status).toBe(201);
    const { orderNo } = applied.body;

    // The supervisor's queue shows the documents, the new holder (masked) and the readings.
    const queue = await t.api('GET', '/api/staff/account-changes', { token: supervisor.token });
    const row = queue.body.items.find((i: { orderNo: string }) => i.orderNo === orderNo);
    expect(row).toMatchObject({
      kind: 'transfer',
      holderName: '老住户',
      newHolder: {
        name: '新住户',
        phoneMasked: '139****6666',
        idNumberMasked: expect.stringMatching(/^110.*123X$/),
      },
      reading: 1230,
      lastReading: 1200,
      unpaidCount: 0,
    });
    expect(row.idPhotoUrls).toHaveLength(1);
    expect(row.propertyProofUrls).toHaveLength(1);

    clock.set(new Date('2026-12-02T02:00:00Z'));
    expect((await approve(orderNo, 'settled')).status).toBe(200);

    const after = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
    expect(after!.holder).toMatchObject({ name: '新住户', phone: '13900006666' });
    expect(after!.holderSince).toEqual(new Date('2026-12-02T02:00:00Z'));
    expect(after!.meters[0].lastReading).toBe(1230);
    expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    expect((await t.api('GET', `/api/accounts/${account.accountNo}`, { token: former.token })).status).toBe(
      404,
    );
    expect((await t.api('GET', `/api/qr/${oldQr}`)).status).toBe(410);
    const newQr = (
      await t.api('GET', `/api/staff/accounts/${account.accountNo}/qr`, { token: supervisor.token })
    ).body.token;
    expect(newQr).not.toBe(oldQr);
    expect((await t.api('GET', `/api/qr/${newQr}`)).status).toBe(200);

    // The final bill: 30 m³ from 1200 to 1230, issued at the handover (the former holder's time).
    const final = await BillModel.find({ sourceKey: `final:${orderNo}` }).lean();
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ readingFrom: 1200, readingTo: 1230, usage: 30, status: 'unpaid' });
    expect(final[0].amountDue).toBe(final[0].items.reduce((n, i) => n + i.amountFen, 0));
    expect(final[0].amountDue).toBeGreaterThan(0);
    expect(final[0].issuedAt.getTime()).toBeLessThan(after!.holderSince!.getTime());

    // The order: approved, then done; the applicant still follows it and was told at each step.
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: former.token });
    expect(order.status).toBe(200);
    expect(order.body.state).toBe('resolved');
    expect(order.body.timeline.map((e: { label: string }) => e.label)).toEqual(
      expect.arrayContaining(['受理', '审核', '办结']),
    );
    const told = await OutboxModel.find({ dedupeKey: { $regex: `^wo:${orderNo}:` } }).lean();
    expect(told.map((m) => (m.payload as { userId?: string }).userId)).toEqual([
      former.userId,
      former.userId,
      former.userId,
    ]);

    // The new holder binds with the new name and sees only bills from the handover on.
    const next = await makeResident(t.deps);
    expect(
      (
        await t.api('POST', '/api/accounts/bind', {
          token: next.token,
          body: { accountNo: account.accountNo, holderName: '老住户' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await t.api('POST', '/api/accounts/bind', {
          token: next.token,
          body: { accountNo: account.accountNo, holderName: '新住户' },
        })
      ).status,
    ).toBe(200);
    await makeBill(account, {
      period: '2026-12',
      amountDue: 5_500,
      issuedAt: new Date('2026-12-03T00:00:00Z'),
    });
    const bills = await t.api('GET', `/api/bills?accountNo=${account.accountNo}`, { token: next.token });
    expect(bills.body.items.map((b: { amountDue: number }) => b.amountDue)).toEqual([5_500]);

    // Approving twice changes nothing more.
    expect((await approve(orderNo, 'settled')).status).toBe(409);
    expect(await BillModel.countDocuments({ sourceKey: `final:${orderNo}` })).toBe(1);
  });

  it('refuses approval while bills are unpaid, unless the new holder carries them', async () => {
    const { account, former } = await household();
    await makeBill(account, {
      period: '2026-10',
      amountDue: 8_800,
      issuedAt: new Date('2026-11-01T00:00:00Z'),
    });
    clock.set(new Date('2026-12-01T03:00:00Z'));
    const { orderNo } = (await applyTransfer(former, account.accountNo)).body;
    clock.set(new Date('2026-12-02T02:00:00Z'));

    const refused = await approve(orderNo, 'settled');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'ARREARS_UNSETTLED' });
    expect(refused.body.error.message).toContain('88.00 元');

    expect((await approve(orderNo, 'carried')).status).toBe(200);
    const carried = await BillModel.findOne({ sourceKey: `carried:${orderNo}` }).lean();
    const final = await BillModel.findOne({ sourceKey: `final:${orderNo}` }).lean();
    expect(carried!.amountDue).toBe(8_800 + final!.amountDue);
    expect(
      await BillModel.countDocuments({
        accountNo: account.accountNo,
        status: 'cancelled',
        carriedInto: String(carried!._id),
      }),
    ).toBe(2);

    const next = await makeResident(t.deps);
    await t.api('POST', '/api/accounts/bind', {
      token: next.token,
      body: { accountNo: account.accountNo, holderName: '新住户' },
    });
    const bills = await t.api('GET', `/api/bills?accountNo=${account.accountNo}`, { token: next.token });
    expect(bills.body.items.map((b: { amountDue: number }) => b.amountDue)).toEqual([carried!.amountDue]);
  });
});

describe('销户 online', () => {
  it('bills the final reading and closes the account; arrears cannot be carried', async () => {
    const { account, former } = await household();
    clock.set(new Date('2026-12-01T03:00:00Z'));
    const applied = await t.api('POST', '/api/account-changes', {
      token: former.token,
      body: {
        kind: 'close',
        accountNo: account.accountNo,
        idPhotos: [await upload(former.token)],
        propertyProofs: [await upload(former.token)],
        finalReading: 1210,
        reason: '房屋出售',
      },
    });
    expect(applied.status).toBe(201);
    const { orderNo } = applied.body;
    const carried = await approve(orderNo, 'carried');
    expect(carried.status).toBe(422);
    expect(carried.body.error.message).toBe('销户须先结清全部欠费,不能承接');

    expect((await approve(orderNo, 'settled')).status).toBe(200);
    const after = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
    expect(after!.status).toBe('closed');
    expect(await BillModel.countDocuments({ sourceKey: `final:${orderNo}`, usage: 10 })).toBe(1);
    expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    const rebind = await t.api('POST', '/api/accounts/bind', {
      token: former.token,
      body: { accountNo: account.accountNo, holderName: '老住户' },
    });
    expect(rebind.status).toBe(422);
  });
});

describe('automatic approval', () => {
  it('approves a 销户 at once where the utility allows it and the household owes nothing', async () => {
    const auto = t.deps.config.ACCOUNT_CHANGE_AUTO_APPROVE;
    t.deps.config.ACCOUNT_CHANGE_AUTO_APPROVE = ['close'];
    try {
      const close = async (r: TestResident, accountNo: string) =>
        t.api('POST', '/api/account-changes', {
          token: r.token,
          body: {
            kind: 'close',
            accountNo,
            idPhotos: [await upload(r.token)],
            propertyProofs: [await upload(r.token)],
            finalReading: 1200,
            reason: '不再使用',
          },
        });
      const quiet = await household();
      const done = await close(quiet.former, quiet.account.accountNo);
      expect(done.status).toBe(201);
      expect((await AccountModel.findOne({ accountNo: quiet.account.accountNo }).lean())!.status).toBe(
        'closed',
      );
      const order = await WorkOrderModel.findOne({ orderNo: done.body.orderNo }).lean();
      expect(order!.state).toBe('resolved');

      // Owing money, or a 过户 (not listed): a supervisor decides.
      const owing = await household();
      await makeBill(owing.account, { period: '2026-10', issuedAt: new Date('2026-11-01T00:00:00Z') });
      const waiting = await close(owing.former, owing.account.accountNo);
      expect((await AccountModel.findOne({ accountNo: owing.account.accountNo }).lean())!.status).toBe(
        'active',
      );
      expect((await WorkOrderModel.findOne({ orderNo: waiting.body.orderNo }).lean())!.status).toBe(
        'accepted',
      );
      const transfer = await household();
      const applied = await applyTransfer(transfer.former, transfer.account.accountNo);
      expect((await WorkOrderModel.findOne({ orderNo: applied.body.orderNo }).lean())!.status).toBe(
        'accepted',
      );
    } finally {
      t.deps.config.ACCOUNT_CHANGE_AUTO_APPROVE = auto;
    }
  });
});

describe('applications and approvals refused', () => {
  it('names the missing or wrong field in Chinese', async () => {
    const { account, former } = await household();
    const noPhotos = await t.api('POST', '/api/account-changes', {
      token: former.token,
      body: {
        kind: 'transfer',
        accountNo: account.accountNo,
        idPhotos: [],
        propertyProofs: [],
        newHolder: { name: '', phone: '123', idNumber: '1234' },
        handoverReading: -1,
      },
    });
    expect(noPhotos.status).toBe(400);
    const messages = noPhotos.body.error.fields.map((f: { message: string }) => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        '请上传身份证照片',
        '请上传房产证或租赁合同照片',
        '请填写新户主姓名',
        '新户主手机号须为 11 位手机号',
        '身份证号须为 18 位',
        '交接读数不能为负数',
      ]),
    );
    const noKind = await t.api('POST', '/api/account-changes', {
      token: former.token,
      body: { accountNo: account.accountNo },
    });
    expect(noKind.status).toBe(400);
    expect(noKind.body.error.fields[0].message).toBe('请选择办理的业务(过户或销户)');

    const below = await applyTransfer(former, account.accountNo, { handoverReading: 1100 });
    expect(below.status).toBe(422);
    expect(below.body.error.code).toBe('READING_BELOW_LAST');

    expect((await applyTransfer(former, account.accountNo)).status).toBe(201);
    const twice = await applyTransfer(former, account.accountNo);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ACCOUNT_CHANGE_PENDING');
  });

  it('keeps other households and other areas out', async () => {
    const { account, former } = await household();
    const stranger = await makeResident(t.deps);
    expect((await applyTransfer(stranger, account.accountNo)).status).toBe(404);
    const { orderNo } = (await applyTransfer(former, account.accountNo)).body;

    // Not through the generic order action either: the rules and effects live in the approval.
    const generic = await t.api('POST', `/api/work-orders/${orderNo}/transitions`, {
      token: supervisor.token,
      body: { action: 'approve' },
    });
    expect(generic.status).toBe(409);
    expect(generic.body.error.code).toBe('APPROVED_ELSEWHERE');

    const elsewhere = await makeStaff(t.deps, ['supervisor'], { areas: ['CY'] });
    expect((await approve(orderNo, 'settled', elsewhere)).status).toBe(404);
    const list = await t.api('GET', '/api/staff/account-changes', { token: elsewhere.token });
    expect(list.body.items.map((i: { orderNo: string }) => i.orderNo)).not.toContain(orderNo);
    // Agents see the queue; only supervisors and admins approve. Residents reach neither.
    expect((await t.api('GET', '/api/staff/account-changes', { token: agent.token })).status).toBe(200);
    expect((await approve(orderNo, 'settled', agent)).status).toBe(403);
    expect((await t.api('GET', '/api/staff/account-changes', { token: former.token })).status).toBe(403);
    const badNo = await t.api('POST', '/api/staff/account-changes/WO1/approve', {
      token: supervisor.token,
      body: { arrears: 'settled' },
    });
    expect(badNo.status).toBe(400);
    const badArrears = await approve(orderNo, 'whatever' as 'settled');
    expect(badArrears.status).toBe(400);
    expect(badArrears.body.error.fields[0].message).toBe('请选择欠费处理方式(已结清或由新户主承接)');
    expect(await AccountModel.countDocuments({ accountNo: account.accountNo, 'holder.name': '老住户' })).toBe(
      1,
    );
  });
});

describe('a crash while approval takes effect', () => {
  const points: { after: EffectStep; beforeStamp: boolean }[] = (
    ['approved', 'finalBill', 'arrearsCarried', 'occupancy', 'completed'] as EffectStep[]
  ).flatMap((after) => [
    { after, beforeStamp: true },
    { after, beforeStamp: false },
  ]);

  it.each(points)(
    'after $after (before its stamp: $beforeStamp): the sweep finishes it, nothing doubled',
    async (point) => {
      const { account, former } = await household();
      await makeBill(account, {
        period: '2026-10',
        amountDue: 4_400,
        issuedAt: new Date('2026-11-01T00:00:00Z'),
      });
      clock.set(new Date('2026-12-01T03:00:00Z'));
      const { orderNo } = (await applyTransfer(former, account.accountNo)).body;
      clock.set(new Date('2026-12-02T02:00:00Z'));

      injectEffectFault(point);
      const crashed = await approve(orderNo, 'carried');
      expect(crashed.status).toBe(500);
      expect(await AccountChangeModel.countDocuments({ orderNo, appliedAt: { $exists: true } })).toBe(0);

      // The sweep runs twice (two workers, or a retry): the second finds nothing left to do.
      await accountChangeSweepJob(t.deps)();
      await accountChangeSweepJob(t.deps)();
      // And the supervisor clicking again is told it is decided.
      expect((await approve(orderNo, 'carried')).status).toBe(409);

      const change = await AccountChangeModel.findOne({ orderNo }).lean();
      expect(change!.appliedAt).toBeTruthy();
      const acc = await AccountModel.findOne({ accountNo: account.accountNo }).lean();
      expect(acc!.holder!.name).toBe('新住户');
      expect(acc!.holderRevision).toBe(1);
      expect(acc!.qrRevision).toBe(2);
      expect(await BillModel.countDocuments({ sourceKey: `final:${orderNo}` })).toBe(1);
      expect(await BillModel.countDocuments({ sourceKey: `carried:${orderNo}` })).toBe(1);
      expect(
        await BillModel.countDocuments({
          accountNo: account.accountNo,
          status: { $in: ['unpaid', 'overdue'] },
        }),
      ).toBe(1);
      expect(
        await AuditLogModel.countDocuments({
          action: 'account.occupancyEnded',
          'target.id': account.accountNo,
        }),
      ).toBe(1);
      const order = await WorkOrderModel.findOne({ orderNo }).lean();
      expect(order!.state).toBe('resolved');
      expect(order!.history.filter((h) => h.action === 'approve')).toHaveLength(1);
      expect(order!.history.filter((h) => h.action === 'complete')).toHaveLength(1);
      expect(await BindingModel.countDocuments({ accountNo: account.accountNo })).toBe(0);
    },
  );
});
