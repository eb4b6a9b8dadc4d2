/**
 * The stand-in's write-path fix (platform/db/secantusWrites.ts): a long `$in` of ObjectIds or strings is a set,
 * and a chunk of writes reads its index options once.
 *
 * On any database: what a long `$in` finds, updates and deletes is what the same values written as an `$or` of
 * equalities find, over fields of every kind (ObjectIds, strings, arrays of them, nested arrays, numbers, null,
 * missing, documents) and under a collation; and a chunk of writes keeps each index's options: a case-blind
 * unique index, a partial unique index, and a unique index a document of the chunk makes multikey refuse their
 * duplicates in the same write.
 *
 * And an update keeps each index right whether or not it changes the index's keys: read through each index
 * (hinted), a document is found by its new keys and not its old ones, a unique value it keeps stays its own, one
 * it gives up is free, and leaving or entering a partial index's filter takes it out or puts it back.
 *
 * On the stand-in only: its own storage, in its Python, compares no document with each listed id, reads the
 * index options a few times per write instead of a few times per document, and rewrites only the index entries
 * an update changes (no unique claim is given back and taken again for a key left as it was); the same answers
 * without the fix. And its record of retryable writes keeps and drops the same records, pruned from the oldest
 * instead of read whole on every write (past 10,000 records in half an hour each write had sorted them all).
 */
import mongoose, { Types } from 'mongoose';
import { SECANTUS_WRITE_FIX } from '../../src/platform/db/secantusWrites';
import { connectTestDb } from '../harness';
import { onStandIn, standInProbe } from './standInProbe';

let db: Awaited<ReturnType<typeof connectTestDb>>;
const ids = Array.from({ length: 60 }, () => new Types.ObjectId());
const refs = Array.from({ length: 12 }, () => new Types.ObjectId());
const coll = () => mongoose.connection.collection('in_probe');

/** A value of field `f` of every kind the `$in` fast path must treat as the stand-in's equality does. */
const valueOf = (i: number): unknown =>
  [
    refs[i % 12],
    `s${i % 15}`,
    [refs[i % 12], refs[(i + 5) % 12]],
    [`s${i % 15}`, 'zz'],
    [[`s${i % 15}`]],
    i,
    null,
    undefined,
    { s: `s${i % 15}` },
    `S${i % 15}`,
    [1, refs[(i + 3) % 12]],
    String(refs[i % 12]),
  ][i % 12];

beforeAll(async () => {
  db = await connectTestDb();
  await coll().createIndex({ f: 1 });
  await coll().insertMany(
    ids.map((_id, i) => {
      const f = valueOf(i);
      return f === undefined ? { _id, n: i } : { _id, f, n: i };
    }),
  );
});
afterAll(() => db.drop());

const LISTS: Record<string, unknown[]> = {
  'ten of the referenced ids': refs.slice(0, 10),
  'ids of the documents themselves': ids.slice(5, 40),
  'strings, some in arrays': Array.from({ length: 12 }, (_, i) => `s${i}`),
  'strings with an id’s hex': [...refs.slice(0, 9).map(String), 's1'],
  'more ids than match anything': Array.from({ length: 30 }, () => new Types.ObjectId()),
  'mixed ids and strings (the stand-in’s own way)': [...refs.slice(0, 6), 's1', 's2', 's3', 's4'],
  'numbers and null (the stand-in’s own way)': [1, 5, 17, 29, null, 41, 53, 2, 3, 4],
};
const asOr = (field: string, list: unknown[]) => ({ $or: list.map((v) => ({ [field]: v })) });
const idsOf = (docs: { _id: unknown }[]) => docs.map((d) => String(d._id)).sort();

