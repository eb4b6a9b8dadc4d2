/**
 * One 'message.send' entry naming many residents (a chunk: a notice push enqueues them 100 at a time). Each
 * resident is delivered as an entry of their own would be: one delivery per push whichever chunk names them,
 * and a chunk that continues later names only the residents not reached yet. The sandbox's message log is the
 * judge of "once".
 */
import type { SeededResident } from '../../src/bench/noticeFanout';
import { enqueueMessages, MESSAGE_SEND } from '../../src/modules/messaging';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { sendMessageJob } from '../../src/modules/messaging/sendMessage.job';
import { groupProgress } from '../../src/platform/outbox/outbox';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import type { TestServer } from '../harness';
import { outageMessagesPerOpenid, reachableResidents } from '../notices/support';
import { settle, startMessagingPortal, type MessagingSandbox } from './support';

let t: TestServer;
let sb: MessagingSandbox;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ t, sb, close } = await startMessagingPortal({ WECHAT_SEND_RATE_PER_SECOND: '5000' }));
});
afterAll(() => close());

const data = {
  title: '计划停水',
  area: '望京园',
  startAt: '2026-11-26T01:00:00.000Z',
  endAt: '2026-11-26T09:00:00.000Z',
  reason: '管网检修',
};

const chunk = (people: SeededResident[], key: string) => ({
  payload: { userIds: people.map((p) => p.userId), event: 'outageNotice' as const, data },
  dedupeKey: key,
});

/** How many outage messages each of these residents got, in WeChat's log. */
const received = (people: SeededResident[]) => {
  const per = outageMessagesPerOpenid(sb);
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
  const people = await reachableResidents(sb, 6, '重叠区', 1);
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
  const people = await reachableResidents(sb, 5, '重试区', 1);
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
