/**
 * One 'message.send' entry naming many residents (a chunk: a notice push enqueues them 100 at a time). Each
 * resident is delivered as an entry of their own would be: one delivery per push whichever chunk names them,
 * and a chunk that continues later names only the residents not reached yet. The sandbox's message log is the
 * judge of "once".
 */
import { seedBoundResidents, type SeededResident } from '../../src/bench/noticeFanout';
import { enqueueMessages, MESSAGE_SEND } from '../../src/modules/messaging';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { sendMessageJob } from '../../src/modules/messaging/sendMessage.job';
import { groupProgress } from '../../src/platform/outbox/outbox';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { settle, startMessagingSandbox } from './support';

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  t = await startTestServer({
    deps: createTestDeps(testConfig({ ...sb.portal, WECHAT_SEND_RATE_PER_SECOND: '5000' })),
  });
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

const data = {
  title: '计划停水',
  area: '望京园',
  startAt: '2026-11-26T01:00:00.000Z',
  endAt: '2026-11-26T09:00:00.000Z',
  reason: '管网检修',
};

/** `n` residents with one outage-notice grant each, known to WeChat. */
async function residents(n: number, district: string): Promise<SeededResident[]> {
  const people = await seedBoundResidents(n, { district, templateId: 'TPL-MP-OUTAGE', grants: 1 });
  for (const p of people) {
    sb.state.users.add(`${sb.keys.appid}|${p.openid}`);
    sb.state.grants.set(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`, 1);
  }
  return people;
}

const chunk = (people: SeededResident[], key: string) => ({
  payload: { userIds: people.map((p) => p.userId), event: 'outageNotice' as const, data },
  dedupeKey: key,
});

const received = (people: SeededResident[]) => {
  const per = new Map<string, number>();
  for (const m of sb.state.messages)
    if (m.templateId === 'TPL-MP-OUTAGE') per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
  return people.map((p) => per.get(p.openid) ?? 0);
};

const worker = () =>
  createWorker({
    handlers: { [MESSAGE_SEND]: sendMessageJob(t.deps) },
    pollMs: 20,
    backoffBaseMs: 20,
    backoffMaxMs: 100,
  });

it('a resident named by two chunks of one push (a fan-out run again that chunked differently) gets the message once, with one delivery', async () => {
  const people = await residents(6, '重叠区');
  const group = 'notice:chunks:1';
  await enqueueMessages([chunk(people.slice(0, 4), 'chunks:a'), chunk(people.slice(2), 'chunks:b')], {
    group,
  });
  await settle(worker());
  expect(received(people)).toEqual([1, 1, 1, 1, 1, 1]);
  const deliveries = await DeliveryModel.find({ group }).lean();
  expect(deliveries.map((d) => String(d.userId)).sort()).toEqual(people.map((p) => p.userId).sort());
  expect(deliveries.every((d) => d.status === 'sent' && d.channel === 'subscribe')).toBe(true);
  // Each resident's grant was spent once (one message, one grant).
  expect(people.map((p) => sb.state.grants.get(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`) ?? 0)).toEqual([
    0, 0, 0, 0, 0, 0,
  ]);
});

it('a chunk whose sends partly fail continues with only the residents not reached, counted as pending residents', async () => {
  const people = await residents(5, '重试区');
  const group = 'notice:chunks:2';
  await enqueueMessages([chunk(people, 'chunks:c')], { group });
  // WeChat answers the first two sends with a 5xx: those two are tried again later, the others are sent.
  await sb.client.injectFault({ kind: 'serverError', api: 'subscribe.send', times: 2 });
  const w = worker();
  expect(await w.runOnce()).toBe(true);

  const sent = await DeliveryModel.find({ group, status: 'sent' }, { userId: 1 }).lean();
  expect(sent).toHaveLength(3);
  const entry = (await OutboxModel.findOne({ dedupeKey: 'chunks:c' }).lean())!;
  const rest = people.map((p) => p.userId).filter((id) => !sent.some((d) => String(d.userId) === id));
  expect(entry).toMatchObject({ status: 'pending', payload: { userIds: rest } });
  expect(await groupProgress(group)).toEqual({ pending: 2 });

  await settle(w);
  expect(received(people)).toEqual([1, 1, 1, 1, 1]);
  expect(await DeliveryModel.countDocuments({ group, status: 'sent' })).toBe(5);
});
