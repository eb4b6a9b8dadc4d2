/**
 * Publishing a notice records the push, then puts its fan-out in the outbox: two writes. A crash between
 * them used to lose the notice for good (the operator's retry answers 409, the push is never sent). The
 * repair sweep finds the push still marked unqueued and enqueues it; every resident gets it exactly once.
 */
import { NOTICE_REPAIR_PUSHES } from '../../src/modules/notices/pushQueue';
import { noticesFeature } from '../../src/modules/notices/feature';
import { NoticeModel } from '../../src/modules/notices/notice.model';
import type { SeededResident } from '../../src/bench/noticeFanout';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { featureJobs } from '../../src/platform/runtime';
import type { TestServer } from '../harness';
import type { TestStaff } from '../factories';
import { messageWorker, settle, type MessagingSandbox } from '../messaging/support';
import { draftPlannedNotice, outageMessagesPerOpenid, reachableResidents, startNoticeDesk } from './support';

jest.setTimeout(120_000);

let t: TestServer;
let sb: MessagingSandbox;
let operator: TestStaff;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, sb, operator, close } = await startNoticeDesk());
});
afterAll(() => close());
afterEach(() => jest.restoreAllMocks());

const jobs = () => featureJobs(t.deps);
const deliver = () => settle(messageWorker(t.deps, { extra: jobs() }), 90_000);
const sweep = () => jobs()[NOTICE_REPAIR_PUSHES]!({}, { heartbeat: async () => undefined } as never);

const residents = (n: number, district: string) => reachableResidents(sb, n, district, 2);

/** Outage messages per recipient in the sandbox's log. */
function received(people: SeededResident[]): number[] {
  const per = outageMessagesPerOpenid(sb);
  return people.map((p) => per.get(p.openid) ?? 0);
}

const draft = (district: string) =>
  draftPlannedNotice(
    { t, operator },
    { utility: 'gas', reason: '中压管线碰口', district, startsInHours: 80 },
  );

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
