/**
 * A fix to what the SecantusDB stand-in (0.7.0b3) spends working out a document's index keys, applied as it starts
 * (embeddedMongo.ts) beside its other fixes.
 *
 * Every document written, and every document an update or delete changes, has its keys worked out for each index
 * of its collection (and again for each unique one, to check it), by a function written for every case mongod's
 * key generation has: arrays and paths through them (one key per element, and the whole array), sparse indexes,
 * collations, the cartesian product of a compound index's arrays. Each field's value was collected into a list by a
 * path walk that copies a list at each step, then deduplicated through a set of encoded bytes, then encoded again.
 * An account has seven indexes: working out its keys was a fifth of the stand-in's time in an `insertMany` of
 * accounts (a py-spy profile, the thirtieth session's note).
 *
 * Whether a document makes an index multikey (an array on one of its key's paths) was found the same way, one path
 * walk per field and document.
 *
 * The common case is now worked out directly: no collation, not sparse, every field of the key ascending or
 * descending (an integer 1 or -1), and every step of each field's path a document, down to a leaf that is not an
 * array. That leaf, or null for a path that is missing or stops at a value that is not a document, is encoded once;
 * the key is those encodings (inverted for a descending field) joined as the stand-in joins them. A document makes
 * an index multikey when one of those walks meets an array. Anything else (an array on the way or at the leaf, a
 * collation, a sparse index, a geo, text or hashed key) goes the stand-in's own way.
 * `server/test/platform/standInIndexKeys.test.ts` holds the keys and multikey answers to the stand-in's own for
 * generated documents and keys of every kind, and the tests of the whole run go through it. The production design
 * does not lean on it (DESIGN.md).
 */
export const SECANTUS_INDEX_KEY_FIX = String.raw`
import secantus.sortkey as _sortkey_k
import secantus.storage as _storage_k

_plain_key_variants = _storage_k._index_key_variants
_encode_k = _sortkey_k.encode_value
_invert_k = _sortkey_k.invert_bytes
_SEP_K = _sortkey_k.COMPOUND_SEP
_ARRAY_K = object()
_paths_k = {}


def _path_k(field):
    parts = _paths_k.get(field)
    if parts is None:
        if len(_paths_k) > 1024:
            _paths_k.clear()
        parts = _paths_k[field] = tuple(field.split(".")) if type(field) is str else None
    return parts


def _leaf_k(doc, parts):
    # The one value at parts (None when the path is missing or stops at a value that is not a document), or
    # _ARRAY_K when an array is met on the way or at the leaf: the stand-in's own way then.
    cur = doc
    for part in parts:
        if isinstance(cur, dict):
            if part not in cur:
                return None
            cur = cur[part]
        elif isinstance(cur, list):
            return _ARRAY_K
        else:
            return None
    return _ARRAY_K if isinstance(cur, list) else cur


def _index_key_variants_direct(doc, key_spec, *, sparse, collation=None):
    if collation is None and not sparse:
        encoded = []
        for field, direction in key_spec.items():
            parts = _path_k(field)
            if parts is None or type(direction) is not int or (direction != 1 and direction != -1):
                break
            value = _leaf_k(doc, parts)
            if value is _ARRAY_K:
                break
            e = _encode_k(value)
            encoded.append(_invert_k(e) if direction == -1 else e)
        else:
            if encoded:
                return [encoded[0] if len(encoded) == 1 else _SEP_K.join(encoded)]
    return _plain_key_variants(doc, key_spec, sparse=sparse, collation=collation)


_plain_makes_multikey = _storage_k._doc_makes_multikey


def _doc_makes_multikey_direct(doc, key_spec):
    for field in key_spec:
        parts = _path_k(field)
        if parts is None:
            if _plain_makes_multikey(doc, {field: key_spec[field]}):
                return True
        elif _leaf_k(doc, parts) is _ARRAY_K:
            return True
    return False


_storage_k._index_key_variants = _index_key_variants_direct
_storage_k._doc_makes_multikey = _doc_makes_multikey_direct
`;
