/**
 * A QR code as PNG bytes. Drawn as SVG by `qrcode` and rasterised by sharp: qrcode's own PNG encoder is
 * pure JavaScript and runs tens of times slower inside test runners' sandboxes; sharp is native.
 */
import QRCode from 'qrcode';
import sharp from 'sharp';

export async function renderQrPng(
  text: string,
  opts: { width: number; margin?: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
): Promise<Buffer> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    width: opts.width,
    margin: opts.margin ?? 2,
    errorCorrectionLevel: opts.errorCorrectionLevel ?? 'M',
  });
  return sharp(Buffer.from(svg)).png().toBuffer();
}
