/**
 * 开户 online. A resident with no account applies for a home in a known area with their own documents;
 * a supervisor of the area approves (the account is written under the reserved 户号, the applicant bound
 * as holder, the 点火通气 visit filed) or turns it down with a reason the resident reads. The account is
 * not in supply until the visit is completed. A crash at any step leaves one account, one binding, one visit.
 */
import { AccountModel } from '../../src/modules/accounts/account.model';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { AccountChangeModel } from '../../src/modules/accountChanges/accountChange.model';
import {
  accountChangeSweepJob,
  applyEffects,
  injectEffectFault,
  type EffectStep,
} from '../../src/modules/accountChanges/effects';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
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
let room = 100;
beforeAll(async () => {
  ({ t, supervisor } = await startChangeDesk(clock, 'KF'));
  // The known area: the utility already supplies homes there.
  await makeAccount({
    areaCode: 'KF-XY',
    address: { district: '开发区', community: '新苑小区', building: '1', unit: '1', room: '101' },
  });
});
afterAll(() => t.close());

const upload = (token: string) => uploadPhoto(t, token, '#3a6');

async function applyOpening(r: TestResident, over: Record<string, unknown> = {}) {
  return t.api('POST', '/api/account-openings', {
    token: r.token,
    body: {
      utility: 'gas',
      areaCode: 'KF-XY',
      building: '5',
      unit: '1',
      room: String(room++),
      holder: { name: '新开户', phone: '13700007777', idNumber: '11010519900307123x' },
      idPhotos: [await upload(r.token)],
      propertyProofs: [await upload(r.token)],
      ...over,
    },
  });
}

const approve = (orderNo: string) =>
  t.api('POST', `/api/staff/account-changes/${orderNo}/approve`, { token: supervisor.token, body: {} });

