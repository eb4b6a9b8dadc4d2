/**
 * Messages go out in batches whose database round trips do not grow with their size: the claim, the
 * deliveries, the residents, the grants, the rate limiter, the sent-marker, the outcomes and the completion
 * are each one command per batch (sendMessage.job.ts, platform/outbox/worker.ts). Counted from the driver's
 * command monitoring while one batch runs; the sandbox's message log shows each resident got the message once.
 */
import { seedBoundResidents, type SeededResident } from '../../src/bench/noticeFanout';
import { enqueueMessages, MESSAGE_SEND } from '../../src/modules/messaging';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { dropTemplateSettingsCache } from '../../src/modules/messaging/liveTemplates';
import { sendMessageJob } from '../../src/modules/messaging/sendMessage.job';
import { SubscriptionModel } from '../../src/modules/messaging/subscription.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { connectTestDb, createTestDeps, startTestServer, testConfig, type TestServer } from '../harness';
import { expectWithinBudget, jobCommands, type Command } from '../roundTripBudget';
import { startMessagingSandbox } from './support';

/**
 * Round trips of one batch of messages, whatever its size: the claim (due entries, a dead worker's entries, one
 * guarded update), the template settings, the deliveries (read), the residents, the grants (take, check), the
 * rate limiter, the lease, the sent-marker (new deliveries stored already marked), the answers, the completion.
 * The limiter's window costs one more when its last window has expired but is still stored (rate-limiter-flexible
 * replaces it).
 */
const MESSAGE_BATCH = 14;

let t: TestServer;
let sb: Awaited<ReturnType<typeof startMessagingSandbox>>;

beforeAll(async () => {
  sb = await startMessagingSandbox();
  t = await startTestServer({
    db: await connectTestDb(undefined, { monitorCommands: true }),
    deps: createTestDeps(testConfig({ ...sb.portal, WECHAT_SEND_RATE_PER_SECOND: '5000' })),
  });
});
afterAll(async () => {
  await t.close();
  await sb.stop();
});

const data = {
  title: '计划停气',
  area: '望京园',
  startAt: '2026-11-26T01:00:00.000Z',
  endAt: '2026-11-26T09:00:00.000Z',
  reason: '管网检修',
};

/** `n` residents with one outage-notice grant each (WeChat knows them), one message queued for each. */
async function queued(n: number, district: string): Promise<SeededResident[]> {
  const people = await seedBoundResidents(n, { district, templateId: 'TPL-MP-OUTAGE', grants: 1 });
  for (const p of people) {
    sb.state.users.add(`${sb.keys.appid}|${p.openid}`);
    sb.state.grants.set(`${sb.keys.appid}|${p.openid}|TPL-MP-OUTAGE`, 1);
  }
  await enqueueMessages(
    people.map((p) => ({
      payload: { userId: p.userId, event: 'outageNotice' as const, data },
      dedupeKey: `batch-test:${district}:${p.userId}`,
    })),
    { group: `batch-test:${district}` },
  );
  return people;
}

/** Runs one batch (the worker claims every queued message at once) and returns the commands it sent. */
async function oneBatch(): Promise<Command[]> {
  const worker = createWorker({ handlers: { [MESSAGE_SEND]: sendMessageJob(t.deps) }, batchSize: 100 });
  // Template settings are cached for a while: read afresh in every batch, so each pays for that read.
  dropTemplateSettingsCache();
  const commands = await jobCommands(MESSAGE_SEND, async () => expect(await worker.runOnce()).toBe(true));
  return commands;
}

const received = (people: SeededResident[]) => {
  const per = new Map<string, number>();
  for (const m of sb.state.messages)
    if (m.templateId === 'TPL-MP-OUTAGE') per.set(m.touser, (per.get(m.touser) ?? 0) + 1);
  return people.map((p) => per.get(p.openid) ?? 0);
};

it('a batch of 60 messages takes the same database round trips as a batch of 10, and each resident gets the notice once', async () => {
  // The first send of the process fetches the access token: not part of any batch's cost.
  await queued(1, '预热区');
  await oneBatch();

  const ten = await queued(10, '十户区');
  const tenTrips = await oneBatch();
  const sixty = await queued(60, '六十户区');
  const sixtyTrips = await oneBatch();

  expectWithinBudget('a batch of 10 messages', tenTrips, MESSAGE_BATCH);
  expectWithinBudget('a batch of 60 messages', sixtyTrips, MESSAGE_BATCH);
  const besidesLimiter = (c: Command[]) => c.filter((x) => !x.endsWith(' rateLimits'));
  expect(besidesLimiter(sixtyTrips)).toEqual(besidesLimiter(tenTrips));

  expect(received([...ten, ...sixty])).toEqual(Array(70).fill(1));
  expect(
    await DeliveryModel.countDocuments({
      group: { $in: ['batch-test:十户区', 'batch-test:六十户区'] },
      status: 'sent',
      channel: 'subscribe',
    }),
  ).toBe(70);
  // Each delivery records the msgid WeChat answered for its own message (one update wrote them all).
  const openidOf = new Map([...ten, ...sixty].map((p) => [p.userId, p.openid]));
  // (every digit of it: the sandbox's 17-digit msgids, like WeChat's 64-bit ones, are wider than a double)
  const msgidTo = new Map(sb.state.messages.map((m) => [m.msgid, m.touser]));
  const deliveries = await DeliveryModel.find({
    group: { $in: ['batch-test:十户区', 'batch-test:六十户区'] },
  }).lean();
  expect(deliveries.map((d) => msgidTo.get(String(d.msgid)))).toEqual(
    deliveries.map((d) => openidOf.get(String(d.userId))),
  );
  // One grant spent per message, none twice.
  const grants = await SubscriptionModel.find({
    userId: { $in: [...ten, ...sixty].map((p) => p.userId) },
  }).lean();
  expect(grants.map((g) => g.remaining)).toEqual(Array(70).fill(0));
});
