/**
 * MongoDB compatibility: each feature of MongoDB the code relies on, by name. When the test database
 * (SecantusDB stand-in, a mongod, or MONGODB_URI) regresses, it shows up here as a named failure.
 * See server/test/README.md for what the stand-in lacks.
 */
import mongoose, { Schema } from 'mongoose';
import { connectTestDb } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
});
afterAll(() => db.drop());

const coll = (name: string) => mongoose.connection.collection(name);

describe('MongoDB features the portal relies on', () => {
  it('handshake: wire version ≥ 17 (MongoDB 6) and a replica-set name', async () => {
    const hello = await mongoose.connection.db!.admin().command({ hello: 1 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(typeof hello.setName).toBe('string');
  });

  it('unique index rejects a duplicate with code 11000', async () => {
    const c = coll('compat_unique');
    await c.createIndex({ key: 1 }, { unique: true });
    await c.insertOne({ key: 'a' });
    await expect(c.insertOne({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
  });

  it('compound unique index enforces the pair, not each field', async () => {
    const c = coll('compat_compound');
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await c.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);
    await expect(c.insertOne({ a: 1, b: 1 })).rejects.toMatchObject({ code: 11000 });
  });

  it('partial unique index ignores documents outside its filter', async () => {
    const c = coll('compat_partial');
    await c.createIndex(
      { openid: 1 },
      { unique: true, partialFilterExpression: { openid: { $type: 'string' } } },
    );
    await c.insertMany([{ x: 1 }, { x: 2 }, { openid: 'o1' }]);
    await expect(c.insertOne({ openid: 'o1' })).rejects.toMatchObject({ code: 11000 });
  });

  // A pending payment's `activeKey`, an open chat's `openFor`, a deleted resident's openid: a value leaves a unique
  // index when an update changes or removes it, and is free for the next document at once, while the document now
  // holding it is guarded.
  // SecantusDB's Rust server 0.5.3-beta.196 fails this (its claim on the old value outlives the update).
  it('a unique index frees a value that an update changes or $unsets, and guards the new value', async () => {
    const c = coll('compat_unique_update');
    await c.createIndex(
      { activeKey: 1 },
      { unique: true, partialFilterExpression: { activeKey: { $type: 'string' } } },
    );
    await c.createIndex({ no: 1 }, { unique: true });
    await c.insertMany([
      { n: 1, activeKey: 'k1', no: 'A' },
      { n: 2, activeKey: 'k2', no: 'B' },
    ]);
    await c.updateOne({ n: 1 }, { $set: { status: 'closed' }, $unset: { activeKey: 1 } });
    await c.updateOne({ n: 2 }, { $set: { no: 'C' } });
    await c.insertOne({ n: 3, activeKey: 'k1', no: 'B' });
    await expect(c.insertOne({ n: 4, activeKey: 'k9', no: 'C' })).rejects.toMatchObject({ code: 11000 });
    await expect(c.updateOne({ n: 3 }, { $set: { activeKey: 'k2', no: 'C' } })).rejects.toMatchObject({
      code: 11000,
    });
    expect(
      await c
        .find({}, { projection: { _id: 0 } })
        .sort({ n: 1 })
        .toArray(),
    ).toEqual([
      { n: 1, no: 'A', status: 'closed' },
      { n: 2, activeKey: 'k2', no: 'C' },
      { n: 3, activeKey: 'k1', no: 'B' },
    ]);
  });

  it('mongoose model indexes are built by init()', async () => {
    const M = mongoose.model('CompatModel', new Schema({ no: { type: String, unique: true } }));
    await M.init();
    await M.create({ no: 'x' });
    await expect(M.create({ no: 'x' })).rejects.toMatchObject({ code: 11000 });
  });

  it('findOneAndUpdate is atomic under concurrent writers (guarded counter never overshoots)', async () => {
    const c = coll('compat_counter');
    await c.insertOne({ _id: 'slot' as never, booked: 0, capacity: 5 });
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        c.findOneAndUpdate(
          { _id: 'slot' as never, $expr: { $lt: ['$booked', '$capacity'] } },
          { $inc: { booked: 1 } },
          { returnDocument: 'after' },
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    expect((await c.findOne({ _id: 'slot' as never }))?.booked).toBe(5);
  });

  it('state-guarded updateOne applies once among concurrent duplicates', async () => {
    const c = coll('compat_guard');
    await c.insertOne({ _id: 'p' as never, status: 'pending' });
    const r = await Promise.all(
      Array.from({ length: 10 }, () =>
        c.updateOne({ _id: 'p' as never, status: 'pending' }, { $set: { status: 'paid' } }),
      ),
    );
    expect(r.reduce((n, x) => n + x.modifiedCount, 0)).toBe(1);
  });

  it('upsert with $setOnInsert creates once under concurrency', async () => {
    const c = coll('compat_upsert');
    await c.createIndex({ k: 1 }, { unique: true });
    const r = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        c.updateOne({ k: 'x' }, { $setOnInsert: { k: 'x', n: 1 } }, { upsert: true }),
      ),
    );
    const fulfilled = r.filter((x) => x.status === 'fulfilled') as PromiseFulfilledResult<{
      upsertedCount: number;
    }>[];
    expect(fulfilled.reduce((n, x) => n + x.value.upsertedCount, 0)).toBe(1);
    for (const x of r) if (x.status === 'rejected') expect((x.reason as { code?: number }).code).toBe(11000);
    expect(await c.countDocuments({ k: 'x' })).toBe(1);
  });

  it('bulkWrite with ordered:false upserts and reports counts', async () => {
    const c = coll('compat_bulk');
    await c.createIndex({ k: 1 }, { unique: true });
    const ops = ['a', 'b', 'a', 'c'].map((k) => ({
      updateOne: { filter: { k }, update: { $setOnInsert: { k } }, upsert: true },
    }));
    const r = await c.bulkWrite(ops, { ordered: false });
    expect(r.upsertedCount).toBe(3);
    expect(await c.countDocuments()).toBe(3);
  });

  it('aggregation: $match $group $sum $avg $cond $dateToString $sort $limit $facet $lookup $unwind $project $count', async () => {
    const orders = coll('compat_orders');
    const areas = coll('compat_areas');
    await areas.insertMany([
      { code: 'A', name: '东区' },
      { code: 'B', name: '西区' },
    ]);
    await orders.insertMany([
      { area: 'A', fen: 100, ok: true, at: new Date('2026-11-01T02:00:00Z') },
      { area: 'A', fen: 300, ok: false, at: new Date('2026-11-01T20:00:00Z') },
      { area: 'B', fen: 200, ok: true, at: new Date('2026-11-02T02:00:00Z') },
    ]);
    const byArea = await orders
      .aggregate([
        { $match: { fen: { $gte: 100 } } },
        {
          $group: {
            _id: '$area',
            total: { $sum: '$fen' },
            avg: { $avg: '$fen' },
            ok: { $sum: { $cond: ['$ok', 1, 0] } },
            n: { $sum: 1 },
          },
        },
        { $lookup: { from: 'compat_areas', localField: '_id', foreignField: 'code', as: 'area' } },
        { $unwind: '$area' },
        { $project: { _id: 0, code: '$_id', name: '$area.name', total: 1, avg: 1, ok: 1, n: 1 } },
        { $sort: { total: -1 } },
        { $limit: 5 },
      ])
      .toArray();
    expect(byArea).toEqual([
      { code: 'A', name: '东区', total: 400, avg: 200, ok: 1, n: 2 },
      { code: 'B', name: '西区', total: 200, avg: 200, ok: 1, n: 1 },
    ]);
    const byDay = await orders
      .aggregate([
        {
          $group: {
            _id: { $dateToString: { format: '%Y-%m-%d', date: '$at', timezone: 'Asia/Shanghai' } },
            n: { $sum: 1 },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(byDay).toEqual([
      { _id: '2026-11-01', n: 1 },
      { _id: '2026-11-02', n: 2 },
    ]);
    const [facet] = await orders
      .aggregate([
        { $facet: { total: [{ $count: 'n' }], big: [{ $match: { fen: { $gt: 150 } } }, { $count: 'n' }] } },
      ])
      .toArray();
    expect(facet).toEqual({ total: [{ n: 3 }], big: [{ n: 2 }] });
  });

  it('aggregation: $addToSet $size $max $min $first $subtract on dates $in $ifNull', async () => {
    const c = coll('compat_ops');
    await c.insertMany([
      { u: 'x', acct: '1', created: new Date(0), closed: new Date(60_000) },
      { u: 'x', acct: '2', created: new Date(0), closed: new Date(120_000) },
      { u: 'y', acct: '1', created: new Date(0) },
    ]);
    const rows = await c
      .aggregate([
        { $match: { acct: { $in: ['1', '2'] } } },
        {
          $group: {
            _id: '$u',
            accts: { $addToSet: '$acct' },
            maxMs: { $max: { $subtract: [{ $ifNull: ['$closed', '$created'] }, '$created'] } },
            minMs: { $min: { $subtract: [{ $ifNull: ['$closed', '$created'] }, '$created'] } },
            first: { $first: '$acct' },
          },
        },
        { $project: { n: { $size: '$accts' }, maxMs: 1, minMs: 1 } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 'x', n: 2, maxMs: 120_000, minMs: 60_000 },
      { _id: 'y', n: 1, maxMs: 0, minMs: 0 },
    ]);
  });

  it('distinct and countDocuments with filters', async () => {
    const c = coll('compat_distinct');
    await c.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }]);
    expect((await c.distinct('a')).sort()).toEqual([1, 2]);
    expect(await c.countDocuments({ a: 1 })).toBe(2);
  });

  it('sort + skip + limit pagination is stable on an indexed field', async () => {
    const c = coll('compat_page');
    await c.createIndex({ n: 1 });
    await c.insertMany(Array.from({ length: 25 }, (_, n) => ({ n })));
    const page2 = await c.find({}).sort({ n: 1 }).skip(10).limit(10).toArray();
    expect(page2.map((d) => d.n)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('change stream on the database: inserts in order, filtered on the server, resumable after a token (chat bus)', async () => {
    const pipeline = [
      {
        $match: {
          operationType: 'insert',
          'ns.coll': { $in: ['compat_stream_a', 'compat_stream_b'] },
          'fullDocument.route.process': { $ne: 'me' },
        },
      },
    ];
    const stream = mongoose.connection.db!.watch(pipeline, { maxAwaitTimeMS: 500 });
    expect(await stream.tryNext()).toBeNull(); // opened: the server has change streams
    await coll('compat_stream_a').insertOne({ n: 1, route: { process: 'other' } });
    await coll('compat_stream_a').insertOne({ n: 2, route: { process: 'me' } }); // filtered out
    await coll('compat_stream_other').insertOne({ n: 3, route: { process: 'other' } }); // another collection
    await coll('compat_stream_b').insertOne({ n: 4, route: { process: 'other' } });
    await coll('compat_stream_a').insertOne({ n: 5, route: { process: 'other' } });
    const first = await stream.next();
    const seen = [first, await stream.next(), await stream.next()].map((c) =>
      c.operationType === 'insert' ? [c.ns.coll, c.fullDocument.n] : [],
    );
    expect(seen).toEqual([
      ['compat_stream_a', 1],
      ['compat_stream_b', 4],
      ['compat_stream_a', 5],
    ]);
    await stream.close();
    const resumed = mongoose.connection.db!.watch(pipeline, { resumeAfter: first._id });
    const next = await resumed.next();
    expect(next.operationType === 'insert' && next.fullDocument.n).toBe(4);
    await resumed.close();
  });
});
