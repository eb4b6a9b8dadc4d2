/**
 * The stand-in's pipeline fix (platform/db/secantusPipeline.ts): its literal time-zone check walks plain documents
 * and lists itself, constant leaves are not folded, and a `$project`'s flags are compiled once. In the stand-in's own
 * Python, against its own functions (put back for the comparison): the same answers, errors and messages included,
 * for generated pipelines (every stage kind that holds expressions, `$facet` and `$lookup` nested), expressions
 * (date operators with good, bad and variable zones and formats, failing constant arithmetic, bound and unbound
 * variables, non-dict documents) and projections (flags of every type over generated documents, a plan reused
 * across documents, and the shapes that go the stand-in's own way). A `$unionWith` answers what its sub-pipeline
 * answers as an aggregate of its own, on any database, and on the stand-in its leading `$match` goes through an
 * index. Every test of the run goes through the fix too: the stand-in runs with it.
 */
import { MongoClient, type Db, type Document } from 'mongodb';
import { SECANTUS_PIPELINE_FIX } from '../../src/platform/db/secantusPipeline';
import { testDbName } from '../harness';
import { onStandIn, PROBE_OUTCOME, standInProbe, startScanLoggingStandIn } from './standInProbe';

type Result = {
  checked: Record<string, number>;
  handed: Record<string, number>;
  plans: number;
  mismatches: unknown[];
};

