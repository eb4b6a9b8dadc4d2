/**
 * The stand-in's packing fix (platform/db/secantusPacking.ts): WiredTiger keys and values of the stand-in's formats
 * are packed from a format read once. In the stand-in's own Python, against the binding's own packing: the same
 * bytes, and the same values read back, for every format the stand-in's tables use, over strings (empty, Chinese,
 * with a NUL), bytes (with NULs, empty) and integers of every width and sign; and any other format or value still
 * goes the binding's way. (Every test of the run goes through it too: the stand-in runs with it.)
 */
import { SECANTUS_PACKING_FIX } from '../../src/platform/db/secantusPacking';
import { onStandIn, PROBE_OUTCOME, standInProbe } from './standInProbe';

(onStandIn ? it : it.skip)(
  'packs and unpacks every format the stand-in uses to the binding’s own bytes and values',
  () => {
    const probe = String.raw`
import json, random, sys
exec(sys.argv[1])
rng = random.Random(7)
STRINGS = ["", "a", "portal_test", "accounts", "用户.户号", "x" * 300, "nul\0after", "$cmd", "\u00e9\u00e8"]
BYTES = [b"", b"\x00", b"\x00\x01\x00", bytes(range(256)), b"key\x00key", "文".encode()]
INTS = [0, 1, 63, 64, 8255, 8256, 8257, 2**31, 2**40 + 5, 2**63 - 1, -1, -64, -65, -8257, -8258, -2**63]
def a_value(c):
    if c == "S":
        return rng.choice(STRINGS + [str(rng.random())])
    if c == "u":
        return rng.choice(BYTES + [rng.randbytes(rng.randrange(0, 40)), "text-as-u"])
    if c == "Q" or c == "r":
        return rng.choice([v for v in INTS if v >= 0] + [rng.randrange(0, 2**63)])
    return rng.choice(INTS + [rng.randrange(-2**63, 2**63)])
checked = {}
mismatches = []
for fmt in ["S", "SS", "SSS", "SSq", "SSu", "SSSu", "q", "u", "Q", "uS", "qu", "SuS", "r"]:
    n = 0
    for _ in range(400):
        values = tuple(a_value(c) for c in fmt)
        plain = _plain_pack(fmt, *values)
        mine = _pack_read(fmt, *values)
        if plain != mine:
            mismatches.append([fmt, repr(values), "pack"])
        elif list(_plain_unpack(fmt, plain)) != list(_unpack_read(fmt, plain)):
            mismatches.append([fmt, repr(values), "unpack"])
        n += 1
    checked[fmt] = n
# Another format, a value of another kind, a count the format does not take: the binding's own answer or error.
${PROBE_OUTCOME}
others = [
    ("QQQQQQBBBB", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
    ("5s", ("abc",)),
    ("S", (b"bytes",)),
    ("q", (True,)),
    ("q", (1.5,)),
    ("SS", ("only one",)),
    ("u", (bytearray(b"ab"),)),
]
for fmt, values in others:
    if outcome(_plain_pack, fmt, *values) != outcome(_pack_read, fmt, *values):
        mismatches.append([fmt, repr(values), "fallback pack"])
for fmt, raw in [("S", b"no terminator"), ("SS", b"one\x00"), ("q", b""), ("Su", None)]:
    if outcome(_plain_unpack, fmt, raw) != outcome(_unpack_read, fmt, raw):
        mismatches.append([fmt, repr(raw), "fallback unpack"])
print(json.dumps({"checked": checked, "mismatches": mismatches}))
`;
    const found = standInProbe<{ checked: Record<string, number>; mismatches: string[][] }>(probe, [
      SECANTUS_PACKING_FIX,
    ]);
    expect(found.mismatches).toEqual([]);
    expect(Object.values(found.checked).reduce((a, b) => a + b, 0)).toBe(13 * 400);
  },
);
