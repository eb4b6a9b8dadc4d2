/**
 * A fix to the SecantusDB stand-in's (0.7.0b3) database-wide change streams, applied as it starts
 * (embeddedMongo.ts) beside its planner and write fixes.
 *
 * The chat bus watches the database for inserts into its two collections (`{$match: {'ns.coll': {$in: [...]}}}`,
 * chat.bus.ts). mongod reads that namespace condition into its oplog scan. The stand-in made a whole change event
 * of every write to every collection of the database, its document looked up and copied, before the `$match`
 * dropped it: while a notice went out, the chat bus's stream took about an eighth of the stand-in's time with
 * the deliveries and grants it would never pass on (a py-spy profile, the twenty-ninth session's note).
 *
 * A database-wide stream whose first stage after `$changeStream` is a `$match` naming the collection (`ns.coll`
 * as a string, or `$in` a list of strings) now reads only that collection's oplog entries, and the database's
 * commands (`<db>.$cmd`: drops, renames, a dropped database's invalidation), exactly as a stream on one
 * collection reads its own. Every event so skipped had no `ns.coll` that `$match` takes, so the stream answers
 * the same events, in the same order, and its resume tokens move past the skipped entries as before. Any other
 * stream goes the stand-in's own way.
 *
 * `server/test/platform/standInChangeStreams.test.ts` holds the answers against the same stream's on any database,
 * and on the stand-in counts the events it makes. The production design does not lean on it (DESIGN.md).
 */
export const SECANTUS_CHANGE_STREAM_FIX = String.raw`
import threading as _threading_cs

import secantus.commands as _commands_cs
import secantus.cursors as _cursors_cs

_cs_wanted = _threading_cs.local()
_plain_aggregate_cs = _commands_cs._aggregate_change_stream
_plain_register_tailable = _cursors_cs.CursorRegistry.register_tailable


def _collections_matched(pipeline):
    if len(pipeline) < 2 or not isinstance(pipeline[1], dict) or list(pipeline[1]) != ["$match"]:
        return None
    match = pipeline[1]["$match"]
    wanted = match.get("ns.coll") if isinstance(match, dict) else None
    if isinstance(wanted, str):
        return {wanted}
    if isinstance(wanted, dict) and list(wanted) == ["$in"] and isinstance(wanted["$in"], list):
        if all(isinstance(w, str) for w in wanted["$in"]):
            return set(wanted["$in"])
    return None


def _aggregate_change_stream_pushed(doc, ctx, coll, pipeline, batch_size):
    spec = pipeline[0].get("$changeStream") if pipeline and isinstance(pipeline[0], dict) else None
    wanted = None
    if not isinstance(coll, str) and isinstance(spec, dict) and not spec.get("allChangesForCluster"):
        wanted = _collections_matched(pipeline)
    _cs_wanted.namespaces = (
        None if wanted is None else {f"{ctx.db_name}.{c}" for c in wanted} | {f"{ctx.db_name}.$cmd"}
    )
    try:
        return _plain_aggregate_cs(doc, ctx, coll, pipeline, batch_size)
    finally:
        _cs_wanted.namespaces = None


def _register_tailable_pushed(self, namespace, producer, *args, **kwargs):
    namespaces = getattr(_cs_wanted, "namespaces", None)
    if namespaces is not None:
        for cell in producer.__closure__ or ():
            try:
                plain = cell.cell_contents
            except ValueError:
                continue
            if callable(plain) and getattr(plain, "__name__", "") == "_ns_filter":
                cell.cell_contents = lambda ns, _plain=plain: ns in namespaces and _plain(ns)
    return _plain_register_tailable(self, namespace, producer, *args, **kwargs)


_commands_cs._aggregate_change_stream = _aggregate_change_stream_pushed
_cursors_cs.CursorRegistry.register_tailable = _register_tailable_pushed
`;
