/**
 * Four fixes to what the SecantusDB stand-in (0.7.0b3) costs per document, applied as it starts (embeddedMongo.ts),
 * after its planner fix (secantusPlanner.ts). A py-spy profile of its updates (the twenty-seventh session's note)
 * put half their time in the first two:
 *
 * - **`$in` compared every document with every listed value.** A batch's `{_id: {$in: [200 ids]}}` made 200
 *   comparisons per document it matched, each through the stand-in's numeric- and collation-aware equality. A list
 *   of more than eight ObjectIds, or of more than eight strings under no collation, is now a set: under that
 *   equality an ObjectId or a string equals only an ObjectId or a string that is the same value, and a field's
 *   array matches when one of its elements does, exactly as before. Any other list (numbers, dates, null, RegExps,
 *   documents, mixed kinds, a collation) still goes the stand-in's own way.
 * - **Every document written re-read its collection's index options** from the catalog (to learn each index's
 *   collation, `prepareUnique` and geo settings), three or four times. An insert, update or delete chunk, one
 *   WiredTiger transaction that already reads its index list once, now reads the options once too. A document
 *   that makes an index multikey rewrites that index's options, so the chunk reads them again after it.
 * - **An update rewrote every index entry of the document** (the twenty-ninth session's profile: a fifth of a
 *   notice's database time): each index's entries removed and written again, and each unique key given back and
 *   taken again, though most updates change one or two fields. Only the indexes whose keys the update changes
 *   are rewritten now (see below).
 * - **Every retryable write read the whole record of retryable writes**, twice (its lookup and its record), and
 *   once the record passed its cap of 10,000 in half an hour, sorted it whole: a write cost 0.6 ms of the stand-in's
 *   CPU on a fresh server, 1.3 ms after 10,000 writes, and 14–16 ms after 12,000. A long bench, the demo in use or
 *   a browser test's stand-in slowed down without end. The records are kept oldest first and pruned from the front:
 *   0.5–0.7 ms a write at any count.
 *
 * On a bare stand-in, 200 documents with the deliveries' indexes: an `updateMany` by their ids took 188 ms of its
 * CPU, now 77; an `insertMany` 57, now 33; a `find` by the ids 43, now 8. Like the planner fix it changes how much
 * work the stand-in does, never what it answers: `server/test/platform/standInWrites.test.ts` holds each `$in`
 * against the same values written as an `$or` of equalities, the index options against their duplicate-key
 * refusals, each index against what an update changed, on any database, and the retryable-write records kept
 * against the plain code's. The production design does not lean on it (DESIGN.md).
 */