(onStandIn ? it : it.skip)(
  'answers every pipeline check and projection as the stand-in’s own functions do',
  () => {
    const probe = String.raw`
import datetime, json, random, sys
from bson import Decimal128, Int64, ObjectId, Regex
from bson.son import SON
import secantus.aggregate as A
import secantus.projection as P
def installed():
    return (A._literal_timezone_problem, A._fold_problem, P.apply_projection)
def install(fns):
    A._literal_timezone_problem, A._fold_problem, P.apply_projection = fns
plain = installed()
exec(sys.argv[1])
fixed = installed()
assert all(f is not p for f, p in zip(fixed, plain)), "the fix replaced nothing"
# The fix's ways out to the stand-in's own functions, counted.
handed = {"timezone": 0, "fold": 0, "projection": 0}
def counted(name, f):
    def call(*a, **k):
        handed[name] += 1
        return f(*a, **k)
    return call
_plain_timezone_problem = counted("timezone", plain[0])
_plain_fold_problem = counted("fold", plain[1])
_plain_apply_projection = counted("projection", plain[2])

rng = random.Random(31)
LEAVES = [
    0, 1, -1, 2.5, float("nan"), True, False, None, "", "a", "户号", "$a", "$a.b", "$$NOW", "$$x", "$$nosuch",
    "$$ROOT", "$$CURRENT.a", "$$CLUSTER_TIME", Int64(3), Decimal128("1.5"), ObjectId("5f1d7f3e9d1b2c3a4e5f6a7b"),
    datetime.datetime(2026, 12, 6, 8, 30), Regex("^a", "i"), b"\x00",
]
ZONES = ["Asia/Shanghai", "+08:00", "UTC", "Not/AZone", "+99:00", "$tz", "$$x", 5, None]
FORMATS = ["%Y-%m-%d", "%Q", "%H:%M", 3, "$f"]
def expr(depth=0):
    roll = rng.random()
    if depth >= 3 or roll < 0.3:
        return rng.choice(LEAVES)
    e = lambda: expr(depth + 1)
    zone = rng.choice(ZONES)
    shapes = [
        lambda: {"$add": [e(), e()]},
        lambda: {"$divide": [e(), rng.choice([0, 2, e()])]},
        lambda: {"$toInt": e()},
        lambda: {"$concat": [e(), e()]},
        lambda: {"$abs": e()},
        lambda: {"$literal": e()},
        lambda: {"$cond": [e(), e(), e()]},
        lambda: {"$let": {"vars": {"x": e()}, "in": e()}},
        lambda: {"$nosuch": e()},
        lambda: {"$hour": {"date": e(), "timezone": zone}},
        lambda: {"$year": rng.choice([e(), [e()], {"date": e(), "timezone": zone}])},
        lambda: {"$dateToString": {"date": e(), "format": rng.choice(FORMATS), "timezone": zone}},
        lambda: {"$dateFromString": {"dateString": e(), "format": rng.choice(FORMATS), "timezone": zone}},
        lambda: SON([("$hour", {"date": e(), "timezone": zone})]),
        lambda: SON([("a", e()), ("b", e())]),
        lambda: {"a": e(), "b": e()},
        lambda: [e(), e()],
        lambda: (e(), e()),
    ]
    return rng.choice(shapes)()
FIELDS = ["a", "b", "c", "a.b", "b.c", "_id"]
def stage(depth=0):
    roll = rng.randrange(12)
    fields = lambda: {f: expr() for f in rng.sample(FIELDS, rng.randrange(1, 4))}
    if roll == 0:
        return {"$project": {f: rng.choice([1, 0, True, False, Int64(1), 1.0, expr()]) for f in rng.sample(FIELDS, rng.randrange(1, 4))}}
    if roll == 1:
        return {"$addFields": fields()}
    if roll == 2:
        return {"$set": fields()}
    if roll == 3:
        return {"$match": rng.choice([{"a": {"$in": [1, 2, "x"]}}, {"$expr": expr()}, {"a": expr()}])}
    if roll == 4:
        return {"$group": {"_id": expr(), "n": rng.choice([{"$sum": expr()}, {"$first": expr()}, {"$count": {}}, expr()])}}
    if roll == 5 and depth < 2:
        return {"$facet": {"x": pipeline(depth + 1), "y": pipeline(depth + 1)}}
    if roll == 6 and depth < 2:
        return {"$lookup": {"from": "c", "let": {"v": expr()}, "pipeline": pipeline(depth + 1), "as": "o"}}
    if roll == 7:
        return {"$replaceRoot": {"newRoot": expr()}}
    if roll == 8:
        return {"$sort": {"a": 1, "_id": -1}}
    if roll == 9:
        return {"$redact": expr()}
    if roll == 10:
        return {"$bucket": {"groupBy": expr(), "boundaries": [0, 5], "default": "x"}}
    return {"$limit": rng.choice([5, expr()])}
def pipeline(depth=0):
    return [stage(depth) for _ in range(rng.randrange(1, 4))]
${PROBE_OUTCOME}
def compare(kind, call, *shown):
    install(plain)
    own = call()
    install(fixed)
    mine = call()
    checked[kind] += 1
    if own != mine:
        mismatches.append([kind, [repr(s) for s in shown], own, mine])
checked = {"pipeline": 0, "timezone": 0, "fold": 0, "projection": 0}
mismatches = []
BOUND = [frozenset(), frozenset({"x"}), frozenset({"x", "tz"})]
for i in range(1500):
    p, bound = pipeline(), rng.choice(BOUND)
    fold_vars = rng.choice([None, {"x": "s"}, {"x": 0}])
    compare("pipeline", lambda: outcome(A.expression_problem_in_pipeline, p, bound, fold_vars), p, bound, fold_vars)
    e = expr()
    compare("timezone", lambda: outcome(A._literal_timezone_problem, e), e)
    compare("fold", lambda: outcome(A._fold_problem, e, bound, fold_vars), e, bound, fold_vars)

def value(depth=0):
    roll = rng.random()
    if depth < 3 and roll < 0.3:
        return {n: value(depth + 1) for n in rng.sample(["a", "b", "c"], rng.randrange(0, 4))}
    if depth < 3 and roll < 0.45:
        return [value(depth + 1) for _ in range(rng.randrange(0, 3))]
    return rng.choice(LEAVES)
FLAGS = [1] * 12 + [0, 0, True, False, 2, -1, Int64(1), 1.0, 0.0]
def projection():
    roll = rng.random()
    spec = {f: rng.choice(FLAGS) for f in rng.sample(FIELDS + ["a.c", "c.a.b"], rng.randrange(1, 5))}
    if roll < 0.1:
        spec[rng.choice(FIELDS)] = rng.choice(["$a", {"$slice": 1}, {"$elemMatch": {"b": 1}}, expr()])
    elif roll < 0.15:
        spec = rng.choice([{}, {"a.$": 1}, {"a": {"$meta": "textScore"}}])
    return spec
for i in range(300):
    spec = projection()
    for j in range(6):
        doc = {"_id": rng.choice([1, "k", ObjectId("5f1d7f3e9d1b2c3a4e5f6a7b")])}
        doc.update({n: value() for n in rng.sample(["a", "b", "c"], rng.randrange(0, 4))})
        compare("projection", lambda: outcome(P.apply_projection, dict(doc), spec), doc, spec)
install(fixed)
print(json.dumps({"checked": checked, "handed": handed, "plans": len(_plans_p), "mismatches": mismatches[:5]}))
`;
    const r = standInProbe<Result>(probe, [SECANTUS_PIPELINE_FIX]);
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toEqual({ pipeline: 1500, timezone: 1500, fold: 1500, projection: 1800 });
    // Each shortcut is taken for many cases and each way out to the stand-in's own function for some.
    for (const [kind, handed] of Object.entries(r.handed)) {
      expect([kind, handed]).toEqual([kind, expect.any(Number)]);
      expect(handed).toBeGreaterThan(0);
    }
    expect(r.handed.projection).toBeLessThan(r.checked.projection / 2);
    expect(r.plans).toBeGreaterThan(50);
  },
);

