/**
 * The font printed PDFs use for Chinese: PDF_FONT_PATH, else Debian's Noto Sans CJK when installed
 * (fonts-noto-cjk), else Noto Sans SC from npm (@expo-google-fonts/noto-sans-sc, a development dependency:
 * the demo and the tests print Chinese on any machine; the production image sets PDF_FONT_PATH). A TrueType
 * collection (.ttc) needs the face's PostScript name; Noto's Simplified Chinese face is the default. Without
 * any, only ASCII can be printed.
 * The file is read once per process: re-reading the ~20 MB collection for every PDF costs more than
 * laying the PDF out.
 */
import fs from 'node:fs';
import type { Config } from '@portal/config';

export const NOTO_SANS_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

/** Noto Sans SC Regular from npm, when the development dependencies are installed. */
function npmNotoSansSc(): string | undefined {
  try {
    return require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  } catch {
    return undefined;
  }
}

export type PdfFont = { src: Buffer; family?: string };

const loaded = new Map<string, Buffer>();

/** Where the Chinese font is, without reading it (the start-up check). */
export function cjkFontPath(config: Pick<Config, 'PDF_FONT_PATH'>): string | undefined {
  return [config.PDF_FONT_PATH, NOTO_SANS_CJK, npmNotoSansSc()].find(
    (p): p is string => !!p && fs.existsSync(p),
  );
}

export function cjkFont(config: Pick<Config, 'PDF_FONT_PATH'>): PdfFont | undefined {
  const path = cjkFontPath(config);
  if (!path) return undefined;
  if (!loaded.has(path)) loaded.set(path, fs.readFileSync(path));
  const src = loaded.get(path)!;
  return path.toLowerCase().endsWith('.ttc') ? { src, family: 'NotoSansCJKsc-Regular' } : { src };
}
