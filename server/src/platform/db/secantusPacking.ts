/**
 * A fix to what the SecantusDB stand-in (0.7.0b3) pays for each key it hands to WiredTiger, applied as it starts
 * (embeddedMongo.ts) beside its other fixes.
 *
 * WiredTiger's Python binding packs and unpacks every cursor key and value in Python (`wiredtiger/packing.py`),
 * reading the format string afresh, character by character through a generator, on every call. The stand-in's
 * tables have eight formats (`S`, `SS`, `SSS`, `SSq`, `SSu`, `SSSu`, `q`, `u`), and an inserted account writes a
 * dozen keys: packing was a fifth of the stand-in's time in an `insertMany` of accounts (a py-spy profile, the
 * twenty-ninth session's note).
 *
 * A format made only of `S`, `u`, `q`, `Q` and `r` (no sizes, no byte order) is now read once, and a key of plain
 * strings, bytes and integers is packed from that reading with the binding's own integer packing, to the same
 * bytes. Anything else (another format, a value of another type, a count of values the format does not take, a
 * string with no terminator to unpack) goes through the binding's own code, as before.
 * `server/test/platform/standInPacking.test.ts` holds the bytes and the values read back to the binding's own for
 * every format the stand-in uses, over many values, and the tests of the whole run go through it. The production
 * design does not lean on it (DESIGN.md).
 */
export const SECANTUS_PACKING_FIX = String.raw`
import sys as _sys_pk

import wiredtiger as _wt_pk
from wiredtiger.intpacking import pack_int as _pack_int, unpack_int as _unpack_int

_wt_cursor_module = _sys_pk.modules[_wt_pk.Cursor.__module__]
_plain_pack = _wt_cursor_module.pack
_plain_unpack = _wt_cursor_module.unpack
_read_formats = {}


def _format_read(fmt):
    ops = _read_formats.get(fmt)
    if ops is None:
        ops = ()
        if type(fmt) is str and fmt and all(c in "SuqQr" for c in fmt):
            ops = tuple((c, i == len(fmt) - 1) for i, c in enumerate(fmt))
        _read_formats[fmt] = ops
    return ops


def _pack_read(fmt, *values):
    ops = _format_read(fmt)
    if not ops or len(values) != len(ops):
        return _plain_pack(fmt, *values)
    out = []
    for (c, last), v in zip(ops, values):
        t = type(v)
        if c == "S":
            if t is not str:
                return _plain_pack(fmt, *values)
            z = v.find("\0")
            out.append((v if z < 0 else v[:z]).encode())
            out.append(b"\0")
        elif c == "u":
            if t is bytes:
                raw = v
            elif t is str:
                raw = v.encode()
            else:
                return _plain_pack(fmt, *values)
            if not last:
                out.append(_pack_int(len(v)))
            out.append(raw)
        else:
            if t is not int:
                return _plain_pack(fmt, *values)
            out.append(_pack_int(v))
    return b"".join(out)


def _unpack_read(fmt, s):
    ops = _format_read(fmt)
    if not ops or type(s) is not bytes:
        return _plain_unpack(fmt, s)
    whole = s
    result = []
    for c, last in ops:
        if c == "S":
            z = s.find(b"\0")
            if z < 0:
                return _plain_unpack(fmt, whole)
            result.append(s[:z].decode())
            s = s[z + 1 :]
        elif c == "u":
            if last:
                result.append(s)
                s = b""
            else:
                n, s = _unpack_int(s)
                result.append(s[:n])
                s = s[n:]
        else:
            v, s = _unpack_int(s)
            result.append(v)
    return result


_wt_cursor_module.pack = _pack_read
_wt_cursor_module.unpack = _unpack_read
`;
