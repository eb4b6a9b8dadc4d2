import { pageLink } from '@portal/types';
import { BindingModel } from '../../src/modules/accounts/binding.model';
import { fanOutPush } from '../../src/modules/notices/fanout.job';
import { NoticeRecipientModel } from '../../src/modules/notices/notice.model';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import type { TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { reachable, settle, type MessagingSandbox } from '../messaging/support';
import { noticeWorker, startNoticeDesk } from './support';

let t: TestServer;
let sb: MessagingSandbox;
let operator: TestStaff;
let close: () => Promise<void>;

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const worker = () => noticeWorker(t.deps);
const draft = (over: Record<string, unknown> = {}) => ({
  utility: 'gas',
  kind: 'planned',
  reason: '中压管道迁改施工',
  safetyAdvice: '停气期间请关闭燃气表前阀门',
  startAt: hours(72),
  expectedEndAt: hours(80),
  ...over,
});
const create = async (body: Record<string, unknown>) => {
  const res = await t.api('POST', '/api/staff/notices', { token: operator.token, body });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const outageMessages = async (openid: string) =>
  (await sb.client.listMessages({ touser: openid })).filter((m) => m.templateId === 'TPL-MP-OUTAGE');

beforeAll(async () => {
  ({ t, sb, operator, close } = await startNoticeDesk());
});
afterAll(() => close());

describe('who may draft and publish notices', () => {
  it('lets operators and admins draft; not agents, not residents, not strangers', async () => {
    const agent = await makeStaff(t.deps, ['agent']);
    const resident = await makeResident(t.deps);
    const body = draft({ target: { districts: ['海淀区'] } });
    expect((await t.api('POST', '/api/staff/notices', { body })).status).toBe(401);
    expect((await t.api('POST', '/api/staff/notices', { token: agent.token, body })).status).toBe(403);
    expect((await t.api('POST', '/api/staff/notices', { token: resident.token, body })).status).toBe(403);
    const admin = await makeStaff(t.deps, ['admin']);
    expect((await t.api('POST', '/api/staff/notices', { token: admin.token, body })).status).toBe(201);
    expect(
      (
        await t.api('POST', '/api/staff/notices/preview', {
          token: agent.token,
          body: { target: { districts: ['海淀区'] } },
        })
      ).status,
    ).toBe(403);
  });

  it('answers bad input with 400 naming the field', async () => {
    let res = await t.api('POST', '/api/staff/notices', {
      token: operator.token,
      body: draft({ reason: undefined, target: { districts: ['海淀区'] } }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.reason');
    res = await t.api('POST', '/api/staff/notices', {
      token: operator.token,
      body: draft({ expectedEndAt: hours(1), target: { districts: ['海淀区'] } }),
    });
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.expectedEndAt');
    res = await t.api('POST', '/api/staff/notices', { token: operator.token, body: draft({ target: {} }) });
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.target.districts');
    res = await t.api('POST', '/api/staff/notices', {
      token: operator.token,
      body: draft({ utility: 'electricity', target: { districts: ['x'] } }),
    });
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('body.utility');
    res = await t.api('GET', '/api/staff/notices/not-an-id', { token: operator.token });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('params.id');
  });
});

describe('the notice period', () => {
  it('refuses a planned gas outage announced less than 48 hours ahead', async () => {
    const id = await create(
      draft({ startAt: hours(10), expectedEndAt: hours(12), target: { districts: ['丰台区'] } }),
    );
    const res = await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('NOTICE_PERIOD_TOO_SHORT');
  });

  it('publishes a late emergency only with a reason, and reports the lead time given', async () => {
    const id = await create(
      draft({
        kind: 'emergency',
        startAt: hours(2),
        expectedEndAt: hours(6),
        target: { districts: ['丰台区'] },
      }),
    );
    let res = await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.urgentReason');
    res = await t.api('POST', `/api/staff/notices/${id}/publish`, {
      token: operator.token,
      body: { urgentReason: '管道泄漏抢修' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'published',
      title: '紧急停气',
      urgentReason: '管道泄漏抢修',
      requiredLeadHours: 48,
    });
    res = await t.api('GET', `/api/staff/notices/${id}/delivery`, { token: operator.token });
    expect(res.body.leadTimeHours).toBeCloseTo(2, 0);
  });
});

describe('a notice just published, before its fan-out has run', () => {
  it('already tells a resident whose household is in the area that it is theirs, and no one else', async () => {
    const listed = await makeAccount({
      address: { district: '朝阳区', community: '望京园', building: '3', unit: '1', room: '502' },
    });
    const inArea = await makeAccount({
      address: { district: '朝阳区', community: '团结湖', building: '1', unit: '1', room: '101' },
    });
    const elsewhere = await makeAccount({
      address: { district: '海淀区', community: '清河', building: '1', unit: '1', room: '101' },
    });
    const byList = await makeResident(t.deps, { bind: [listed.accountNo] });
    const byArea = await makeResident(t.deps, { bind: [inArea.accountNo] });
    const outside = await makeResident(t.deps, { bind: [elsewhere.accountNo] });
    const id = await create(
      draft({
        target: {
          communities: [{ district: '朝阳区', community: '团结湖' }],
          accountNos: [listed.accountNo],
        },
      }),
    );
    const published = await t.api('POST', `/api/staff/notices/${id}/publish`, {
      token: operator.token,
      body: {},
    });
    expect(published.body.status).toBe('published');
    // No worker has run: nobody is a recipient yet.
    expect(await NoticeRecipientModel.countDocuments({ noticeId: id })).toBe(0);
    const affectsMe = async (token: string) =>
      (await t.api('GET', `/api/notices/${id}`, { token })).body.affectsMe;
    expect(await affectsMe(byList.token)).toBe(true);
    expect(await affectsMe(byArea.token)).toBe(true);
    expect(await affectsMe(outside.token)).toBe(false);
    // The public read says nothing of anyone's households.
    expect((await t.api('GET', `/api/notices/${id}`)).body.affectsMe).toBeUndefined();
  });
});

describe('publishing reaches exactly the affected households, once per resident', () => {
  let inBuilding: TestResident;
  let twoAccounts: TestResident;
  let outside: TestResident;
  let noticeId: string;

  beforeAll(async () => {
    const building = await makeAccount({
      address: { district: '东城区', community: '和平里', building: '7', unit: '1', room: '101' },
    });
    const sameCommunity = await makeAccount({
      address: { district: '东城区', community: '和平里', building: '9', unit: '1', room: '101' },
    });
    const listed = await makeAccount({
      address: { district: '西城区', community: '月坛', building: '1', unit: '1', room: '101' },
    });
    const elsewhere = await makeAccount({
      address: { district: '西城区', community: '月坛', building: '2', unit: '1', room: '101' },
    });
    inBuilding = await makeResident(t.deps, { bind: [building.accountNo] });
    // Binds three affected accounts (building, community and the uploaded list overlap): one push.
    twoAccounts = await makeResident(t.deps, {
      bind: [building.accountNo, sameCommunity.accountNo, listed.accountNo],
    });
    outside = await makeResident(t.deps, { bind: [elsewhere.accountNo] });
    for (const r of [inBuilding, twoAccounts, outside]) await reachable(t.deps, sb, r.userId, { grants: 3 });
    const target = {
      communities: [{ district: '东城区', community: '和平里' }],
      buildings: [{ district: '东城区', community: '和平里', building: '7' }],
      accountNos: [listed.accountNo, building.accountNo],
    };
    const preview = await t.api('POST', '/api/staff/notices/preview', {
      token: operator.token,
      body: { target },
    });
    expect(preview.body).toEqual({
      accounts: 3,
      users: 2,
      reachable: { subscribe: 2, template: 0, sms: 0, total: 2 },
      unreachable: 0,
    });
    noticeId = await create(draft({ target }));
    expect(
      (await t.api('GET', `/api/staff/notices/${noticeId}/audience`, { token: operator.token })).body.users,
    ).toBe(2);
    const res = await t.api('POST', `/api/staff/notices/${noticeId}/publish`, {
      token: operator.token,
      body: {},
    });
    expect(res.body.status).toBe('published');
    await settle(worker());
  });

  it('pushes once to each resident of the area and to nobody else', async () => {
    expect(await outageMessages(inBuilding.openid)).toHaveLength(1);
    expect(await outageMessages(twoAccounts.openid)).toHaveLength(1);
    expect(await outageMessages(outside.openid)).toHaveLength(0);
    const [m] = await outageMessages(inBuilding.openid);
    expect(m.data.phrase1.value).toBe('计划停气');
    expect(m.page).toBe(pageLink('noticeDetail', { id: noticeId }));
  });

  it('shows the notice to residents (marked as mine) and to the public', async () => {
    const mine = await t.api('GET', '/api/notices?mine=true', { token: twoAccounts.token });
    expect(mine.body.items.map((n: { id: string }) => n.id)).toContain(noticeId);
    expect(mine.body.items.find((n: { id: string }) => n.id === noticeId).affectsMe).toBe(true);
    const theirs = await t.api('GET', '/api/notices?mine=true', { token: outside.token });
    expect(theirs.body.items.map((n: { id: string }) => n.id)).not.toContain(noticeId);
    const pub = await t.api('GET', '/api/notices');
    expect(pub.status).toBe(200);
    expect(pub.body.items.find((n: { id: string }) => n.id === noticeId)).toMatchObject({
      areaText: expect.stringContaining('和平里'),
    });
    expect((await t.api('GET', `/api/notices/${noticeId}`)).body.status).toBe('published');
  });

  it('counts reads in the delivery report', async () => {
    expect((await t.api('POST', `/api/notices/${noticeId}/read`, { token: inBuilding.token })).status).toBe(
      200,
    );
    expect((await t.api('POST', `/api/notices/${noticeId}/read`, { token: inBuilding.token })).status).toBe(
      200,
    );
    const res = await t.api('GET', `/api/staff/notices/${noticeId}/delivery`, { token: operator.token });
    expect(res.body).toMatchObject({ targetedAccounts: 3, targetedUsers: 2, read: 1, requiredLeadHours: 48 });
    expect(res.body.pushes[0]).toMatchObject({
      seq: 1,
      reason: 'publish',
      targeted: 2,
      sent: 2,
      byChannel: { subscribe: 2 },
      pending: 0,
    });
    expect(res.body.leadTimeHours).toBeGreaterThan(71);
  });

  it('tells the same residents when the time changes and when supply is restored, even after bindings change', async () => {
    // A newcomer binds an affected account after publishing: not part of this notice's audience.
    const newcomer = await makeResident(t.deps, {
      bind: [(await BindingModel.findOne({ userId: inBuilding.userId }).lean())!.accountNo],
    });
    await reachable(t.deps, sb, newcomer.userId, { grants: 3 });
    let res = await t.api('PATCH', `/api/staff/notices/${noticeId}`, {
      token: operator.token,
      body: { startAt: hours(96), expectedEndAt: hours(100) },
    });
    expect(res.status).toBe(200);
    expect(res.body.pushes.map((p: { reason: string }) => p.reason)).toEqual(['publish', 'update']);
    // As in life, the rescheduling goes out before supply is restored (hours apart); a worker runs entries
    // side by side, so two pushes due at the same instant carry no order between them.
    await settle(worker());
    res = await t.api('POST', `/api/staff/notices/${noticeId}/restore`, { token: operator.token, body: {} });
    expect(res.body.status).toBe('restored');
    await settle(worker());
    for (const r of [inBuilding, twoAccounts]) {
      expect((await outageMessages(r.openid)).map((m) => m.data.phrase1.value)).toEqual([
        '计划停气',
        '停气改期',
        '恢复供气',
      ]);
    }
    expect(await outageMessages(newcomer.openid)).toHaveLength(0);
    expect(await outageMessages(outside.openid)).toHaveLength(0);
    const report = await t.api('GET', `/api/staff/notices/${noticeId}/delivery`, { token: operator.token });
    expect(report.body.pushes.map((p: { sent: number }) => p.sent)).toEqual([2, 2, 2]);
    expect(
      (await t.api('POST', `/api/staff/notices/${noticeId}/restore`, { token: operator.token, body: {} }))
        .status,
    ).toBe(409);
  });
});

describe('cancelling and scheduling', () => {
  it('cancel stops the pushes not yet sent', async () => {
    const acc = await makeAccount({
      address: { district: '石景山区', community: '八角', building: '1', unit: '1', room: '101' },
    });
    const residents: TestResident[] = [];
    for (let i = 0; i < 5; i++) residents.push(await makeResident(t.deps, { bind: [acc.accountNo] }));
    for (const r of residents) await reachable(t.deps, sb, r.userId, { grants: 1 });
    const id = await create(draft({ target: { districts: ['石景山区'] } }));
    await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} });
    // The fan-out has run; no message has gone out yet.
    await fanOutPush(id, 1);
    // One entry names the five residents (a chunk), pending.
    const entries = await OutboxModel.find({ group: `notice:${id}:1` }).lean();
    expect(entries.map((e) => [e.status, (e.payload as { userIds: string[] }).userIds.length])).toEqual([
      ['pending', 5],
    ]);
    const res = await t.api('POST', `/api/staff/notices/${id}/cancel`, { token: operator.token });
    expect(res.body.status).toBe('cancelled');
    await settle(worker());
    for (const r of residents) expect(await outageMessages(r.openid)).toHaveLength(0);
    const report = await t.api('GET', `/api/staff/notices/${id}/delivery`, { token: operator.token });
    expect(report.body.pushes[0]).toMatchObject({ cancelled: 5, sent: 0 });
    expect((await t.api('GET', `/api/notices/${id}`)).status).toBe(404);
  });

  it('publishes at the scheduled time', async () => {
    const acc = await makeAccount({
      address: { district: '通州区', community: '梨园', building: '3', unit: '1', room: '101' },
    });
    const r = await makeResident(t.deps, { bind: [acc.accountNo] });
    await reachable(t.deps, sb, r.userId, { grants: 1 });
    const id = await create(draft({ utility: 'water', target: { districts: ['通州区'] } }));
    const publishAt = new Date(Date.now() + 400).toISOString();
    const res = await t.api('POST', `/api/staff/notices/${id}/publish`, {
      token: operator.token,
      body: { publishAt },
    });
    expect(res.body).toMatchObject({ status: 'scheduled', title: '计划停水' });
    expect((await t.api('GET', `/api/notices/${id}`)).status).toBe(404);
    const w = worker();
    await new Promise((done) => setTimeout(done, 600));
    await settle(w);
    const n = await t.api('GET', `/api/staff/notices/${id}`, { token: operator.token });
    expect(n.body.status).toBe('published');
    expect(new Date(n.body.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(publishAt).getTime());
    expect(await outageMessages(r.openid)).toHaveLength(1);
  });
});

describe('the delivery report', () => {
  it('says which channel reached each resident and why the others were passed over', async () => {
    const holderPhone = `137${String(Date.now()).slice(-8)}`;
    const acc = await makeAccount({
      holder: { name: '赵六', phone: holderPhone },
      address: { district: '门头沟区', community: '大峪', building: '2', unit: '1', room: '302' },
    });
    const granted = await makeResident(t.deps, { bind: [acc.accountNo] });
    const follower = await makeResident(t.deps, { bind: [acc.accountNo] });
    await makeResident(t.deps, { bind: [acc.accountNo] }); // neither: the holder's phone
    await reachable(t.deps, sb, granted.userId, { grants: 1 });
    await reachable(t.deps, sb, follower.userId, { followsOa: true });
    const preview = await t.api('POST', '/api/staff/notices/preview', {
      token: operator.token,
      body: { target: { districts: ['门头沟区'] } },
    });
    expect(preview.body.reachable).toEqual({ subscribe: 1, template: 1, sms: 1, total: 3 });
    const id = await create(draft({ target: { districts: ['门头沟区'] } }));
    await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} });
    await settle(worker());
    const report = await t.api('GET', `/api/staff/notices/${id}/delivery`, { token: operator.token });
    expect(report.body.pushes[0]).toMatchObject({
      sent: 3,
      byChannel: { subscribe: 1, template: 1, sms: 1 },
      smsToHolder: 1,
      skipped: { subscribe: { NO_GRANT: 2 }, template: { NO_OA_OPENID: 1 } },
    });
    expect((await sb.client.listSms(holderPhone)).map((m) => m.templateId)).toEqual(['2000006']);

    // Per resident: who was reached how, and why the other channels were passed over.
    const rows = await t.api('GET', `/api/staff/notices/${id}/deliveries?pageSize=10`, {
      token: operator.token,
    });
    expect(rows.status).toBe(200);
    expect(rows.body.total).toBe(3);
    const byUser = new Map(rows.body.items.map((r: { userId: string }) => [r.userId, r]));
    expect(byUser.get(granted.userId)).toMatchObject({ status: 'sent', channel: 'subscribe', skipped: [] });
    expect(byUser.get(follower.userId)).toMatchObject({
      status: 'sent',
      channel: 'template',
      skipped: [{ channel: 'subscribe', reason: 'NO_GRANT' }],
    });
    const bySms = rows.body.items.find((r: { channel: string }) => r.channel === 'sms');
    expect(bySms).toMatchObject({
      status: 'sent',
      smsTo: 'holder',
      skipped: [
        { channel: 'subscribe', reason: 'NO_GRANT' },
        { channel: 'template', reason: 'NO_OA_OPENID' },
      ],
    });
    const onlySms = await t.api('GET', `/api/staff/notices/${id}/deliveries?channel=sms`, {
      token: operator.token,
    });
    expect(onlySms.body.items).toHaveLength(1);
    // Bad input, a notice that does not exist, a role that may not read it.
    expect(
      (await t.api('GET', `/api/staff/notices/${id}/deliveries?channel=fax`, { token: operator.token })).body
        .error.fields[0].path,
    ).toBe('query.channel');
    expect(
      (
        await t.api('GET', '/api/staff/notices/65a000000000000000000000/deliveries', {
          token: operator.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/api/staff/notices/not-an-id/deliveries', { token: operator.token })).status,
    ).toBe(400);
    const agent = await makeStaff(t.deps, ['agent']);
    expect((await t.api('GET', `/api/staff/notices/${id}/deliveries`, { token: agent.token })).status).toBe(
      403,
    );
    expect((await t.api('GET', `/api/staff/notices/${id}/deliveries`, { token: granted.token })).status).toBe(
      403,
    );
  });
});
