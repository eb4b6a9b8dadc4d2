import { spawn } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import {
  cancelGroup,
  enqueue,
  enqueueMany,
  ensureSchedule,
  groupProgress,
} from '../../src/platform/outbox/outbox';
import { backoffDelay, createWorker, PermanentError, RetryLater } from '../../src/platform/outbox/worker';
import { connectTestDb, testMongoUri } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
  await OutboxModel.init();
});
afterAll(() => db.drop());
beforeEach(async () => {
  await OutboxModel.deleteMany({});
  await mongoose.connection.collection('effects').deleteMany({});
});

const effects = () => mongoose.connection.collection('effects');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outbox', () => {
  it('writes one entry per dedupe key, however often the cause repeats', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => enqueue({ kind: 'k', dedupeKey: 'receipt:T1', payload: { a: 1 } })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await OutboxModel.countDocuments({ dedupeKey: 'receipt:T1' })).toBe(1);
    expect(
      await enqueueMany([
        { kind: 'k', dedupeKey: 'receipt:T1' },
        { kind: 'k', dedupeKey: 'receipt:T2' },
      ]),
    ).toBe(1);
  });

  it('causes ranked on one key: the lowest rank speaks while the entry is pending, whatever the arrival order', async () => {
    const reply = (rank: number) =>
      enqueue({ kind: 'k', dedupeKey: 'chat-reply:S1:h', payload: { content: `seq ${rank}` }, rank });
    expect(await reply(7)).toBe(true);
    expect(await reply(9)).toBe(false);
    expect(await reply(5)).toBe(false);
    expect(await reply(6)).toBe(false);
    const held = await OutboxModel.findOne({ dedupeKey: 'chat-reply:S1:h' }).lean();
    expect(held).toMatchObject({ payload: { content: 'seq 5' }, rank: 5, status: 'pending' });

    // At once, in any order: still one entry, with the lowest.
    await Promise.all(
      [12, 4, 10, 3, 8].map((r) =>
        enqueue({ kind: 'k', dedupeKey: 'chat-reply:S2:h', payload: { r }, rank: r }),
      ),
    );
    expect(await OutboxModel.find({ dedupeKey: 'chat-reply:S2:h' }).lean()).toEqual([
      expect.objectContaining({ payload: { r: 3 }, rank: 3 }),
    ]);

    // Once a worker holds it, what it sends is what it took.
    await OutboxModel.updateOne({ dedupeKey: 'chat-reply:S1:h' }, { $set: { status: 'running' } });
    await reply(1);
    expect(await OutboxModel.findOne({ dedupeKey: 'chat-reply:S1:h' }).lean()).toMatchObject({
      payload: { content: 'seq 5' },
    });
  });

  it('two workers, one killed mid-entry: every entry completes exactly once', async () => {
    const N = 40;
    await enqueueMany(
      Array.from({ length: N }, (_, n) => ({ kind: 'test.effect', dedupeKey: `e${n}`, payload: { n } })),
    );
    const survivor = createWorker({
      workerId: 'survivor',
      leaseMs: 1500,
      pollMs: 20,
      concurrency: 1,
      handlers: {
        'test.effect': async (p) => {
          await sleep(30);
          await effects().insertOne({ n: p.n, by: 'survivor' });
        },
      },
    });
    const child = spawn(
      path.resolve(__dirname, '../../../node_modules/.bin/tsx'),
      [path.join(__dirname, 'fixtures/outboxWorkerProcess.ts')],
      {
        env: { ...process.env, URI: testMongoUri(), DB: db.dbName, LEASE_MS: '1500', DIE_ON: '3' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const died = new Promise<number | string | null>((resolve) =>
      child.on('exit', (code, sig) => resolve(sig ?? code)),
    );
    try {
      // The survivor joins once the doomed process has taken work; the child is killed in the middle of its third entry.
      const joinBy = Date.now() + 45_000;
      while (!(await effects().findOne({ by: 'doomed' })) && Date.now() < joinBy) await sleep(50);
      survivor.start();
      expect([137, 'SIGKILL']).toContain(await died);
    } finally {
      child.kill('SIGKILL');
    }
    const killedOn = (await mongoose.connection.collection('doomed').findOne({}))!.n as number;

    const deadline = Date.now() + 30_000;
    while ((await OutboxModel.countDocuments({ status: 'done' })) < N && Date.now() < deadline)
      await sleep(100);
    await survivor.stop();

    expect(await OutboxModel.countDocuments({ status: 'done' })).toBe(N);
    const counts = await effects()
      .aggregate<{ _id: number; c: number }>([{ $group: { _id: '$n', c: { $sum: 1 } } }])
      .toArray();
    expect(counts).toHaveLength(N);
    expect(counts.every((c) => c.c === 1)).toBe(true);
    expect((await effects().findOne({ n: killedOn }))?.by).toBe('survivor');
    expect(await effects().countDocuments({ by: 'doomed' })).toBeGreaterThanOrEqual(2);
  });

  it('a worker that lost its lease cannot complete an entry another worker took over', async () => {
    await enqueue({ kind: 'slow', dedupeKey: 'slow1' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const aRuns = new Promise<void>((r) => (started = r));
    const a = createWorker({
      workerId: 'A',
      leaseMs: 200,
      handlers: { slow: async () => (started(), await gate, 'from A') },
    });
    const b = createWorker({ workerId: 'B', leaseMs: 5_000, handlers: { slow: async () => 'from B' } });
    const running = a.runOnce();
    await aRuns; // A holds the entry (however long its claim took on a busy machine)…
    await sleep(400); // …and its lease has passed
    expect(await b.runOnce()).toBe(true);
    release();
    await running;
    const entry = await OutboxModel.findOne({ dedupeKey: 'slow1' }).lean();
    expect(entry).toMatchObject({ status: 'done', result: 'from B', attempts: 2 });
  });

  it('a permanent error stops at once and is recorded; it is not retried', async () => {
    await enqueue({ kind: 'bad', dedupeKey: 'bad1' });
    let calls = 0;
    const w = createWorker({
      handlers: {
        bad: async () => {
          calls++;
          throw new PermanentError('43101 user refused', 43101);
        },
      },
    });
    await w.drain();
    await OutboxModel.updateMany({}, { $set: { runAt: new Date(0) } });
    await w.drain();
    expect(calls).toBe(1);
    expect(await OutboxModel.findOne({ dedupeKey: 'bad1' }).lean()).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: '43101 user refused',
    });
  });

  it('a transient error is retried with backoff until maxAttempts, recording attempts and the last error', async () => {
    await enqueue({ kind: 'flaky', dedupeKey: 'f1', maxAttempts: 3 });
    let calls = 0;
    const w = createWorker({
      backoffBaseMs: 60_000,
      handlers: {
        flaky: async () => {
          calls++;
          throw new Error(`timeout #${calls}`);
        },
      },
    });
    await w.drain();
    const first = await OutboxModel.findOne({ dedupeKey: 'f1' }).lean();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timeout #1' });
    expect(first!.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000); // backed off, not due now
    for (let i = 0; i < 3; i++) {
      await OutboxModel.updateOne({ dedupeKey: 'f1' }, { $set: { runAt: new Date(0) } });
      await w.drain();
    }
    expect(calls).toBe(3);
    expect(await OutboxModel.findOne({ dedupeKey: 'f1' }).lean()).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
  });

  it('RetryLater (rate limit) reschedules without spending an attempt', async () => {
    await enqueue({ kind: 'limited', dedupeKey: 'l1', maxAttempts: 1 });
    let calls = 0;
    const w = createWorker({
      handlers: {
        limited: async () => {
          if (++calls < 3) throw new RetryLater(0, '45009');
          return 'sent';
        },
      },
    });
    await w.drain();
    expect(calls).toBe(3);
    expect(await OutboxModel.findOne({ dedupeKey: 'l1' }).lean()).toMatchObject({
      status: 'done',
      result: 'sent',
    });
  });

  it('backoff grows exponentially with jitter and is capped', () => {
    const lo = () => 0;
    const hi = () => 0.999999;
    expect(backoffDelay(1, 1000, 60_000, lo)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, hi)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, hi)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, hi)).toBe(60_000);
  });

  it('a scheduled job runs again after its interval, and never twice at once', async () => {
    await ensureSchedule('tick', 60_000);
    await ensureSchedule('tick', 60_000); // every process calls this at start
    expect(await OutboxModel.countDocuments({ kind: 'tick' })).toBe(1);
    let runs = 0;
    const w = createWorker({ handlers: { tick: async () => void runs++ } });
    await w.drain();
    expect(runs).toBe(1);
    const entry = await OutboxModel.findOne({ kind: 'tick' }).lean();
    expect(entry?.status).toBe('pending');
    expect(entry!.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it('delayed entries wait for their time', async () => {
    await enqueue({ kind: 'later', dedupeKey: 'later1', runAt: new Date(Date.now() + 60_000) });
    let runs = 0;
    await createWorker({ handlers: { later: async () => void runs++ } }).drain();
    expect(runs).toBe(0);
  });

  it('cancelling a group stops its unsent entries and reports progress', async () => {
    await enqueueMany(
      Array.from({ length: 5 }, (_, n) => ({
        kind: 'push',
        dedupeKey: `push:${n}`,
        group: 'notice:1',
        payload: { n },
      })),
    );
    const w = createWorker({ handlers: { push: async () => undefined } });
    await w.runOnce();
    await w.runOnce();
    expect(await cancelGroup('notice:1')).toBe(3);
    expect(await groupProgress('notice:1')).toEqual({ done: 2, cancelled: 3 });
  });

  it('entries of several recipients: a claim fills the batch by their weight, and one continuing later keeps the payload it gives', async () => {
    const recipients = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `u${from + i}`);
    await enqueueMany(
      [100, 100, 100, 300].map((n, i) => ({
        kind: 'chunk',
        dedupeKey: `chunk:${i}`,
        group: 'notice:2',
        payload: { userIds: recipients(n, i * 1000) },
        runAt: new Date(Date.now() - 10_000 + i),
      })),
    );
    // Three of the 600 recipients come back with a retry: the entry continues with them only.
    const claimed: number[][] = [];
    const handler = Object.assign(async () => undefined, {
      batch: async (entries: { payload: unknown }[]) => {
        claimed.push(entries.map((e) => (e.payload as { userIds: string[] }).userIds.length));
        return entries.map((e, i) =>
          i === 0 && claimed.length === 1
            ? { ok: false as const, error: new RetryLater(60_000), payload: { userIds: ['u0', 'u1', 'u2'] } }
            : { ok: true as const },
        );
      },
      batchWeight: (e: { payload: unknown }) => (e.payload as { userIds: string[] }).userIds.length,
    });
    const w = createWorker({ handlers: { chunk: handler }, batchSize: 200, pollMs: 0 });
    while (await w.runOnce());
    // Two of 100 fill a batch of 200; one of 300 is claimed on its own.
    expect(claimed).toEqual([[100, 100], [100], [300]]);
    // The outbox counts recipients: the pending entry by the three it continues with.
    expect(await groupProgress('notice:2')).toEqual({ pending: 3, done: 500 });
    const pending = await OutboxModel.findOne({ status: 'pending' }).lean();
    expect(pending).toMatchObject({ dedupeKey: 'chunk:0', payload: { userIds: ['u0', 'u1', 'u2'] } });
  });
});
