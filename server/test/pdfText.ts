/**
 * The text of a PDF as a reader would copy it, read with pdfjs-dist (Mozilla's PDF.js) in a child Node
 * process: pdfjs ships only as ES modules, which jest's CommonJS runtime cannot load.
 *
 *   const { pages, text } = await pdfText(buffer);
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const SCRIPT = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), isEvalSupported: false, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\\n' : '') : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, text: pages.join('\\n') }));
`;

export function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT],
      { cwd: path.resolve(__dirname, '..', '..'), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`pdf.js could not read the PDF: ${stderr || err.message}`))
          : resolve(JSON.parse(stdout)),
    );
    child.stdin!.end(pdf);
  });
}
