/**
 * A PDF page as a PNG, drawn the way a browser draws it: pdf.js (pdfjs-dist) inside Chromium, from a
 * private origin the test serves itself (so the worker loads like on any site, and nothing leaves
 * the machine).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

const ORIGIN = 'http://pdf-render.test';
const PDFJS = path.dirname(require.resolve('pdfjs-dist/package.json'));

export async function renderPdfPage(
  browser: Browser,
  pdf: Buffer,
  pageNumber = 1,
  scale = 3,
): Promise<Buffer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const files: Record<string, { body: Buffer | string; contentType: string }> = {
      '/': { body: '<!doctype html><meta charset="utf-8"><title>pdf</title>', contentType: 'text/html' },
      '/pdf.min.mjs': {
        body: fs.readFileSync(path.join(PDFJS, 'build', 'pdf.min.mjs')),
        contentType: 'text/javascript',
      },
      '/pdf.worker.min.mjs': {
        body: fs.readFileSync(path.join(PDFJS, 'build', 'pdf.worker.min.mjs')),
        contentType: 'text/javascript',
      },
      '/sheet.pdf': { body: pdf, contentType: 'application/pdf' },
    };
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file
        ? route.fulfill({ status: 200, body: file.body, contentType: file.contentType })
        : route.fulfill({ status: 404 });
    });
    await page.goto(`${ORIGIN}/`);
    // Browser-side code as text: the test transpiler would turn its dynamic import() into require().
    const dataUrl = (await page.evaluate(`(async () => {
      const pdfjs = await import('/pdf.min.mjs');
      pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.min.mjs';
      const doc = await pdfjs.getDocument({ url: '/sheet.pdf' }).promise;
      const p = await doc.getPage(${Number(pageNumber)});
      const viewport = p.getViewport({ scale: ${Number(scale)} });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await p.render({ canvas, canvasContext: ctx, viewport }).promise;
      return canvas.toDataURL('image/png');
    })()`)) as string;
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  } finally {
    await context.close();
  }
}
