/**
 * Indexes as a deploy step: an instance with AUTO_INDEX off (production's default) builds none and refuses
 * to start on a database that lacks a declared index, naming it; `portal migrate` builds them all (and
 * drops nothing) and fills in what the new version derives (the work-order list's keys), after which the
 * instance starts and the unique keys hold.
 */
import mongoose from 'mongoose';
import '../../src/modules'; // every feature's models, so every declared index is known
import { assertIndexesBuilt, indexPlan } from '../../src/platform/db/indexes';
import { connectDb } from '../../src/platform/db/mongo';
import { OutboxModel } from '../../src/platform/outbox/outbox.model';
import { NO_DEADLINE, STATE_RANK } from '../../src/modules/workorders/orders/workorder.model';
import { startPortal } from '../../src/platform/runtime';
import { testConfig, testDbName } from '../harness';
import { databaseUri, runCli } from '../processes';

const dbName = testDbName();
// A CLI child process (tsx compiles the server on start): slow on a busy machine.
jest.setTimeout(240_000);
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

it('an instance without autoIndex refuses an unmigrated database; after migrate it starts and unique keys hold', async () => {
  const config = testConfig({
    MONGODB_URI: databaseUri(dbName),
    AUTO_INDEX: 'false',
    WECHAT_SANDBOX: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  await expect(startPortal(config)).rejects.toThrow(
    /lacks \d+ declared index\(es\): .*outbox\.dedupeKey_1.*migrate/,
  );

  await connectDb(databaseUri(dbName), undefined, { autoIndex: false });
  const before = await indexPlan();
  expect(before.find((p) => p.collection === 'outbox')?.missing).toContain('dedupeKey_1');
  await mongoose.connection.collection('outbox').createIndex({ legacyField: 1 }, { name: 'legacyField_1' });
  // As an earlier release built it: the same keys, filtered by $type (platform/db/stringIndex.ts says why not now).
  await mongoose.connection
    .collection('users')
    .createIndex(
      { openidMp: 1 },
      { unique: true, partialFilterExpression: { openidMp: { $type: 'string' } } },
    );
  expect(before.find((p) => p.collection === 'users')?.missing).toContain('openidMp_1_strings');
  // A work order as an earlier release wrote it: without the keys the staff list now sorts on.
  await mongoose.connection
    .collection('workOrders')
    .insertOne({ orderNo: 'WO202611010001', state: 'cancelled', createdAt: new Date() });

  const run = await runCli(['migrate'], { MONGODB_URI: databaseUri(dbName) });
  expect(run.code).toBe(0);
  expect(run.output).toContain('built   outbox.dedupeKey_1');
  expect(run.output).toMatch(/kept {4}outbox\.legacyField_1 \(no longer declared/);
  expect(run.output).toContain('built   users.openidMp_1_strings');
  expect(run.output).toMatch(/kept {4}users\.openidMp_1 \(no longer declared/);
  expect(run.output).toContain("filled  workOrders: the list's state rank of 1, its deadline key of 1");
  expect(
    await mongoose.connection
      .collection('workOrders')
      .findOne({}, { projection: { _id: 0, stateRank: 1, listDueAt: 1 } }),
  ).toEqual({ stateRank: STATE_RANK.cancelled, listDueAt: NO_DEADLINE });

  expect((await indexPlan()).flatMap((p) => p.missing)).toEqual([]); // every declared index, no false alarms
  await expect(assertIndexesBuilt()).resolves.toBeUndefined();
  expect((await mongoose.connection.collection('outbox').indexes()).map((i) => i.name)).toContain(
    'legacyField_1',
  ); // dropped nothing
  expect((await mongoose.connection.collection('users').indexes()).map((i) => i.name)).toEqual(
    expect.arrayContaining(['openidMp_1', 'openidMp_1_strings']),
  );

  await OutboxModel.create({ kind: 'x', dedupeKey: 'same', runAt: new Date() });
  await expect(OutboxModel.create({ kind: 'x', dedupeKey: 'same', runAt: new Date() })).rejects.toMatchObject(
    { code: 11000 },
  );

  await mongoose.disconnect();
  const running = await startPortal(config);
  try {
    expect((await fetch(`${running.url.replace('localhost', '127.0.0.1')}/readyz`)).status).toBe(200);
  } finally {
    await running.stop();
  }
  await connectDb(databaseUri(dbName), undefined, { autoIndex: false }); // for afterAll's drop
});
