/**
 * A fix to the SecantusDB stand-in's query planner (0.7.0b3), applied as the stand-in starts (embeddedMongo.ts).
 *
 * The stand-in plans a filter through an index only when none of its top-level keys is an operator. A filter with
 * a top-level `$and` or `$or` reads the whole collection, even when one of its clauses is `_id`. Its own
 * findAndModify writes with exactly such a filter: the document found, re-asserted as `{_id, $and: [query]}` so a
 * concurrent writer cannot slip in. So every findOneAndUpdate the portal sends read every document of its
 * collection: 2 ms at 100 payments, 95 ms at 10,000, whatever index the query had. mongod plans both as an index
 * lookup.
 *
 * The fix plans such a filter the way the stand-in already plans a filter of several plain fields (one clause
 * that rides an index gives the candidates, and the caller's `matches()` pass applies the whole filter): its plain
 * fields and each member of its `$and` are conjuncts, and the first of them that rides an index gives a superset
 * of the matches. An `$or` whose every branch rides an index gives the union of the branches. Anything else (other
 * top-level operators, a branch no index serves) still reads the collection, as before.
 *
 * A field given a RegExp value (`/^CY-/`, or one in an `$in`) is never planned through an index: the stand-in's
 * index lookup takes a RegExp for equality with it and finds nothing, the second gap in server/test/README.md.
 * Such a field is left to the `matches()` pass, which applies a RegExp correctly, and the rest of the filter is
 * planned. (Before the fix, a `$and` around such a field hid the gap by reading the whole collection.)
 *
 * A partial index filtered by `{field: {$exists: true}}` (a user's `mergedInto`) is used, as mongod uses it, for a
 * query that names the field with a non-null equality, range or `$in`: such a query matches only documents that
 * have the field (mongod's `isSubsetOf` in `expression_algo.cpp`). The stand-in had no rule for `$exists` and read
 * the whole collection for them.
 *
 * It changes which documents are read, never which match: `server/test/platform/standInPlanner.test.ts` holds the
 * stand-in's answers with the fix against its answers from a collection scan, and shows the scan gone. The
 * production design does not lean on it (DESIGN.md: the stand-in's gaps never shape production code); it keeps the
 * stand-in's figures in the bench and the tests' run time from being the gap's.
 */
export const SECANTUS_PLANNER_FIX = String.raw`
import re as _re

import secantus.storage as _storage
from bson import Regex as _Regex

_plain = _storage.Storage._try_index_id_keys


def _has_regex(value):
    if isinstance(value, (_Regex, _re.Pattern)):
        return True
    if isinstance(value, dict):
        return any(_has_regex(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_regex(v) for v in value)
    return False


def _planned(self, db, coll, filter, *, collation=None):
    if isinstance(filter, dict):
        regexed = [k for k, v in filter.items() if not str(k).startswith("$") and _has_regex(v)]
        if regexed:
            rest = {k: v for k, v in filter.items() if k not in regexed}
            return _planned(self, db, coll, rest, collation=collation) if rest else None
    found = _plain(self, db, coll, filter, collation=collation)
    if found is not None or not isinstance(filter, dict) or not filter:
        return found
    operators = [k for k in filter if isinstance(k, str) and k.startswith("$")]
    if not operators or any(k not in ("$and", "$or") for k in operators):
        return found
    plain = {k: v for k, v in filter.items() if k not in ("$and", "$or")}
    conjuncts = ([plain] if plain else []) + (filter["$and"] if isinstance(filter.get("$and"), list) else [])
    for clause in conjuncts:
        if isinstance(clause, dict) and clause:
            found = _planned(self, db, coll, clause, collation=collation)
            if found is not None:
                return found
    branches = filter.get("$or")
    if isinstance(branches, list) and branches and all(isinstance(b, dict) and b for b in branches):
        union = []
        for branch in branches:
            ids = _planned(self, db, coll, branch, collation=collation)
            if ids is None:
                return None
            union.extend(ids)
        return list(dict.fromkeys(union))
    return None


_storage.Storage._try_index_id_keys = _planned

_plain_implies = _storage._clause_implies_bounds
_NAMES_THE_FIELD = ("$eq", "$gt", "$gte", "$lt", "$lte", "$in")


def _names_the_field(qval):
    # Only a document that has the field matches: a non-null equality, range or $in without null.
    if isinstance(qval, dict) and qval and all(str(k).startswith("$") for k in qval):
        for op, v in qval.items():
            if op == "$in" and isinstance(v, list) and v and all(x is not None for x in v):
                return True
            if op in _NAMES_THE_FIELD and op != "$in" and v is not None:
                return True
            if op == "$exists" and v:
                return True
        return False
    return qval is not None


def _implies_bounds(qval, pbound):
    if "$exists" not in pbound:
        return _plain_implies(qval, pbound)
    rest = {k: v for k, v in pbound.items() if k != "$exists"}
    return bool(pbound["$exists"]) and _names_the_field(qval) and (not rest or _plain_implies(qval, rest))


_storage._clause_implies_bounds = _implies_bounds
`;
