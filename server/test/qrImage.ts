/** Reads a QR code out of an image as a phone camera would: any format sharp knows (PNG, JPEG), decoded by jsQR. */
import jsQR from 'jsqr';
import sharp from 'sharp';

export async function decodeQrImage(image: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
}

/** The image format by its first bytes (what WeChat's Content-Type would have said). */
export function imageFormat(image: Buffer): 'jpeg' | 'png' | 'other' {
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'jpeg';
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return 'other';
}
