/**
 * The stand-in's change-stream fix (platform/db/secantusChangeStreams.ts): a database-wide stream whose `$match`
 * names its collections reads only their oplog entries.
 *
 * On any database: such a stream (the chat bus's) answers the same events, in the same order, as the same filter
 * written so that no server can read the collections out of it (an `$or`), while other collections of the
 * database take inserts, updates, deletes and a drop; and it resumes after any of its events as before.
 *
 * On the stand-in only, on one of its own that counts the change events it makes: the stream the fix reads makes
 * events of its own collections' entries only, where the `$or` one makes one of every write in the database.
 */
import mongoose, { type mongo } from 'mongoose';
import { connectTestDb } from '../harness';
import { onStandIn, startLoggingStandIn } from './standInProbe';

const NAMED = { 'ns.coll': { $in: ['cs_a', 'cs_b'] } };
const AS_OR = { $or: [{ 'ns.coll': 'cs_a' }, { 'ns.coll': 'cs_b' }] };
const inserts = (filter: Record<string, unknown>) => [{ $match: { operationType: 'insert', ...filter } }];

type Seen = [string, number];
const seenOf = (c: mongo.ChangeStreamDocument): Seen =>
  c.operationType === 'insert' ? [c.ns.coll, c.fullDocument.k as number] : ['', -1];

async function opened(db: mongo.Db, pipeline: object[], resumeAfter?: unknown) {
  const stream = db.watch(pipeline, { maxAwaitTimeMS: 300, ...(resumeAfter ? { resumeAfter } : {}) });
  if (!resumeAfter) expect(await stream.tryNext()).toBeNull();
  return stream;
}

async function firstOf(stream: mongo.ChangeStream, n: number): Promise<mongo.ChangeStreamDocument[]> {
  const out: mongo.ChangeStreamDocument[] = [];
  while (out.length < n) out.push(await stream.next());
  return out;
}

/** Writes to the watched collections between writes of every kind to another one. */
async function writeAround(db: mongo.Db, others: number): Promise<void> {
  const other = db.collection('cs_other');
  await other.insertMany(Array.from({ length: others }, (_, i) => ({ i })));
  await db.collection('cs_a').insertOne({ k: 1 });
  await other.updateMany({}, { $set: { seen: true } });
  await db.collection('cs_b').insertOne({ k: 2 });
  await other.deleteMany({ i: { $lt: 5 } });
  await db.collection('cs_b').updateOne({ k: 2 }, { $set: { k: 20 } });
  await db.collection('cs_a').insertOne({ k: 3 });
  await other.drop();
  await db.collection('cs_b').insertOne({ k: 4 });
}

const EXPECTED: Seen[] = [
  ['cs_a', 1],
  ['cs_b', 2],
  ['cs_a', 3],
  ['cs_b', 4],
];

describe('a database-wide change stream matching named collections', () => {
  let db: Awaited<ReturnType<typeof connectTestDb>>;
  beforeAll(async () => {
    db = await connectTestDb();
  });
  afterAll(() => db.drop());

  it('answers the same inserts, in order, as a filter no server reads the collections from, and resumes', async () => {
    const native = mongoose.connection.db!;
    const named = await opened(native, inserts(NAMED));
    const asOr = await opened(native, inserts(AS_OR));
    await writeAround(native, 30);
    const fromNamed = await firstOf(named, 4);
    expect(fromNamed.map(seenOf)).toEqual(EXPECTED);
    expect((await firstOf(asOr, 4)).map(seenOf)).toEqual(EXPECTED);
    expect(await named.tryNext()).toBeNull();
    await Promise.all([named.close(), asOr.close()]);

    for (const [i, event] of fromNamed.entries()) {
      const resumed = await opened(native, inserts(NAMED), event._id);
      expect((await firstOf(resumed, 3 - i)).map(seenOf)).toEqual(EXPECTED.slice(i + 1));
      await resumed.close();
    }
  });
});

(onStandIn ? it : it.skip)(
  'on the stand-in, the stream makes events of its own collections only, where the $or one makes one per write',
  async () => {
    const standIn = await startLoggingStandIn(String.raw`
import secantus.changestreams as _cs
_log_calls(_cs, "project", "e")
`);
    const client = await new mongoose.mongo.MongoClient(standIn.uri).connect();
    const made = () => standIn.lines().length;
    try {
      const counted = async (pipeline: object[]) => {
        const db = client.db(`cs_count_${made()}`);
        const stream = await opened(db, pipeline);
        const before = made();
        await writeAround(db, 200);
        expect((await firstOf(stream, 4)).map(seenOf)).toEqual(EXPECTED);
        await stream.close();
        return made() - before;
      };
      // 200 inserts, 200 updates, 5 deletes and a drop in the other collection; 4 inserts and an update in the two.
      expect(await counted(inserts(AS_OR))).toBeGreaterThan(400);
      expect(await counted(inserts(NAMED))).toBeLessThanOrEqual(4 + 1 + 1);
    } finally {
      await client.close();
      await standIn.stop();
    }
  },
);