/** Houses: district × community × building, with an index on the first two, and some without a code. */
async function seedHouses(db: Db): Promise<void> {
  const houses = db.collection('houses');
  await houses.createIndex({ district: 1, community: 1, building: 1 });
  await houses.insertMany(
    Array.from({ length: 600 }, (_, i) => ({
      _id: `h${String(i).padStart(4, '0')}` as never,
      district: ['东城', '西城', '海淀'][i % 3],
      community: `小区${(i >> 4) % 8}`,
      building: String((i % 12) + 1),
      ...(i % 7 ? { areaCode: `A${i % 5}` } : {}),
    })),
  );
}

/** Sub-pipelines of every kind a $unionWith is given: leading $match or not, refused ones too. */
const SUB_PIPELINES: Document[][] = [
  [{ $match: { district: '海淀', community: '小区3' } }, { $sort: { _id: 1 } }, { $limit: 1 }],
  [
    { $match: { district: '东城', community: { $in: ['小区1', '小区2'] } } },
    { $sort: { building: -1, _id: 1 } },
  ],
  [
    { $match: { district: { $gte: '西' }, building: '3' } },
    { $project: { _id: 1, areaCode: 1 } },
    { $sort: { _id: -1 } },
  ],
  [{ $match: { areaCode: { $exists: false } } }, { $sort: { _id: 1 } }, { $skip: 3 }, { $limit: 5 }],
  [{ $match: { $expr: { $eq: ['$building', '7'] } } }, { $sort: { _id: 1 } }],
  [
    { $match: { district: '西城' } },
    { $group: { _id: '$community', n: { $sum: 1 } } },
    { $sort: { _id: 1 } },
  ],
  [{ $match: { community: '小区9' } }],
  [{ $match: {} }, { $sort: { _id: -1 } }, { $limit: 2 }],
  [{ $sort: { _id: 1 } }, { $match: { district: '海淀' } }, { $limit: 3 }],
  [{ $match: { district: { $nosuch: 1 } } }],
  [{ $match: { building: { $in: 5 } } }],
];

type Answer = { docs: Document[] } | { error: number | undefined };
const answer = async (run: () => Promise<Document[]>): Promise<Answer> => {
  try {
    return { docs: await run() };
  } catch (e) {
    return { error: (e as { code?: number }).code };
  }
};

it('a $unionWith answers what its sub-pipeline answers as an aggregate of its own, refusals included', async () => {
  const client = await MongoClient.connect(process.env.TEST_MONGODB_URI!);
  const db = client.db(testDbName());
  try {
    await seedHouses(db);
    await db.collection('outer').insertOne({ _id: 'outer' as never });
    for (const pipeline of SUB_PIPELINES) {
      const own = await answer(() => db.collection('houses').aggregate(pipeline).toArray());
      const union = await answer(() =>
        db
          .collection('outer')
          .aggregate([{ $unionWith: { coll: 'houses', pipeline } }])
          .toArray(),
      );
      expect([pipeline, union]).toEqual([
        pipeline,
        'docs' in own ? { docs: [{ _id: 'outer' }, ...own.docs] } : { error: own.error },
      ]);
    }
    // The sub-pipelines found something and refused something.
    const kinds = await Promise.all(
      SUB_PIPELINES.map(async (p) => {
        const a = await answer(() => db.collection('houses').aggregate(p).toArray());
        return 'docs' in a ? (a.docs.length ? 'found' : 'empty') : 'refused';
      }),
    );
    expect(new Set(kinds)).toEqual(new Set(['found', 'empty', 'refused']));
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});

(onStandIn ? it : it.skip)(
  'on the stand-in, a $unionWith’s leading $match goes through its collection’s index, as an aggregate’s does',
  async () => {
    const standIn = await startScanLoggingStandIn();
    const client = await MongoClient.connect(standIn.uri);
    try {
      const db = client.db('unionWith');
      await seedHouses(db);
      const lookups = ['小区1', '小区2', '小区3'].map((community) => ({
        $unionWith: {
          coll: 'houses',
          pipeline: [
            { $match: { district: '海淀', community } },
            { $limit: 1 },
            { $project: { areaCode: 1 } },
          ],
        },
      }));
      standIn.forget();
      const found = await db
        .collection('houses')
        .aggregate([{ $match: { district: '海淀', community: '小区0' } }, { $limit: 1 }, ...lookups])
        .toArray();
      expect(found).toHaveLength(4);
      expect(standIn.scans()).toEqual([]);
      // A sub-pipeline that does not start with a $match reads its collection whole, as before: the log sees it.
      standIn.forget();
      await db
        .collection('houses')
        .aggregate([
          { $match: { district: '海淀', community: '小区0' } },
          { $limit: 1 },
          { $unionWith: 'houses' },
        ])
        .toArray();
      expect(standIn.scans()).toContain('houses');
    } finally {
      await client.close();
      await standIn.stop();
    }
  },
);
