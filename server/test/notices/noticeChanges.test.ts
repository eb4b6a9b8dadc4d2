/**
 * Postponing or editing a published notice (延期/修改): the residents already told hear about it once,
 * with what changed, however often the change is submitted or its fan-out runs; the change is kept in
 * the notice's history; times that end before they start or lie in the past are refused, naming the field.
 */
import { NOTICE_FANOUT, createNotices } from '../../src/modules/notices/notices.service';
import { fanOutPush } from '../../src/modules/notices/fanout.job';
import { AuditLogModel } from '../../src/platform/audit';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { messageWorker, reachable, settle, startMessagingSandbox } from '../messaging/support';

const clock = testClock(new Date('2026-11-20T09:00:00+08:00'));
let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
let operator: TestStaff;
let resident: TestResident;

const hours = (h: number) => new Date(clock.now().getTime() + h * 3_600_000).toISOString();
const worker = () => {
  createNotices(t.deps);
  return messageWorker(t.deps, {
    extra: { [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx) },
  });
};
const patch = (id: string, body: object) =>
  t.api('PATCH', `/api/staff/notices/${id}`, { token: operator.token, body });
const outageMessages = async () =>
  (await sb.client.listMessages({ touser: resident.openid })).filter((m) => m.templateId === 'TPL-MP-OUTAGE');

/** A planned gas outage in 房山区 72 hours ahead, published, with its first push delivered. */
async function publishedNotice(): Promise<string> {
  const created = await t.api('POST', '/api/staff/notices', {
    token: operator.token,
    body: {
      utility: 'gas',
      kind: 'planned',
      reason: '中压管道迁改施工',
      safetyAdvice: '停气期间请关闭燃气表前阀门',
      startAt: hours(72),
      expectedEndAt: hours(80),
      target: { districts: ['房山区'] },
    },
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  expect(
    (await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} })).body
      .status,
  ).toBe('published');
  await settle(worker());
  return id;
}

beforeAll(async () => {
  sb = await startMessagingSandbox();
  t = await startTestServer({ deps: createTestDeps(testConfig(sb.portal), { clock }) });
  operator = await makeStaff(t.deps, ['operator']);
  const home = await makeAccount({
    address: { district: '房山区', community: '长阳', building: '5', unit: '1', room: '301' },
  });
  resident = await makeResident(t.deps, { bind: [home.accountNo] });
  await reachable(t.deps, sb, resident.userId, { grants: 10 });
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

describe('postponing a published notice', () => {
  it('tells the residents once, saying what changed, even when the change is submitted twice at once and again later', async () => {
    const id = await publishedNotice();
    expect(await outageMessages()).toHaveLength(1);
    const change = { expectedEndAt: hours(86), reason: '施工延期,管道焊接未完成' };
    const [a, b] = await Promise.all([patch(id, change), patch(id, change)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const retry = await patch(id, change);
    expect(retry.status).toBe(200);
    expect(retry.body.pushes.map((p: { reason: string }) => p.reason)).toEqual(['publish', 'update']);
    // The history keeps the change: which fields, from what, to what, and who made it.
    expect(retry.body.pushes[1]).toMatchObject({
      by: operator.staff.username,
      changes: [
        { field: 'expectedEndAt', from: hours(80), to: hours(86) },
        { field: 'reason', from: '中压管道迁改施工', to: '施工延期,管道焊接未完成' },
      ],
    });
    await settle(worker());
    await fanOutPush(id, 2); // the fan-out running again (its completion lost) adds nothing
    await settle(worker());
    const got = await outageMessages();
    expect(got).toHaveLength(2);
    expect(got[1]!.data.phrase1.value).toBe('停气改期');
    expect(got[1]!.data.thing4.value).toContain('预计恢复时间改为');
    expect(got[1]!.data.time3.value).toContain('23:00'); // the new end: 20 Nov 09:00 + 86 h = 23 Nov 23:00 (Shanghai)
    expect(
      await AuditLogModel.countDocuments({ action: 'notice.update', 'target.id': id }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('tells them about a change of text alone as an update, once', async () => {
    const id = await publishedNotice();
    const res = await patch(id, { safetyAdvice: '停气期间请勿使用明火,关闭表前阀门' });
    expect(res.status).toBe(200);
    expect(res.body.pushes.at(-1)).toMatchObject({ reason: 'update', changes: [{ field: 'safetyAdvice' }] });
    expect((await patch(id, { safetyAdvice: '停气期间请勿使用明火,关闭表前阀门' })).body.pushes).toHaveLength(
      2,
    );
    const before = (await outageMessages()).length;
    await settle(worker());
    const got = await outageMessages();
    expect(got).toHaveLength(before + 1);
    expect(got.at(-1)!.data.phrase1.value).toBe('通知更新');
    expect(got.at(-1)!.data.thing4.value).toContain('安全提示已更新');
  });

  it('refuses an end before the start and times in the past, naming the field, and tells nobody', async () => {
    const id = await publishedNotice();
    let res = await patch(id, { startAt: hours(90) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.expectedEndAt');
    res = await patch(id, { startAt: hours(96), expectedEndAt: hours(90) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.expectedEndAt');
    res = await patch(id, { startAt: hours(-2) });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.startAt']);
    expect(res.body.error.message).toBeTruthy();
    res = await patch(id, { startAt: 'tomorrow' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('body.startAt');
    const notice = await t.api('GET', `/api/staff/notices/${id}`, { token: operator.token });
    expect(notice.body.pushes).toHaveLength(1);
    expect(notice.body.startAt).toBe(hours(72));
  });
});
