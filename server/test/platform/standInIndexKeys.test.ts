/**
 * The stand-in's index-key fix (platform/db/secantusIndexKeys.ts): a document's keys in the common case (no
 * collation, not sparse, ascending or descending fields, no array on the way) are worked out directly. In the
 * stand-in's own Python, against its own key generation: the same keys, in the same order, and the same multikey
 * answer, for generated documents (missing fields, nulls on the way, numbers of every kind, strings with NULs and
 * Chinese, dates, ids, subdocuments, arrays of values and of documents) under generated keys (one to three fields,
 * dotted paths, positional paths, directions of every type, hashed and geo keys, sparse, a collation). Every test of
 * the run goes through it too: the stand-in runs with it.
 */
import { SECANTUS_INDEX_KEY_FIX } from '../../src/platform/db/secantusIndexKeys';
import { onStandIn, PROBE_OUTCOME, standInProbe } from './standInProbe';

(onStandIn ? it : it.skip)(
  'works out the same index keys and multikey answers as the stand-in’s own key generation',
  () => {
    const probe = String.raw`
import datetime, json, random, sys
from bson import Binary, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp
exec(sys.argv[1])
rng = random.Random(30)
SCALARS = [
    None, True, False, 0, -1, 7, 2**40, Int64(5), -0.0, 1.5, float("nan"), float("inf"), Decimal128("2.50"),
    "", "a", "户号", "nul\0x", "Z" * 40, b"\x00\x01", Binary(b"b", 4), ObjectId(), MinKey(), MaxKey(),
    datetime.datetime(2026, 12, 6, 8, 30), Timestamp(5, 1), Regex("^a", "i"),
]
NAMES = ["a", "b", "c", "0"]
def value(depth):
    roll = rng.random()
    if depth < 3 and roll < 0.25:
        return {n: value(depth + 1) for n in rng.sample(NAMES, rng.randrange(0, 4))}
    if depth < 3 and roll < 0.35:
        return [value(depth + 1) for _ in range(rng.randrange(0, 4))]
    return rng.choice(SCALARS)
PATHS = ["a", "b", "c", "a.b", "a.b.c", "b.a", "c.0", "a.0.b", "0"]
DIRECTIONS = [1, -1] * 8 + [1.0, -1.0, Int64(1), True, 2, "hashed", "2dsphere", "text"]
collation = _storage_k._parse_index_collation({"locale": "zh", "strength": 2})
${PROBE_OUTCOME}
# The fix's own way out, counted: the cases it did not work out itself.
_stand_ins_own = _plain_key_variants
fell_back = [0]
def _plain_key_variants(*a, **k):
    fell_back[0] += 1
    return _stand_ins_own(*a, **k)
mismatches, checked = [], 0
for i in range(3000):
    doc = {n: value(0) for n in rng.sample(NAMES, rng.randrange(0, 5))}
    spec = {p: rng.choice(DIRECTIONS) for p in rng.sample(PATHS, rng.randrange(1, 4))}
    sparse = rng.random() < 0.15
    coll = collation if rng.random() < 0.1 else None
    mine = outcome(_index_key_variants_direct, doc, spec, sparse=sparse, collation=coll)
    plain = outcome(_stand_ins_own, doc, spec, sparse=sparse, collation=coll)
    if repr(mine) != repr(plain):
        mismatches.append(["keys", repr(doc), repr(spec), sparse, coll is not None])
    if repr(outcome(_doc_makes_multikey_direct, doc, spec)) != repr(outcome(_plain_makes_multikey, doc, spec)):
        mismatches.append(["multikey", repr(doc), repr(spec)])
    checked += 1
print(json.dumps({"checked": checked, "direct": checked - fell_back[0], "mismatches": mismatches[:5]}))
`;
    const r = standInProbe<{ checked: number; direct: number; mismatches: unknown[] }>(probe, [
      SECANTUS_INDEX_KEY_FIX,
    ]);
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBe(3000);
    // Many of the cases are the common one, which the fix works out itself.
    expect(r.direct).toBeGreaterThan(600);
    expect(r.direct).toBeLessThan(r.checked);
  },
);
