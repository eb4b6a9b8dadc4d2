/**
 * The font printed PDFs use for Chinese: PDF_FONT_PATH, else Debian's Noto Sans CJK when installed
 * (fonts-noto-cjk). A TrueType collection (.ttc) needs the face's PostScript name; Noto's Simplified
 * Chinese face is the default. Without either only ASCII can be printed.
 */
import fs from 'node:fs';
import type { Config } from '@portal/config';

export const NOTO_SANS_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

export type PdfFont = { src: string; family?: string };

export function cjkFont(config: Pick<Config, 'PDF_FONT_PATH'>): PdfFont | undefined {
  const src = [config.PDF_FONT_PATH, NOTO_SANS_CJK].find((p): p is string => !!p && fs.existsSync(p));
  if (!src) return undefined;
  return src.toLowerCase().endsWith('.ttc') ? { src, family: 'NotoSansCJKsc-Regular' } : { src };
}