export const SECANTUS_WRITE_FIX = String.raw`
import threading as _threading

import secantus.query as _query
import secantus.storage as _storage_w
from bson import ObjectId as _ObjectId

_SET_FROM = 8
_generic_op_matches = _query._op_matches
_in_sets = {}


def _in_set(arg):
    # The list's set, made once per list (one query's filter is the same list object for every document).
    hit = _in_sets.get(id(arg))
    if hit is not None and hit[0] is arg:
        return hit[1]
    kinds = {type(c) for c in arg}
    found = frozenset(arg) if len(arg) > _SET_FROM and (kinds == {_ObjectId} or kinds == {str}) else None
    if len(_in_sets) > 256:
        _in_sets.clear()
    _in_sets[id(arg)] = (arg, found)
    return found


def _op_matches_in_set(values, op, arg, collation=None, *, field="", descend=True):
    if op == "$in" and collation is None and type(arg) is list:
        wanted = _in_set(arg)
        if wanted is not None:
            for v in values:
                t = type(v)
                if t is _ObjectId or t is str:
                    if v in wanted:
                        return True
                elif t is list and descend:
                    for e in v:
                        te = type(e)
                        if (te is _ObjectId or te is str) and e in wanted:
                            return True
            return False
    return _generic_op_matches(values, op, arg, collation, field=field, descend=descend)


_query._op_matches = _op_matches_in_set

_chunk = _threading.local()
_read_index_options = _storage_w.Storage._index_options_map


def _index_options_once(self, db, coll):
    read = getattr(_chunk, "options", None)
    if read is None:
        return _read_index_options(self, db, coll)
    if (db, coll) not in read:
        read[(db, coll)] = _read_index_options(self, db, coll)
    return read[(db, coll)]


def _in_one_read(method):
    def run(self, *args, **kwargs):
        outermost = getattr(_chunk, "options", None) is None
        if outermost:
            _chunk.options = {}
        try:
            return method(self, *args, **kwargs)
        finally:
            if outermost:
                _chunk.options = None

    return run


_mark_multikey = _storage_w.Storage._maybe_mark_multikey


def _mark_multikey_and_reread(self, db, coll, doc, indexes, already_multikey):
    before = len(already_multikey)
    marked = _mark_multikey(self, db, coll, doc, indexes, already_multikey)
    read = getattr(_chunk, "options", None)
    if read is not None and len(marked) != before:
        read.pop((db, coll), None)
    return marked


_storage_w.Storage._index_options_map = _index_options_once
_storage_w.Storage._maybe_mark_multikey = _mark_multikey_and_reread
for _name in ("_insert_chunk", "_update_chunk", "_delete_chunk"):
    setattr(_storage_w.Storage, _name, _in_one_read(getattr(_storage_w.Storage, _name)))

# An updated document's index entries: only those of the indexes whose keys it changed are rewritten. Both update
# paths check the new document's unique keys (_unique_conflict, with the row's own RecordId excluded), then delete
# the old document's entries and write the new one's, in that order, in one transaction. The check names the new
# document, so the delete that follows for the same row leaves, and the write for that same new document skips,
# every index to which the two documents give the same keys and the same partial-filter answer (geo indexes are
# always rewritten). What is skipped was a removal and a re-insertion of the same entry, and of the same unique
# claim. An update statement clears what it noted, so nothing noted outlives it.
_upd = _threading.local()
_plain_unique_conflict = _storage_w.Storage._unique_conflict
_plain_delete_entries = _storage_w.Storage._delete_index_entries
_plain_write_entries = _storage_w.Storage._write_index_entries
_plain_update_matching = _storage_w.Storage.update_matching


def _kept_indexes(self, db, coll, old, new, indexes, partials):
    if partials is None:
        partials = self._partial_filters(db, coll)
    options = self._index_options_map(db, coll)
    keys = _storage_w._index_key_variants
    kept = set()
    for name, key_spec, sparse, _unique in indexes:
        if _storage_w._geo_type_of(key_spec) is not None:
            continue
        pf = partials.get(name)
        if pf is not None:
            inside = _query.matches(old, pf)
            if inside != _query.matches(new, pf):
                continue
            if not inside:
                kept.add(name)
                continue
        coll_opt = _storage_w._parse_index_collation(options.get(name, {}).get("collation"))
        if keys(old, key_spec, sparse=sparse, collation=coll_opt) == keys(
            new, key_spec, sparse=sparse, collation=coll_opt
        ):
            kept.add(name)
    return kept


def _update_matching_noted(self, *args, **kwargs):
    outer = (getattr(_upd, "active", False), getattr(_upd, "next", None), getattr(_upd, "kept", None))
    _upd.active, _upd.next, _upd.kept = True, None, None
    try:
        return _plain_update_matching(self, *args, **kwargs)
    finally:
        _upd.active, _upd.next, _upd.kept = outer


def _unique_conflict_noted(self, db, coll, candidate_doc, indexes, *, exclude_recordid, partials=None):
    found = _plain_unique_conflict(
        self, db, coll, candidate_doc, indexes, exclude_recordid=exclude_recordid, partials=partials
    )
    if found is None and exclude_recordid is not None and getattr(_upd, "active", False):
        _upd.next = (db, coll, exclude_recordid, candidate_doc)
    return found


def _delete_entries_changed(self, db, coll, doc, indexes, partials=None, *, recordid):
    noted = getattr(_upd, "next", None)
    if noted is not None and indexes and noted[:3] == (db, coll, recordid):
        _upd.next = None
        kept = _kept_indexes(self, db, coll, doc, noted[3], indexes, partials)
        if kept:
            _upd.kept = (db, coll, recordid, noted[3], kept)
            indexes = [ix for ix in indexes if ix[0] not in kept]
    return _plain_delete_entries(self, db, coll, doc, indexes, partials, recordid=recordid)


def _write_entries_changed(self, db, coll, doc, indexes, partials=None, *, recordid):
    kept = getattr(_upd, "kept", None)
    if kept is not None:
        _upd.kept = None
        if kept[:3] == (db, coll, recordid) and kept[3] is doc:
            indexes = [ix for ix in indexes if ix[0] not in kept[4]]
    return _plain_write_entries(self, db, coll, doc, indexes, partials, recordid=recordid)


_storage_w.Storage.update_matching = _update_matching_noted
_storage_w.Storage._unique_conflict = _unique_conflict_noted
_storage_w.Storage._delete_index_entries = _delete_entries_changed
_storage_w.Storage._write_index_entries = _write_entries_changed

# Retryable writes' records, kept oldest first: pruned from the front, a record at a time, instead of read whole
# (and sorted whole once over the cap) on every write. A write recorded (again) goes to the back, as its new time
# says. The same records are kept and dropped: those older than their lifetime, then the oldest over the cap.
import collections as _collections_rt

import secantus.transactions as _txn_rt


class _InTimeOrder(_collections_rt.OrderedDict):
    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)


_plain_registry_init = _txn_rt.TransactionRegistry.__init__


def _registry_init_ordered(self, *args, **kwargs):
    _plain_registry_init(self, *args, **kwargs)
    self._retryable = _InTimeOrder(self._retryable)


def _prune_retryable_oldest_first(self):
    records = self._retryable
    cutoff = self._time() - _txn_rt._RETRYABLE_RECORD_LIFETIME_SECONDS
    while records:
        _key, (_reply, at, _identity) = next(iter(records.items()))
        if at >= cutoff:
            break
        records.popitem(last=False)
    while len(records) > _txn_rt._RETRYABLE_RECORD_MAX:
        records.popitem(last=False)


_txn_rt.TransactionRegistry.__init__ = _registry_init_ordered
_txn_rt.TransactionRegistry._prune_retryable_locked = _prune_retryable_oldest_first
`;
