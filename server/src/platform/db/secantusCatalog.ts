/**
 * A fix to what the SecantusDB stand-in (0.7.0b3) spends reading its catalog, applied as it starts (embeddedMongo.ts),
 * after its other fixes. A py-spy profile of the listBills bench (the thirtieth session's note) put a third of the
 * stand-in's time in it:
 *
 * - **A command re-read its collections' index list and options from WiredTiger many times.** Planning one find
 *   reads the index list once for the partial filters, once for the multikey marks, once per index picker and once
 *   per `$lookup`, each a cursor walk that decodes every index's entry again, and reads the collection's options (is
 *   it a view? a time series?) several times more; a write reads them again to write its entries. A command (`find`,
 *   `count`, `distinct`, an `aggregate` that writes nothing, `insert`, `update`, `delete`, `findAndModify`) now
 *   reads each collection's index list and options once, the first time it asks, as mongod fixes a command's view of
 *   the catalog when it takes the collection, and once more each time it takes or gives back a collection's lock: a
 *   write reads the index list it writes entries for under the lock, so an index another connection built while the
 *   command planned gets its entries (an index build takes the same lock). Another connection's index build, drop
 *   or multikey mark is seen by the next command, as before. Anything in the command itself that opens the
 *   catalog's tables other than through the two reads kept (a collection created, a multikey mark made, a write the
 *   profiler makes) forgets what was kept; a multikey check that marks nothing does not.
 * - **Every command read the database's profiling level from WiredTiger**, under the stand-in's global lock. It is
 *   kept per database until the `profile` command changes it; a read that overlaps a change is not kept.
 *
 * Like the other fixes it changes how often the stand-in reads, never what it answers:
 * `server/test/platform/standInCatalog.test.ts` holds reads and writes across index builds, drops, multikey marks,
 * views and profiling changes made between commands on other connections, on any database; in the stand-in's own
 * storage, an index built by another thread while a write command planned gets (or loses) the written document's
 * entry; and it counts the catalog reads commands make on the stand-in. The production design does not lean on it
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
    # What this command read of the catalog under key, read now if not yet. None outside a command that keeps it.
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
    if (
        table in _CATALOG_TABLES
        and getattr(_cat, "memo", None)
        and not getattr(_cat, "filling", False)
        and not getattr(_cat, "marking", False)
    ):
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


class _LockForgetting:
    # A collection's lock that, taken or given back, forgets what the command kept: what a write reads under the
    # lock (the index list its entries are written for) is read after the lock is taken, never before it.
    __slots__ = ("_lock",)

    def __init__(self, lock):
        self._lock = lock

    def __enter__(self):
        entered = self._lock.__enter__()
        if getattr(_cat, "memo", None):
            _cat.memo = {}
        return entered

    def __exit__(self, *exc):
        if getattr(_cat, "memo", None):
            _cat.memo = {}
        return self._lock.__exit__(*exc)


_plain_coll_lock = _storage_c.Storage._coll_lock
_plain_mark_multikey = _storage_c.Storage._maybe_mark_multikey


def _coll_lock_forgetting(self, db, coll):
    return _LockForgetting(_plain_coll_lock(self, db, coll))


def _mark_multikey_forgetting(self, db, coll, doc, indexes, already_multikey):
    # Reads the index table to mark: forgets what was kept only when it did mark an index.
    before = len(already_multikey)
    outer, _cat.marking = getattr(_cat, "marking", False), True
    try:
        marked = _plain_mark_multikey(self, db, coll, doc, indexes, already_multikey)
    finally:
        _cat.marking = outer
    if len(marked) != before and getattr(_cat, "memo", None):
        _cat.memo = {}
    return marked


_storage_c.Storage._iter_indexes = _iter_indexes_kept
_storage_c.Storage._coll_options = _coll_options_kept
_storage_c.Storage.get_collection_options = _get_options_kept
_storage_c.Storage._cursor = _cursor_forgetting
_storage_c.Storage._coll_lock = _coll_lock_forgetting
_storage_c.Storage._maybe_mark_multikey = _mark_multikey_forgetting
for _name in ("find", "count", "distinct", "insert", "update", "delete", "findAndModify", "findandmodify"):
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
