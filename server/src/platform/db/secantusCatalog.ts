/**
 * A fix to what the SecantusDB stand-in (0.7.0b3) spends reading its catalog, applied as it starts (embeddedMongo.ts),
 * after its other fixes. A py-spy profile of the listBills bench (the thirtieth session's note) put a third of the
 * stand-in's time in it:
 *
 * - **A read command re-read its collections' index list and options from WiredTiger many times.** Planning one
 *   find reads the index list once for the partial filters, once for the multikey marks, once per index picker and
 *   once per `$lookup`, each a cursor walk that decodes every index's entry again, and reads the collection's options
 *   (is it a view? a time series?) several times more. A read command (`find`, `count`, `distinct`, an `aggregate`
 *   that writes nothing) now reads each collection's index list and options at most once: the first time it asks,
 *   as mongod fixes a command's view of the catalog when it takes the collection. Another connection's index build,
 *   drop or multikey mark is seen by the next command, as before. Anything in the command itself that opens the
 *   catalog's tables other than through the two reads kept (a write the profiler makes, say) forgets what was kept.
 * - **Every command read the database's profiling level from WiredTiger**, under the stand-in's global lock. It is
 *   kept per database until the `profile` command changes it; a read that overlaps a change is not kept.
 *
 * Writes are left alone: a write's index list must be read under the collection's lock, which the write fix
 * (secantusWrites.ts) already keeps to one read per chunk. Like the other fixes it changes how often the stand-in
 * reads, never what it answers: `server/test/platform/standInCatalog.test.ts` holds reads across index builds,
 * drops, multikey marks, views and profiling changes made between commands on other connections, on any database,
 * and counts the catalog reads a command makes on the stand-in. The production design does not lean on it
 * (DESIGN.md).
 */
export const SECANTUS_CATALOG_FIX = String.raw`
import threading as _threading

import secantus.commands as _commands_c
import secantus.storage as _storage_c

_cat = _threading.local()
_CATALOG_TABLES = (_storage_c._IDX_TABLE, _storage_c._COLL_TABLE)
_plain_iter_indexes = _storage_c.Storage._iter_indexes
_plain_coll_options = _storage_c.Storage._coll_options
_plain_get_options = _storage_c.Storage.get_collection_options
_plain_cursor = _storage_c.Storage._cursor


def _kept(key, read):
    # What this command read of the catalog under key, read now if not yet. None outside a read command.
    memo = getattr(_cat, "memo", None)
    if memo is None:
        return None
    if key not in memo:
        outer, _cat.filling = _cat.filling, True
        try:
            value = read()
        finally:
            _cat.filling = outer
        if _cat.memo is memo:
            memo[key] = value
        return value
    return memo[key]


def _iter_indexes_kept(self, db, coll):
    rows = _kept(("indexes", db, coll), lambda: list(_plain_iter_indexes(self, db, coll)))
    return _plain_iter_indexes(self, db, coll) if rows is None else iter(rows)


def _coll_options_kept(self, db, coll):
    if getattr(_cat, "memo", None) is None:
        return _plain_coll_options(self, db, coll)
    found = _kept(("options", db, coll), lambda: _plain_coll_options(self, db, coll))
    return None if found is None else dict(found)


def _get_options_kept(self, db, coll):
    if getattr(_cat, "memo", None) is None:
        return _plain_get_options(self, db, coll)
    return dict(_kept(("decoded", db, coll), lambda: _plain_get_options(self, db, coll)))


def _cursor_forgetting(self, table, *, overwrite=True):
    # The catalog's tables opened by anything but the kept reads: what the command kept may be about to change.
    if table in _CATALOG_TABLES and not getattr(_cat, "filling", False) and getattr(_cat, "memo", None):
        _cat.memo = {}
    return _plain_cursor(self, table, overwrite=overwrite)


def _catalog_read_once(handler, writes=None):
    def run(doc, ctx):
        if getattr(_cat, "memo", None) is not None or (writes is not None and writes(doc)):
            return handler(doc, ctx)
        _cat.memo, _cat.filling = {}, False
        try:
            return handler(doc, ctx)
        finally:
            _cat.memo = None

    return run


def _pipeline_writes(doc):
    pipeline = doc.get("pipeline")
    if not isinstance(pipeline, list):
        return True
    return any(not isinstance(s, dict) or "$out" in s or "$merge" in s for s in pipeline)


_storage_c.Storage._iter_indexes = _iter_indexes_kept
_storage_c.Storage._coll_options = _coll_options_kept
_storage_c.Storage.get_collection_options = _get_options_kept
_storage_c.Storage._cursor = _cursor_forgetting
for _name in ("find", "count", "distinct"):
    _commands_c._HANDLERS[_name] = _catalog_read_once(_commands_c._HANDLERS[_name])
_commands_c._HANDLERS["aggregate"] = _catalog_read_once(_commands_c._HANDLERS["aggregate"], _pipeline_writes)

# The profiling level: kept per database. A change moves a generation before and after it writes, so a read that
# overlaps it is not kept; a read to be kept takes a fresh snapshot first (none inside a transaction, whose snapshot
# may predate a change), so an idle connection's old snapshot is never kept.
_profiles = {}
_profile_generation = [0]
_profile_lock = _threading.Lock()
_plain_get_profile = _storage_c.Storage.get_profile
_plain_set_profile = _storage_c.Storage.set_profile


def _get_profile_kept(self, db):
    hit = _profiles.get(db)
    if hit is not None:
        return dict(hit)
    if getattr(self._tls, "user_txn", None) is not None:
        return _plain_get_profile(self, db)
    before = _profile_generation[0]
    self._refresh_read_snapshot()
    found = _plain_get_profile(self, db)
    with _profile_lock:
        if _profile_generation[0] == before:
            _profiles[db] = dict(found)
    return found


def _set_profile_forgetting(self, db, *args, **kwargs):
    with _profile_lock:
        _profile_generation[0] += 1
        _profiles.clear()
    try:
        return _plain_set_profile(self, db, *args, **kwargs)
    finally:
        with _profile_lock:
            _profile_generation[0] += 1
            _profiles.clear()


_storage_c.Storage.get_profile = _get_profile_kept
_storage_c.Storage.set_profile = _set_profile_forgetting
`;