describe('开户 online', () => {
  it('approval opens the account (pending), binds the applicant, files the 通气 visit; its completion starts supply', async () => {
    const resident = await makeResident(t.deps);
    const areas = await t.api('GET', '/api/account-openings/areas', { token: resident.token });
    expect(areas.body.items).toEqual(
      expect.arrayContaining([{ areaCode: 'KF-XY', district: '开发区', community: '新苑小区' }]),
    );

    const applied = await applyOpening(resident);
    expect(applied.status).toBe(201);
    const { orderNo } = applied.body;
    const change = await AccountChangeModel.findOne({ orderNo }).lean();
    const accountNo = change!.accountNo;
    expect(accountNo).toMatch(/^39\d{8}$/);
    // Only the masked ID number is kept.
    expect(change!.opening!.holder!.idNumberMasked).toBe('110***********123X');
    expect(JSON.stringify(change)).not.toContain('11010519900307123');
    expect(await AccountModel.countDocuments({ accountNo })).toBe(0);

    // The applicant follows the order before any account exists.
    const mine = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(mine.status).toBe(200);

    const queue = await t.api('GET', '/api/staff/account-changes', { token: supervisor.token });
    const row = queue.body.items.find((i: { orderNo: string }) => i.orderNo === orderNo);
    expect(row).toMatchObject({
      kind: 'open',
      accountNo,
      utility: 'gas',
      holderName: '新开户',
      address: expect.stringContaining('新苑小区'),
      newHolder: { name: '新开户', phoneMasked: '137****7777', idNumberMasked: '110***********123X' },
    });
    expect(row.idPhotoUrls).toHaveLength(1);

    clock.set(new Date('2026-12-02T02:00:00Z'));
    expect((await approve(orderNo)).status).toBe(200);

    const account = await AccountModel.findOne({ accountNo }).lean();
    expect(account).toMatchObject({
      status: 'pending',
      utility: 'gas',
      areaCode: 'KF-XY',
      holder: { name: '新开户', phone: '13700007777', idNumberMasked: '110***********123X' },
      address: { district: '开发区', community: '新苑小区', building: '5', unit: '1' },
    });
    expect(await BindingModel.countDocuments({ accountNo, userId: resident.userId })).toBe(1);
    expect((await t.api('GET', `/api/accounts/${accountNo}`, { token: resident.token })).status).toBe(200);

    const visits = await WorkOrderModel.find({ accountNo, type: 'activation' }).lean();
    expect(visits).toHaveLength(1);
    const after = await AccountChangeModel.findOne({ orderNo }).lean();
    expect(after!.activationOrderNo).toBe(visits[0].orderNo);
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(order.body.state).toBe('resolved');
    expect(order.body.timeline.map((e: { text: string }) => e.text)).toEqual(
      expect.arrayContaining([expect.stringContaining(`户号 ${accountNo}`)]),
    );
    const told = await OutboxModel.find({ dedupeKey: { $regex: `^wo:${orderNo}:` } }).lean();
    expect(told.map((m) => (m.payload as { userId?: string }).userId)).toEqual([
      resident.userId,
      resident.userId,
      resident.userId,
    ]);

    // The visit: dispatched, done by the technician; the account goes into supply then, once.
    const tech = await makeStaff(t.deps, ['technician'], { areas: ['KF'] });
    const act = (token: string, body: object) =>
      t.api('POST', `/api/work-orders/${visits[0].orderNo}/transitions`, { token, body });
    const current = await WorkOrderModel.findOne({ orderNo: visits[0].orderNo }).lean();
    if (current!.assigneeId !== tech.staffId)
      expect((await act(supervisor.token, { action: 'dispatch', assigneeId: tech.staffId })).status).toBe(
        200,
      );
    for (const action of ['accept', 'depart', 'arrive', 'start']) {
      expect((await AccountModel.findOne({ accountNo }).lean())!.status).toBe('pending');
      const r = await act(tech.token, { action });
      expect([action, r.status]).toEqual([action, 200]);
    }
    expect((await act(tech.token, { action: 'complete', note: '安检合格,已点火通气' })).status).toBe(200);
    expect((await AccountModel.findOne({ accountNo }).lean())!.status).toBe('active');
    expect((await AccountChangeModel.findOne({ orderNo }).lean())!.effects!.supplyStartedAt).toBeTruthy();
  });

  it('rejection cancels the application with the reason the resident reads; nothing is opened', async () => {
    const resident = await makeResident(t.deps);
    const { orderNo } = (await applyOpening(resident)).body;
    const accountNo = (await AccountChangeModel.findOne({ orderNo }).lean())!.accountNo;
    const bad = await t.api('POST', `/api/staff/account-changes/${orderNo}/reject`, {
      token: supervisor.token,
      body: { reason: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('不通过原因');
    const r = await t.api('POST', `/api/staff/account-changes/${orderNo}/reject`, {
      token: supervisor.token,
      body: { reason: '房产证照片不清晰,请重新拍摄' },
    });
    expect(r.status).toBe(200);
    const order = await t.api('GET', `/api/work-orders/${orderNo}`, { token: resident.token });
    expect(order.body.state).toBe('cancelled');
    expect(order.body.currentStep).toBe('申请未通过审核:房产证照片不清晰,请重新拍摄');
    const told = await OutboxModel.find({ dedupeKey: { $regex: `^wo:${orderNo}:` } }).lean();
    expect(told.map((m) => (m.payload as { data: { title: string } }).data.title)).toContain(
      '开户:申请未通过审核:房产证照片不清晰,请重新拍摄',
    );
    expect((await approve(orderNo)).status).toBe(409);
    expect(
      (
        await t.api('POST', `/api/staff/account-changes/${orderNo}/reject`, {
          token: supervisor.token,
          body: { reason: '再次' },
        })
      ).status,
    ).toBe(409);
    expect(await AccountModel.countDocuments({ accountNo })).toBe(0);
    expect(await WorkOrderModel.countDocuments({ accountNo, type: 'activation' })).toBe(0);
  });

  it('bad input is a 400 naming the field in Chinese; unknown areas and opened homes are refused', async () => {
    const resident = await makeResident(t.deps);
    const cases: [Record<string, unknown>, string][] = [
      [{ utility: 'electricity' }, '请选择开户业务'],
      [{ room: '' }, '门牌号'],
      [{ holder: { name: '甲', phone: '123', idNumber: '11010519900307123X' } }, '户主手机号'],
      [{ holder: { name: '甲', phone: '13700007777', idNumber: '12345' } }, '身份证号'],
      [{ idPhotos: [] }, '身份证照片'],
      [{ propertyProofs: [] }, '房产证或租赁合同照片'],
    ];
    for (const [over, words] of cases) {
      const r = await applyOpening(resident, over);
      expect([r.status, r.body.error.message]).toEqual([400, expect.stringContaining(words)]);
    }
    const unknown = await applyOpening(resident, { areaCode: 'NO-SUCH' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('小区');

    // A home the utility already supplies: bind it instead.
    const supplied = await makeAccount({
      areaCode: 'KF-XY',
      address: { district: '开发区', community: '新苑小区', building: '9', unit: '9', room: '909' },
    });
    const twice = await applyOpening(resident, { building: '9', unit: '9', room: '909' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain(supplied.accountNo);
    // One application per home at a time.
    expect((await applyOpening(resident, { building: '8', unit: '8', room: '808' })).status).toBe(201);
    expect((await applyOpening(resident, { building: '8', unit: '8', room: '808' })).status).toBe(409);
  });

  it('keeps supervisors of other areas out of the queue, the approval and the rejection', async () => {
    const resident = await makeResident(t.deps);
    const { orderNo } = (await applyOpening(resident)).body;
    const elsewhere = await makeStaff(t.deps, ['supervisor'], { areas: ['GH'] });
    const queue = await t.api('GET', '/api/staff/account-changes', { token: elsewhere.token });
    expect(queue.body.items.map((i: { orderNo: string }) => i.orderNo)).not.toContain(orderNo);
    const approved = await t.api('POST', `/api/staff/account-changes/${orderNo}/approve`, {
      token: elsewhere.token,
      body: {},
    });
    expect(approved.status).toBe(404);
    const rejected = await t.api('POST', `/api/staff/account-changes/${orderNo}/reject`, {
      token: elsewhere.token,
      body: { reason: '资料不全' },
    });
    expect(rejected.status).toBe(404);
    expect((await WorkOrderModel.findOne({ orderNo }).lean())!.state).toBe('open');
  });

  it("documents must be the applicant's own uploads", async () => {
    const resident = await makeResident(t.deps);
    const other = await makeResident(t.deps);
    const theirs = await upload(other.token);
    const r = await applyOpening(resident, { idPhotos: [theirs] });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('PHOTO_NOT_FOUND');
    // Nor a photo of a household the applicant is bound to, uploaded by someone else.
    const home = await makeAccount({
      areaCode: 'KF-XY',
      address: { district: '开发区', community: '新苑小区', building: '2', unit: '1', room: '201' },
    });
    const family = await makeResident(t.deps, { bind: [home.accountNo] });
    const me = await makeResident(t.deps, { bind: [home.accountNo] });
    const orderPhoto = await upload(family.token);
    const reported = await t.api('POST', '/api/work-orders', {
      token: family.token,
      body: {
        accountNo: home.accountNo,
        type: 'repair',
        category: 'other',
        description: '灶具打不着火',
        photos: [orderPhoto],
      },
    });
    expect(reported.status).toBe(201);
    expect((await applyOpening(me, { propertyProofs: [orderPhoto] })).status).toBe(404);
  });

  describe.each<EffectStep>(['approved', 'accountOpened', 'activationOrder', 'completed'])(
    'a crash after %s',
    (after) => {
      it.each([true, false])(
        '(before its stamp: %s) ends with one account, one binding, one visit',
        async (beforeStamp) => {
          const resident = await makeResident(t.deps);
          const { orderNo } = (await applyOpening(resident)).body;
          const accountNo = (await AccountChangeModel.findOne({ orderNo }).lean())!.accountNo;
          injectEffectFault({ after, beforeStamp });
          expect((await approve(orderNo)).status).toBe(500);
          // The sweep and a direct replay, twice over.
          await accountChangeSweepJob(t.deps)();
          await applyEffects(t.deps, orderNo);
          await accountChangeSweepJob(t.deps)();
          expect((await AccountChangeModel.findOne({ orderNo }).lean())!.appliedAt).toBeTruthy();
          expect(await AccountModel.countDocuments({ accountNo })).toBe(1);
          expect(await BindingModel.countDocuments({ accountNo })).toBe(1);
          expect(await WorkOrderModel.countDocuments({ accountNo, type: 'activation' })).toBe(1);
          expect((await WorkOrderModel.findOne({ orderNo }).lean())!.state).toBe('resolved');
          expect(await OutboxModel.countDocuments({ dedupeKey: { $regex: `^wo:${orderNo}:` } })).toBe(3);
        },
      );
    },
  );
});
