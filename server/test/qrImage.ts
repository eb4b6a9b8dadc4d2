/** Reads a QR code out of an image as a phone camera would: any format sharp knows (PNG, JPEG), decoded by jsQR. */
import jsQR from 'jsqr';
import sharp from 'sharp';

export async function decodeQrImage(image: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)
    ?.data;
}

/** The image format by its first bytes (what WeChat's Content-Type would have said). */
export function imageFormat(image: Buffer): 'jpeg' | 'png' | 'other' {
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'jpeg';
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  return 'other';
}

/**
 * Every QR code on a page (a printed sheet holds a dozen). jsQR reads one code per image and is thrown
 * by several side by side, so the page is first cut into its separate dark blobs (each code, each
 * caption), and each blob is read on its own. Returns the texts found, top to bottom, left to right.
 */
export async function decodeAllQrCodes(image: Buffer): Promise<string[]> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  // A coarse map of ink: one cell per BLOCK×BLOCK pixels.
  const BLOCK = 8;
  const cols = Math.ceil(width / BLOCK);
  const rows = Math.ceil(height / BLOCK);
  const ink = new Uint8Array(cols * rows);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      if (data[y * width + x]! < 128) ink[Math.floor(y / BLOCK) * cols + Math.floor(x / BLOCK)] = 1;
  }
  // Blobs: cells with ink, joined across gaps of up to GAP cells (the white modules inside a code).
  const GAP = 2;
  const seen = new Uint8Array(cols * rows);
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    const box = { x0: cols, y0: rows, x1: 0, y1: 0 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const cx = i % cols;
      const cy = Math.floor(i / cols);
      Object.assign(box, {
        x0: Math.min(box.x0, cx),
        y0: Math.min(box.y0, cy),
        x1: Math.max(box.x1, cx),
        y1: Math.max(box.y1, cy),
      });
      for (let dy = -GAP; dy <= GAP; dy++) {
        for (let dx = -GAP; dx <= GAP; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          const j = ny * cols + nx;
          if (nx >= 0 && ny >= 0 && nx < cols && ny < rows && ink[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    boxes.push(box);
  }
  const found: string[] = [];
  for (const b of boxes.sort((p, q) => p.y0 - q.y0 || p.x0 - q.x0)) {
    const pad = 4 * BLOCK;
    const left = Math.max(0, b.x0 * BLOCK - pad);
    const top = Math.max(0, b.y0 * BLOCK - pad);
    const crop = await sharp(image)
      .extract({
        left,
        top,
        width: Math.min(width, (b.x1 + 1) * BLOCK + pad) - left,
        height: Math.min(height, (b.y1 + 1) * BLOCK + pad) - top,
      })
      .png()
      .toBuffer();
    const text = await decodeQrImage(crop);
    if (text !== undefined) found.push(text);
  }
  return found;
}
