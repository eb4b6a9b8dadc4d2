/**
 * A fix to what the SecantusDB stand-in (0.7.0b3) spends on an aggregate's own shape, applied as it starts
 * (embeddedMongo.ts) beside its other fixes. A py-spy profile of the two aggregates behind a resident's bill list
 * (the thirty-first session's note) put more than a third of the stand-in's time in an aggregate in three places
 * that depend on the pipeline alone, not on the documents:
 *
 * - **The check for a literal time zone** walked every stage's whole specification, a `$match`'s lists and a
 *   `$project`'s fields included, and ran two `import` statements and a slow `isinstance(…, Mapping)` at every value
 *   of it, to find a date operator with a `timezone` (or a `$dateFromString` with a `format`) that mongod would
 *   refuse before reading a document. It now walks plain documents and lists itself, passes over numbers, strings,
 *   booleans and nulls, and hands a document naming one of those operators, or a value of any other kind, to the
 *   stand-in's own check, which answers as before.
 * - **The constant folding** evaluated every constant expression to find one that fails, as mongod's optimiser
 *   does, each with a fresh context and the time read again: a `$project`'s fifteen `1`s were fifteen evaluations.
 *   A number, a boolean, a null or a string that names no field or variable (no leading `$`) evaluates to itself and
 *   cannot fail, so it is not evaluated.
 * - **A `$project` stage compiled its inclusion list again for every document** (the stand-in delegates its
 *   inclusions to `find`'s projection, compiling it per document). A projection of flags alone (`{field: 1, …}`, the
 *   shape that stage builds) is compiled once and its plan reused; the plan is only read when applied.
 *
 * And one the import found (importAccounts.ts reads a community's stored area code with one `$unionWith` of indexed
 * reads): **a `$unionWith` read its whole collection, then ran its sub-pipeline over it**, so each sub-pipeline's
 * leading `$match` read every document (270 ms at 20,000 accounts, where the same `$match` as an aggregate of its
 * own took 5). A sub-pipeline that starts with a `$match` now has that filter fetched through the stand-in's
 * planner and its other stages run over what it returns, as the stand-in runs an aggregate's leading `$match`; a
 * filter the planner refuses goes the stand-in's own way, which answers its error as before.
 *
 * Like the other fixes it changes how much work the stand-in does, not what it answers, but for one thing mongod
 * leaves open too: a `$unionWith` whose sub-pipeline fixes no order gives its documents in the order the planner
 * reads them, as the same sub-pipeline run as an aggregate of its own does, not in the collection's natural order.
 * `server/test/platform/standInPipeline.test.ts` holds the three checks against the stand-in's own functions for
 * generated pipelines, expressions and projections (errors included), and a `$unionWith` against the same
 * sub-pipeline run as an aggregate of its own on any database (refusals included); on the stand-in it counts the
 * whole-collection reads a `$unionWith` makes. The tests of the whole run go through it too. The production design
 * does not lean on it (DESIGN.md).
 */
export const SECANTUS_PIPELINE_FIX = String.raw`
import secantus.aggregate as _aggregate_p
import secantus.projection as _projection_p

_plain_timezone_problem = _aggregate_p._literal_timezone_problem
_plain_fold_problem = _aggregate_p._fold_problem
_plain_apply_projection = _projection_p.apply_projection
_TIMEZONE_KEYS_P = frozenset(_aggregate_p._TIMEZONE_OPERATORS) | {"$dateFromString"}
_LEAVES_P = frozenset({int, float, bool, str, type(None)})
_CONSTANTS_P = frozenset({int, float, bool, type(None)})
_FLAGS_P = frozenset({int, bool})
_plans_p = {}


def _timezone_problem_walk(spec):
    # The stand-in's own check for a document that names a date operator (it walks the document in order, as
    # before), or for a value that is neither a plain document, a list nor a leaf; a leaf has no operator in it.
    kind = type(spec)
    if kind is dict:
        if not _TIMEZONE_KEYS_P.isdisjoint(spec):
            return _plain_timezone_problem(spec)
        children = spec.values()
    elif kind is list:
        children = spec
    elif kind in _LEAVES_P:
        return None
    else:
        return _plain_timezone_problem(spec)
    for child in children:
        if type(child) not in _LEAVES_P:
            found = _timezone_problem_walk(child)
            if found:
                return found
    return None


def _fold_problem_direct(expr, bound, fold_vars=None):
    kind = type(expr)
    if kind in _CONSTANTS_P or (kind is str and not expr.startswith("$")):
        return None
    return _plain_fold_problem(expr, bound, fold_vars)


def _apply_projection_planned(doc, spec, query=None):
    if query is not None or type(spec) is not dict or not spec:
        return _plain_apply_projection(doc, spec, query)
    key = []
    for field, flag in spec.items():
        kind = type(flag)
        if kind not in _FLAGS_P or type(field) is not str:
            return _plain_apply_projection(doc, spec, query)
        key.append((field, kind, flag))
    key = tuple(key)
    plan = _plans_p.get(key)
    if plan is None:
        plan = _projection_p.compile_projection(spec)
        if len(_plans_p) >= 256:
            _plans_p.clear()
        _plans_p[key] = plan
    return _projection_p.apply_projection_plan(doc, plan)


_plain_union_with = _aggregate_p._STAGES["$unionWith"]


def _union_with_planned(spec, docs, ctx):
    sub = spec.get("pipeline") if type(spec) is dict else None
    first = sub[0] if type(sub) is list and sub else None
    coll = spec.get("coll") if type(spec) is dict else None
    if (
        type(first) is not dict
        or len(first) != 1
        or type(first.get("$match")) is not dict
        or type(coll) is not str
        or not coll
        or ctx.storage is None
        or not set(spec) <= {"coll", "pipeline"}
    ):
        return _plain_union_with(spec, docs, ctx)
    try:
        matched = ctx.storage.find_matching(ctx.db_name, coll, dict(first["$match"]), collation=ctx.collation)
    except Exception:
        return _plain_union_with(spec, docs, ctx)
    sub_ctx = _aggregate_p.PipelineContext(
        storage=ctx.storage, db_name=ctx.db_name, coll_name=coll, collation=ctx.collation
    )
    return list(docs) + list(_aggregate_p.apply_pipeline(matched, sub[1:], sub_ctx))


_aggregate_p._STAGES["$unionWith"] = _union_with_planned
_aggregate_p._literal_timezone_problem = _timezone_problem_walk
_aggregate_p._fold_problem = _fold_problem_direct
_projection_p.apply_projection = _apply_projection_planned
`;
