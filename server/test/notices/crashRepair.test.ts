/**
 * Publishing a notice records the push, then puts its fan-out in the outbox: two writes. A crash between
 * them used to lose the notice for good (the operator's retry answers 409, the push is never sent). The
 * repair sweep finds the push still marked unqueued and enqueues it; every resident gets it exactly once.
 */
import { NOTICE_REPAIR_PUSHES } from '../../src/modules/notices/pushQueue';
import { noticesFeature } from '../../src/modules/notices/feature';
import { NoticeModel } from '../../src/modules/notices/notice.model';
import { seedBoundResidents, type SeededResident } from '../../src/bench/noticeFanout';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { featureJobs } from '../../src/platform/runtime';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { makeStaff, type TestStaff } from '../factories';
import { messageWorker, settle, startMessagingSandbox } from '../messaging/support';

jest.setTimeout(120_000);

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;
let operator: TestStaff;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  t = await startTestServer({ deps: createTestDeps(testConfig(sb.portal)) });
  operator = await makeStaff(t.deps, ['operator']);
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});
afterEach(() => jest.restoreAllMocks());

const jobs = () => featureJobs(t.deps);
const deliver = () => settle(messageWorker(t.deps, { extra: jobs() }), 90_000);
const sweep = () => jobs()[NOTICE_REPAIR_PUSHES]!({}, { heartbeat: async () => undefined } as never);

async function residents(n: number, district: string): Promise<SeededResident[]> {
  const people = await seedBoundResidents(n, { district, templateId: 'TPL-MP-OUTAGE', grants: 2 });
  for (const p of people) {
    sb.state.users.add(`${sb.keys.appid}|${p.openid}`);
    sb.state.grants.set(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`, 2);
  }
  return people;
}

/** Outage messages per recipient in the sandbox's log. */
function received(people: SeededResident[]): number[] {
  const per = new Map<string, number>();
  for (const m of sb.state.messages)
    if (m.templateId === 'TPL-MP-OUTAGE') per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
  return people.map((p) => per.get(p.openid) ?? 0);
}

async function draft(district: string): Promise<string> {
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const res = await t.api('POST', '/api/staff/notices', {
    token: operator.token,
    body: {
      utility: 'gas',
      kind: 'planned',
      reason: '中压管线碰口',
      target: { districts: [district] },
      startAt: hours(80),
      expectedEndAt: hours(86),
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The process dies right after the notice's own write: the outbox write never happens. */
function crashOnNextOutboxWrite() {
  jest.spyOn(OutboxModel, 'updateOne').mockImplementationOnce(() => {
    throw new Error('process killed between the two writes');
  });
}

it('is scheduled with the portal’s recurring jobs', () => {
  expect(noticesFeature.schedules?.(t.deps)).toHaveProperty([NOTICE_REPAIR_PUSHES], 60_000);
});

it('delivers a notice whose fan-out a crash kept out of the outbox, to every resident exactly once', async () => {
  const people = await residents(12, '崩溃修复区');
  const id = await draft('崩溃修复区');
  crashOnNextOutboxWrite();
  const crashed = await t.api('POST', `/api/staff/notices/${id}/publish`, {
    token: operator.token,
    body: {},
  });
  expect(crashed.status).toBeGreaterThanOrEqual(500);
  // The notice is published, its push recorded, and nothing will send it: the operator's retry is refused.
  const retry = await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} });
  expect(retry.status).toBe(409);
  expect(await OutboxModel.countDocuments({ dedupeKey: `notice:${id}:fanout:1` })).toBe(0);
  await deliver();
  expect(received(people)).toEqual(people.map(() => 0));

  expect(await sweep()).toEqual({ repaired: 1 });
  await deliver();
  expect(received(people)).toEqual(people.map(() => 1));
  expect((await NoticeModel.findById(id).lean())!.pushes[0]).not.toHaveProperty('unqueued');

  // The sweep running again, or the fan-out job repeating, sends nothing more.
  expect(await sweep()).toEqual({ repaired: 0 });
  await deliver();
  expect(received(people)).toEqual(people.map(() => 1));
});

it('repairs a restore push the same way, and leaves pushes that were queued alone', async () => {
  const people = await residents(5, '恢复修复区');
  const id = await draft('恢复修复区');
  expect(
    (await t.api('POST', `/api/staff/notices/${id}/publish`, { token: operator.token, body: {} })).status,
  ).toBe(200);
  await deliver();
  expect(received(people)).toEqual(people.map(() => 1));

  crashOnNextOutboxWrite();
  const crashed = await t.api('POST', `/api/staff/notices/${id}/restore`, {
    token: operator.token,
    body: {},
  });
  expect(crashed.status).toBeGreaterThanOrEqual(500);
  expect(await sweep()).toEqual({ repaired: 1 });
  await deliver();
  // The publish once, the restoration once.
  expect(received(people)).toEqual(people.map(() => 2));
});
