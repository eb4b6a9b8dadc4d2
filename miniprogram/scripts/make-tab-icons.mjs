/**
 * Writes the tab-bar icons (src/assets/tab/*.png, 81×81, normal grey + selected blue) from simple
 * shapes, with no image library: PNG = zlib-deflated RGBA rows + CRC'd chunks. Run once when changed:
 * `node miniprogram/scripts/make-tab-icons.mjs` (the PNGs are committed; each is well under 1 KB).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab');
const N = 81;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(inside, [r, g, b]) {
  const rows = [];
  for (let y = 0; y < N; y++) {
    const row = Buffer.alloc(1 + N * 4);
    for (let x = 0; x < N; x++) if (inside(x, y)) row.set([r, g, b, 255], 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(N, 0);
  ihdr.writeUInt32BE(N, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => circle(cx, cy, r)(x, y) && !circle(cx, cy, r - w)(x, y);
const any =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

const shapes = {
  // house: roof triangle + body with a door
  home: minus(
    any((x, y) => y >= 10 && y <= 40 && Math.abs(x - 40) <= (y - 10) * 1.15, rect(18, 38, 62, 72)),
    rect(34, 52, 46, 72),
  ),
  // bill: a sheet with lines
  bills: minus(
    rect(18, 8, 62, 74),
    any(rect(26, 20, 54, 24), rect(26, 32, 54, 36), rect(26, 44, 46, 48), rect(24, 14, 56, 16)),
  ),
  // service: wrench-like ring and handle
  service: any(ring(30, 30, 18, 7), (x, y) => Math.abs(x - y) <= 5 && x >= 38 && x <= 70),
  // me: head and shoulders
  mine: any(
    circle(40, 26, 15),
    (x, y) => y >= 48 && y <= 74 && (x - 40) ** 2 / 900 + (y - 74) ** 2 / 676 <= 1,
  ),
};

fs.mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(shapes)) {
  fs.writeFileSync(path.join(OUT, `${name}.png`), png(shape, [0x8a, 0x93, 0x9c]));
  fs.writeFileSync(path.join(OUT, `${name}-active.png`), png(shape, [0x0b, 0x6b, 0xcb]));
}
console.log(`tab icons written to ${OUT}`);
