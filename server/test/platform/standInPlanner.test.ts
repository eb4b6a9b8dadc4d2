/**
 * Filters the stand-in used to plan wrong, and its planner fix for them (platform/db/secantusPlanner.ts): a
 * top-level `$and` or `$or` (it read the whole collection), a RegExp on a field that leads an index (it
 * found nothing), and an equality on a field whose index is partial by `$exists` (it read the whole collection).
 *
 * On any database: what such a filter finds, counts, updates and deletes is what a collection scan (`$natural`
 * hint) finds. On the stand-in this holds the fix to its one promise, that it changes which documents are read,
 * never which match. The shapes are the portal's (a guard re-asserted beside `_id`, as findAndModify writes;
 * access scopes in `$and`; `$or` over indexed and unindexed fields; prefix RegExps) on fields of every kind of
 * index: single, compound, partial, sparse, multikey, and missing or null values.
 *
 * On the stand-in only: the stand-in's own storage, run in its Python, reads no collection for the first with
 * the fix and did without it, and finds the second's documents with the fix and did not without it.
 */
import mongoose, { Types } from 'mongoose';
import { SECANTUS_PLANNER_FIX } from '../../src/platform/db/secantusPlanner';
import { connectTestDb } from '../harness';
import { COUNT_SCANS, onStandIn, standInProbe } from './standInProbe';

let db: Awaited<ReturnType<typeof connectTestDb>>;
const ids = Array.from({ length: 240 }, () => new Types.ObjectId());
const coll = () => mongoose.connection.collection('planner_probe');

beforeAll(async () => {
  db = await connectTestDb();
  const c = coll();
  await c.createIndex({ k: 1 });
  await c.createIndex({ area: 1, status: 1 });
  await c.createIndex({ tags: 1 });
  await c.createIndex({ phone: 1 }, { sparse: true });
  await c.createIndex({ paidAt: 1 }, { partialFilterExpression: { paidAt: { $type: 'date' } } });
  await c.createIndex({ ref: 1 }, { partialFilterExpression: { ref: { $exists: true } } });
  await c.insertMany(
    ids.map((_id, i) => ({
      _id,
      k: i % 12,
      area: ['A', 'B', 'C'][i % 3],
      status: i % 5 === 0 ? 'closed' : 'open',
      ...(i % 4 ? { tags: [`t${i % 7}`, `t${i % 3}`] } : {}),
      ...(i % 6 === 0 ? { phone: null } : i % 6 === 1 ? {} : { phone: `138${i % 9}` }),
      ...(i % 2 ? { paidAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))) } : {}),
      ...(i % 4 === 0 ? { ref: `r${i % 5}` } : i % 4 === 1 ? { ref: null } : {}),
      n: i,
    })),
  );
});
afterAll(() => db.drop());

const FILTERS: Record<string, Record<string, unknown>> = {
  'a guard beside _id (findAndModify’s write)': { _id: ids[17], $and: [{ status: 'open' }] },
  'a guard beside _id that fails': { _id: ids[20], $and: [{ status: 'open' }] },
  'an indexed field and an access scope': { k: 3, $and: [{ area: { $in: ['A', 'B'] } }] },
  'only $and, its first member unindexed': { $and: [{ n: { $gte: 30 } }, { k: 5 }] },
  'nested $and': { $and: [{ $and: [{ area: 'C' }, { status: 'open' }] }, { n: { $lt: 200 } }] },
  '$or over indexed fields': { $or: [{ k: 1 }, { area: 'B', status: 'closed' }, { _id: ids[4] }] },
  '$or with an unindexed branch': { $or: [{ k: 2 }, { n: 77 }] },
  '$or beside a plain field': { status: 'open', $or: [{ k: 4 }, { tags: 't6' }] },
  '$or and $and together': { $or: [{ k: 7 }, { k: 8 }], $and: [{ area: { $ne: 'A' } }] },
  'multikey membership in $or': { $or: [{ tags: 't1' }, { tags: { $in: ['t5'] } }] },
  'sparse field null or missing': { $or: [{ phone: null }, { k: 0 }] },
  'sparse field present': { $and: [{ phone: { $exists: true } }, { k: { $gt: 9 } }] },
  'partial index range': {
    $and: [{ paidAt: { $gte: new Date(Date.UTC(2026, 0, 20)) } }, { status: 'open' }],
  },
  '$or branches overlapping': { $or: [{ k: 3 }, { area: 'A' }, { k: 3, status: 'open' }] },
  'nothing matches': { $and: [{ k: 3 }, { k: 4 }] },
  'a RegExp on a field that leads an index': { area: /^[AB]$/ },
  'a RegExp beside an indexed field': { area: /^C/, k: { $in: [1, 2, 5] } },
  'RegExps in an $in, inside $and': { $and: [{ area: { $in: [/^A/, 'C'] } }, { status: 'open' }] },
  'a RegExp in an $or branch': { $or: [{ area: /^A/ }, { k: 3 }] },
  'a $regex string on a field that leads an index': { area: { $regex: '^B' }, status: 'closed' },
  'an $exists partial index, by equality': { ref: 'r2' },
  'an $exists partial index, $in beside another field': { ref: { $in: ['r1', 'r3'] }, status: 'open' },
  'an $exists partial index, null': { ref: null },
  'an $exists partial index, $in with null': { ref: { $in: ['r4', null] } },
  'an $exists partial index, $ne': { ref: { $ne: 'r0' }, k: { $lt: 6 } },
  'an $exists partial index, $exists': { ref: { $exists: true }, status: 'closed' },
};