describe('a long $in answers as the same values written as an $or', () => {
  it.each(Object.entries(LISTS))('%s, finding', async (_, list) => {
    const byIn = idsOf(
      await coll()
        .find({ f: { $in: list } })
        .toArray(),
    );
    expect(byIn).toEqual(idsOf(await coll().find(asOr('f', list)).toArray()));
    const onId = idsOf(
      await coll()
        .find({ _id: { $in: list as Types.ObjectId[] } })
        .toArray(),
    );
    expect(onId).toEqual(idsOf(await coll().find(asOr('_id', list)).toArray()));
  });

  it('under a collation, where strings differing in case are equal', async () => {
    const list = Array.from({ length: 12 }, (_, i) => `S${i}`);
    const collation = { locale: 'en', strength: 2 };
    const byIn = idsOf(
      await coll()
        .find({ f: { $in: list } }, { collation })
        .toArray(),
    );
    expect(byIn).toEqual(idsOf(await coll().find(asOr('f', list), { collation }).toArray()));
    // Without the collation only the upper-case values match.
    const plain = idsOf(
      await coll()
        .find({ f: { $in: list } })
        .toArray(),
    );
    expect(byIn.length).toBeGreaterThan(plain.length);
  });

  it('updating and deleting the same documents', async () => {
    const list = [...refs.slice(0, 9), ...refs.slice(0, 9).map(String)];
    const expected = idsOf(await coll().find(asOr('f', list)).toArray());
    expect(expected.length).toBeGreaterThan(5);
    const updated = await coll().updateMany({ f: { $in: list } }, { $set: { hit: true } });
    expect(updated.modifiedCount).toBe(expected.length);
    expect(idsOf(await coll().find({ hit: true }).toArray())).toEqual(expected);
    const deleted = await coll().deleteMany({ _id: { $in: ids.slice(0, 30) }, hit: true });
    expect(deleted.deletedCount).toBe(
      expected.filter((id) => ids.slice(0, 30).some((x) => String(x) === id)).length,
    );
  });
});

