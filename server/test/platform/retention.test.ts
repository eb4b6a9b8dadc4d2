/**
 * Retention: the sweeps delete done outbox entries and finished message deliveries once older than the
 * configured days, and nothing still in play (pending, running, sending, failed, scheduled work).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { loadConfig } from '@portal/config';
import { DeliveryModel } from '../../src/modules/messaging/delivery.model';
import { ensureSchedule } from '../../src/platform/outbox/outbox';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { createWorker } from '../../src/platform/outbox/worker';
import { featureJobs } from '../../src/platform/runtime';
import { connectTestDb, createTestDeps, testClock, testConfig } from '../harness';

const DAY = 24 * 3600_000;
const clock = testClock(new Date('2026-06-15T02:00:00Z'));
const deps = createTestDeps(
  testConfig({
    OUTBOX_RETENTION_DAYS: '30',
    OUTBOX_FAILED_RETENTION_DAYS: '90',
    DELIVERY_RETENTION_DAYS: '90',
    RETENTION_SWEEP_EVERY_MINUTES: '15',
  }),
  { clock },
);
/** An _id as the driver would have made it `days` ago (time prefix, unique rest). */
const idDaysAgo = (days: number) =>
  new mongoose.Types.ObjectId(
    mongoose.Types.ObjectId.createFromTime(Math.floor((clock.now().getTime() - days * DAY) / 1000))
      .toHexString()
      .slice(0, 8) + randomBytes(8).toString('hex'),
  );

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
});
afterAll(() => db.drop());

it('deletes done outbox entries after OUTBOX_RETENTION_DAYS, failed and cancelled ones after OUTBOX_FAILED_RETENTION_DAYS, and nothing in play', async () => {
  const entry = (key: string, days: number, status: string, extra: object = {}) => ({
    _id: idDaysAgo(days),
    kind: 'message.send',
    dedupeKey: key,
    status,
    runAt: new Date(clock.now().getTime() - days * DAY),
    ...extra,
  });
  await OutboxModel.insertMany([
    entry('old-done', 31, 'done'),
    entry('recent-done', 29, 'done'),
    entry('old-failed', 91, 'failed', { lastError: '40003 invalid openid' }),
    entry('recent-failed', 89, 'failed', { lastError: '40003 invalid openid' }),
    entry('old-pending', 200, 'pending'),
    entry('old-running', 200, 'running'),
    entry('old-cancelled', 91, 'cancelled'),
    entry('recent-cancelled', 40, 'cancelled'),
  ]);

  const result = await featureJobs(deps)['outbox.prune']!({}, {} as never);
  expect(result).toEqual({ deleted: 3 });
  const left = (await OutboxModel.find({}, { dedupeKey: 1 }).lean()).map((e) => e.dedupeKey).sort();
  expect(left).toEqual(['old-pending', 'old-running', 'recent-cancelled', 'recent-done', 'recent-failed']);
});

it('deletes finished deliveries older than DELIVERY_RETENTION_DAYS, never one still pending or sending', async () => {
  const delivery = (days: number, status: string) => ({
    _id: idDaysAgo(days),
    outboxId: new mongoose.Types.ObjectId(),
    userId: new mongoose.Types.ObjectId(),
    event: 'outageNotice',
    status,
  });
  await DeliveryModel.insertMany([
    ...['sent', 'failed', 'unreachable', 'uncertain', 'cancelled'].map((s) => delivery(91, s)),
    delivery(91, 'pending'),
    delivery(91, 'sending'),
    delivery(89, 'sent'),
  ]);

  const result = await featureJobs(deps)['messaging.pruneDeliveries']!({}, {} as never);
  expect(result).toEqual({ deleted: 5 });
  const left = await DeliveryModel.find({}, { status: 1, _id: 1 }).lean();
  expect(left.map((d) => d.status).sort()).toEqual(['pending', 'sending', 'sent']);
});

it('runs both sweeps on their schedule through the outbox worker', async () => {
  await OutboxModel.insertMany([
    { _id: idDaysAgo(45), kind: 'message.send', dedupeKey: 'done-45', status: 'done', runAt: new Date() },
  ]);
  await DeliveryModel.insertMany([
    {
      _id: idDaysAgo(120),
      outboxId: new mongoose.Types.ObjectId(),
      userId: new mongoose.Types.ObjectId(),
      event: 'billIssued',
      status: 'sent',
    },
  ]);
  const handlers = featureJobs(deps);
  for (const kind of ['outbox.prune', 'messaging.pruneDeliveries']) await ensureSchedule(kind, 15 * 60_000);
  const worker = createWorker({ handlers, kinds: ['outbox.prune', 'messaging.pruneDeliveries'] });
  expect(await worker.drain()).toBe(2);

  expect(await OutboxModel.countDocuments({ dedupeKey: 'done-45' })).toBe(0);
  expect(await DeliveryModel.countDocuments({ event: 'billIssued' })).toBe(0);
  const schedules = await OutboxModel.find({
    dedupeKey: { $in: ['schedule:outbox.prune', 'schedule:messaging.pruneDeliveries'] },
  }).lean();
  expect(schedules.map((s) => [s.status, s.repeatEveryMs])).toEqual([
    ['pending', 15 * 60_000],
    ['pending', 15 * 60_000],
  ]);
});

it('refuses a failed-entry retention shorter than the done-entry one', () => {
  expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '60', OUTBOX_FAILED_RETENTION_DAYS: '30' })).toThrow(
    /OUTBOX_FAILED_RETENTION_DAYS: must be at least OUTBOX_RETENTION_DAYS/,
  );
});

it('refuses a delivery retention shorter than the outbox one (a delivery is its entry’s sent-marker)', () => {
  expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '60', DELIVERY_RETENTION_DAYS: '30' })).toThrow(
    /DELIVERY_RETENTION_DAYS: must be at least OUTBOX_RETENTION_DAYS/,
  );
});