const sortedIds = (docs: { _id: unknown }[]) => docs.map((d) => String(d._id)).sort();

describe('a filter with a top-level $and or $or, or a RegExp, answers as a collection scan does', () => {
  it.each(Object.entries(FILTERS))('find and count: %s', async (_name, filter) => {
    const scanned = await coll().find(filter).hint({ $natural: 1 }).toArray();
    expect(sortedIds(await coll().find(filter).toArray())).toEqual(sortedIds(scanned));
    expect(await coll().countDocuments(filter)).toBe(scanned.length);
  });

  it('updateMany and deleteMany change exactly what a scan finds', async () => {
    for (const [i, filter] of Object.values(FILTERS).entries()) {
      const expected = sortedIds(await coll().find(filter).hint({ $natural: 1 }).toArray());
      const r = await coll().updateMany(filter, { $addToSet: { marks: i } });
      expect(r.matchedCount).toBe(expected.length);
      expect(sortedIds(await coll().find({ marks: i }).hint({ $natural: 1 }).toArray())).toEqual(expected);
    }
    const gone = sortedIds(await coll().find(FILTERS['$or over indexed fields']).toArray());
    const r = await coll().deleteMany(FILTERS['$or over indexed fields']);
    expect(r.deletedCount).toBe(gone.length);
    expect(await coll().countDocuments({ _id: { $in: gone.map((id) => new Types.ObjectId(id)) } })).toBe(0);
  });

  it('findOneAndUpdate with a guard takes the document once, and not when the guard fails', async () => {
    const take = () =>
      coll().findOneAndUpdate(
        { _id: ids[31], status: 'open' },
        { $set: { status: 'taken' } },
        { returnDocument: 'after' },
      );
    expect(await take()).toMatchObject({ _id: ids[31], status: 'taken' });
    expect(await take()).toBeNull();
    expect(
      await coll().findOneAndUpdate({ k: 7, status: 'open', $or: [{ area: 'B' }, { area: 'C' }] }, [
        { $set: { status: 'taken' } },
      ]),
    ).toMatchObject({ k: 7, status: 'open' });
  });
});

(onStandIn ? it : it.skip)(
  'with its planner fix the stand-in reads no collection for a top-level $and or $or or an $exists partial index, and finds a RegExp’s matches',
  () => {
    // The stand-in's storage in its own Python, in memory: every collection scan counted.
    const probe = String.raw`
import json, sys
from bson import ObjectId, Regex
import secantus.storage as storage
if sys.argv[1] == "fixed":
    exec(sys.argv[2])
${COUNT_SCANS}
s = storage.Storage(":memory:")
docs = [{"_id": ObjectId(), "k": i % 50, "status": "open"} for i in range(2000)]
s.insert("probe", "c", docs)
s.create_index("probe", "c", "k_1", {"k": 1})
s.create_index("probe", "c", "status_1", {"status": 1})
found = {}
def scansOf(label, run):
    del scans[:]
    found[label] = {"answer": run(), "scans": len(scans)}
scansOf("write", lambda: s.update_matching("probe", "c", {"_id": docs[7]["_id"], "$and": [{"status": "open"}]}, {"$set": {"status": "done"}})["matched"])
scansOf("or", lambda: len(s.find_matching("probe", "c", {"$or": [{"k": 3}, {"_id": docs[1]["_id"]}]})))
scansOf("and", lambda: len(s.find_matching("probe", "c", {"$and": [{"status": "done"}, {"k": 7}]})))
scansOf("regex", lambda: len(s.find_matching("probe", "c", {"status": Regex("^do")})))
for i, d in enumerate(docs[:300]):
    d["ref"] = "r%d" % (i % 3) if i % 2 else None
s.insert("probe", "refs", docs[:300])
s.create_index("probe", "refs", "ref_1", {"ref": 1}, {"partialFilterExpression": {"ref": {"$exists": True}}})
scansOf("exists", lambda: len(s.find_matching("probe", "refs", {"ref": "r1"})))
scansOf("existsNull", lambda: len(s.find_matching("probe", "refs", {"ref": None})))
print(json.dumps(found))
`;
    const run = (mode: 'fixed' | 'plain') =>
      standInProbe<Record<string, { answer: number; scans: number }>>(probe, [mode, SECANTUS_PLANNER_FIX]);
    const fixed = run('fixed');
    const plain = run('plain');
    // The same answers, without reading the collection.
    for (const [label, answer] of Object.entries({ write: 1, or: 41, and: 1, exists: 50 })) {
      expect({ label, ...fixed[label] }).toEqual({ label, answer, scans: 0 });
      expect(plain[label].answer).toBe(answer);
      expect(plain[label].scans).toBeGreaterThan(0);
    }
    // The one 'done' document, found by reading the collection; without the fix the index lookup found none.
    expect(fixed.regex.answer).toBe(1);
    expect(fixed.regex.scans).toBeGreaterThan(0);
    expect(plain.regex).toEqual({ answer: 0, scans: 0 });
    // A null is not in an index filtered by $exists: the 150 nulls are found by reading the collection.
    expect(fixed.existsNull).toEqual(plain.existsNull);
    expect(fixed.existsNull.answer).toBe(150);
    expect(fixed.existsNull.scans).toBeGreaterThan(0);
  },
);