describe('a write of many documents keeps every index’s options', () => {
  it('refuses a case-blind duplicate, a partial duplicate and a multikey duplicate within one insertMany', async () => {
    const c = mongoose.connection.collection('options_probe');
    await c.createIndex({ name: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    await c.createIndex(
      { code: 1 },
      { unique: true, partialFilterExpression: { code: { $type: 'string' } } },
    );
    await c.createIndex({ tags: 1 }, { unique: true, sparse: true });
    const refused = async (docs: Record<string, unknown>[]) => {
      const err = await c.insertMany(docs, { ordered: true }).then(
        () => null,
        (e: { code?: number; result?: { insertedCount?: number } }) => e,
      );
      return { code: err?.code, inserted: err?.result?.insertedCount };
    };
    expect(await refused([{ name: 'Wang' }, { name: 'Li' }, { name: 'WANG' }])).toEqual({
      code: 11000,
      inserted: 2,
    });
    // A number is outside the partial index; a second string is not.
    expect(
      await refused([
        { name: 'a', code: 7 },
        { name: 'b', code: 7 },
        { name: 'c', code: 'X' },
        { name: 'd', code: 'X' },
      ]),
    ).toEqual({
      code: 11000,
      inserted: 3,
    });
    // The second document makes `tags` multikey; the third repeats one of its elements.
    expect(
      await refused([
        { name: 'e', tags: 'p' },
        { name: 'f', tags: ['q', 'r'] },
        { name: 'g', tags: 'r' },
      ]),
    ).toEqual({
      code: 11000,
      inserted: 2,
    });
    expect(await c.find({ tags: 'r' }).sort({ tags: 1 }).toArray()).toEqual([
      expect.objectContaining({ name: 'f' }),
    ]);
    expect(await c.countDocuments()).toBe(7);
  });
});

describe('an update keeps every index right, whether or not it changes its keys', () => {
  type Kept = { n: number; code?: string; name?: string; group?: string; status?: string; tags?: string[] };
  const c = () => mongoose.connection.collection<Kept>('kept_probe');
  const byIndex = async (index: string, filter: Record<string, unknown>) =>
    (await c().find(filter).hint(index).toArray()).map((d) => d.n as number).sort((x, y) => x - y);
  const duplicate = (doc: Kept) =>
    c()
      .insertOne(doc)
      .then(
        () => 'inserted',
        (e: { code?: number }) => e.code,
      );

  beforeAll(async () => {
    await c().createIndex({ code: 1 }, { unique: true });
    await c().createIndex({ name: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    await c().createIndex(
      { group: 1, status: 1 },
      { name: 'group_status', partialFilterExpression: { group: { $exists: true } } },
    );
    await c().createIndex({ tags: 1 });
    await c().insertMany(
      Array.from({ length: 12 }, (_, n) => ({
        n,
        code: `c${n}`,
        name: `Name${n}`,
        group: n % 2 ? 'odd' : 'even',
        status: 'new',
        tags: [`t${n}`, 'all'],
      })),
    );
  });

  it('a change to no key leaves each document found through each index, its unique values its own', async () => {
    expect((await c().updateMany({}, { $set: { note: 'seen' }, $inc: { v: 1 } })).modifiedCount).toBe(12);
    await c().findOneAndUpdate({ n: 3 }, { $set: { note: 'again' } });
    expect(await byIndex('code_1', { code: 'c3' })).toEqual([3]);
    expect(await byIndex('group_status', { group: 'odd', status: 'new' })).toEqual([1, 3, 5, 7, 9, 11]);
    expect(await byIndex('tags_1', { tags: 'all' })).toHaveLength(12);
    expect(await duplicate({ n: 99, code: 'c3' })).toBe(11000);
    expect(await duplicate({ n: 99, code: 'x99', name: 'NAME3' })).toBe(11000);
  });

  it('a change to a key moves the document in that index only, and frees the unique value it gave up', async () => {
    await c().updateOne({ n: 4 }, { $set: { code: 'c4x', status: 'done', note: 'moved' } });
    await c().updateMany({ n: { $in: [5, 6] } }, { $set: { status: 'done' }, $push: { tags: 'late' } });
    expect(await byIndex('code_1', { code: 'c4' })).toEqual([]);
    expect(await byIndex('code_1', { code: 'c4x' })).toEqual([4]);
    expect(await byIndex('group_status', { status: 'done' })).toEqual([4, 5, 6]);
    expect(await byIndex('group_status', { group: 'even', status: 'new' })).toEqual([0, 2, 8, 10]);
    expect(await byIndex('tags_1', { tags: 'late' })).toEqual([5, 6]);
    expect(await duplicate({ n: 98, code: 'c4', name: 'other98' })).toBe('inserted');
    expect(await duplicate({ n: 97, code: 'c4x', name: 'other97' })).toBe(11000);
    expect(await byIndex('name_1', { name: 'Name4' })).toEqual([4]);
  });

  it('leaving a partial index’s filter takes the document out of it, and entering puts it back', async () => {
    await c().updateOne({ n: 7 }, { $unset: { group: '' } });
    expect(await byIndex('group_status', { group: 'odd', status: 'new' })).toEqual([1, 3, 9, 11]);
    await c().updateOne({ n: 7 }, { $set: { group: 'odd', note: 'back' } });
    expect(await byIndex('group_status', { group: 'odd', status: 'new' })).toEqual([1, 3, 7, 9, 11]);
  });
});

(onStandIn ? it : it.skip)(
  'with its write fix the stand-in compares no document with each listed id, reads index options per write, not per document, and rewrites only the index entries an update changes',
  () => {
    const probe = String.raw`
import json, sys
from bson import ObjectId
if sys.argv[1] == "fixed":
    exec(sys.argv[2])
import secantus.query as query
import secantus.storage as storage
counts = {"eq": 0, "options": 0, "claims": 0}
_eq = query._eq_numeric_aware
def counting_eq(*a, **k):
    counts["eq"] += 1
    return _eq(*a, **k)
query._eq_numeric_aware = counting_eq
_iter = storage.Storage._iter_indexes
def counting_iter(self, db, coll):
    counts["options"] += 1
    return _iter(self, db, coll)
storage.Storage._iter_indexes = counting_iter
_claim = storage.Storage._claim_unique_key
def counting_claim(self, *a, **k):
    counts["claims"] += 1
    return _claim(self, *a, **k)
storage.Storage._claim_unique_key = counting_claim
s = storage.Storage(":memory:")
s.create_index("probe", "d", "outboxId_1", {"outboxId": 1}, {"unique": True})
s.create_index("probe", "d", "status_1_at_1", {"status": 1, "at": 1})
docs = [{"_id": ObjectId(), "outboxId": ObjectId(), "status": "sending", "at": i} for i in range(200)]
s.insert("probe", "d", docs)
found = {}
def measure(label, run):
    counts["eq"] = counts["options"] = counts["claims"] = 0
    found[label] = {"answer": run(), **counts}
ids = [d["_id"] for d in docs]
measure("update", lambda: s.update_matching("probe", "d", {"_id": {"$in": ids}, "status": "sending"}, {"$set": {"status": "sent"}}, multi=True)["modified"])
measure("sent", lambda: len(list(s.find_matching("probe", "d", {"status": "sent"}))))
measure("insert", lambda: s.insert("probe", "d", [{"_id": ObjectId(), "outboxId": ObjectId(), "status": "new", "at": i} for i in range(200)])[0])
print(json.dumps(found))
`;
    const run = (mode: 'fixed' | 'plain') =>
      standInProbe<Record<string, { answer: number; eq: number; options: number; claims: number }>>(probe, [
        mode,
        SECANTUS_WRITE_FIX,
      ]);
    const fixed = run('fixed');
    const plain = run('plain');
    expect(fixed.update.answer).toBe(200);
    expect(plain.update.answer).toBe(200);
    expect([fixed.insert.answer, plain.insert.answer]).toEqual([200, 200]);
    expect([fixed.sent.answer, plain.sent.answer]).toEqual([200, 200]);
    // The update changed each document's status, not its unique outboxId: without the fix each gave its claim
    // on it back and took it again, with it none did.
    expect(plain.update.claims).toBe(200);
    expect(fixed.update.claims).toBe(0);
    // Without the fix each updated document was compared with the listed ids up to its own (about 40,000
    // comparisons for 200); with it, only with the plain 'sending' guard (twice each: found, then re-checked).
    expect(plain.update.eq).toBeGreaterThan(200 * 50);
    expect(fixed.update.eq).toBeLessThanOrEqual(2 * 200);
    expect(plain.update.options).toBeGreaterThan(200);
    expect(fixed.update.options).toBeLessThan(20);
    expect(plain.insert.options).toBeGreaterThan(200);
    expect(fixed.insert.options).toBeLessThan(20);
  },
);

(onStandIn ? it : it.skip)(
  'with its write fix the stand-in keeps the same retryable-write records, pruned oldest first, not read whole per write',
  () => {
    const probe = String.raw`
import json, sys
if sys.argv[1] == "fixed":
    exec(sys.argv[2])
import secantus.transactions as t
t._RETRYABLE_RECORD_MAX = 500
now = [1000.0]
reg = t.TransactionRegistry(time_func=lambda: now[0])
# The registry's own kind of record (a dict, or the fix's), counting the records read.
class Visits(type(reg._retryable)):
    seen = 0
    def items(self):
        for kv in super().items():
            Visits.seen += 1
            yield kv
reg._retryable = Visits(reg._retryable)
ok = {"ok": 1.0, "n": 1}
ident = lambda i: b"cmd%d" % i
for i in range(1500):
    now[0] += 0.001
    reg.record_retryable(b"s%d" % (i % 7), i, ident(i), dict(ok, n=i))
    reg.retryable_reply(b"s%d" % (i % 7), i, ident(i))
kept = len(reg._retryable)
oldest_kept = min(n for (_s, n) in reg._retryable)
replies = [reg.retryable_reply(b"s%d" % (i % 7), i, ident(i)) for i in (999, 1000, 1499)]
wrong_identity = reg.retryable_reply(b"s%d" % (1499 % 7), 1499, b"another")
# A write recorded again is the newest: it outlives the ones recorded before it.
now[0] += 1
reg.record_retryable(b"s%d" % (1000 % 7), 1000, ident(1000), dict(ok, n=-1))
for i in range(1500, 1999):
    reg.record_retryable(b"s%d" % (i % 7), i, ident(i), dict(ok, n=i))
again = reg.retryable_reply(b"s%d" % (1000 % 7), 1000, ident(1000))
after_cap = len(reg._retryable)
# Past their lifetime every record is dropped at the next lookup.
now[0] += t._RETRYABLE_RECORD_LIFETIME_SECONDS + 5
reg.retryable_reply(b"s0", 0, b"x")
print(json.dumps({
    "kept": kept, "oldestKept": oldest_kept, "replies": [r and r.get("n") for r in replies],
    "wrongIdentity": wrong_identity, "again": again and again.get("n"), "afterCap": after_cap,
    "afterLifetime": len(reg._retryable), "visits": Visits.seen,
}))
`;
    const run = (mode: 'fixed' | 'plain') =>
      standInProbe<{
        kept: number;
        oldestKept: number;
        replies: (number | null)[];
        wrongIdentity: unknown;
        again: number | null;
        afterCap: number;
        afterLifetime: number;
        visits: number;
      }>(probe, [mode, SECANTUS_WRITE_FIX]);
    const { visits: fixedVisits, ...same } = run('fixed');
    const { visits: plainVisits, ...plain } = run('plain');
    expect(same).toEqual(plain);
    expect(same).toEqual({
      kept: 500,
      oldestKept: 1000,
      replies: [null, 1000, 1499],
      wrongIdentity: null,
      again: -1,
      afterCap: 500,
      afterLifetime: 0,
    });
    // 3,000 prunes: the plain one read every record each time (about 500 each), the fixed one the oldest only.
    expect(plainVisits).toBeGreaterThan(3000 * 400);
    expect(fixedVisits).toBeLessThan(3000 * 3);
  },
);
