/**
 * An uploaded file (imports): the multipart field "file" or the raw request body (Content-Type text/csv or
 * the xlsx type, or ?filename=), as a stream cut off at a size limit (413).
 */
import { Transform, type Readable } from 'node:stream';
import type Koa from 'koa';
import Busboy from 'busboy';
import { errors } from './errors';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) cb(errors.fileTooLarge(Math.round(max / 1048576)));
      else cb(null, chunk);
    },
  });
}

/** The uploaded file as a stream, with its name. */
export function uploadedFile(ctx: Koa.Context, nameFromQuery: string | undefined, maxBytes: number): Promise<{ stream: Readable; filename: string }> {
  if (ctx.is('multipart/form-data')) {
    return new Promise((resolve, reject) => {
      let bb: ReturnType<typeof Busboy>;
      try {
        bb = Busboy({ headers: ctx.req.headers, limits: { files: 1 }, defParamCharset: 'utf8' });
      } catch {
        reject(errors.malformedUpload());
        return;
      }
      let got = false;
      bb.on('file', (_field, stream, info) => {
        got = true;
        resolve({ stream: stream.pipe(limitBytes(maxBytes)), filename: nameFromQuery ?? info.filename ?? 'upload' });
      });
      bb.on('close', () => !got && reject(errors.validation([{ path: 'file', message: '缺少文件' }])));
      bb.on('error', () => reject(errors.malformedUpload()));
      ctx.req.pipe(bb);
    });
  }
  const guessed = ctx.is(XLSX_MIME) ? 'upload.xlsx' : ctx.is('text/csv') ? 'upload.csv' : undefined;
  const filename = nameFromQuery ?? guessed;
  if (!filename) throw errors.validation([{ path: 'query.filename', message: '请提供文件名(.xlsx 或 .csv)' }]);
  const limiter = limitBytes(maxBytes);
  ctx.req.on('error', (e) => limiter.destroy(e));
  return Promise.resolve({ stream: ctx.req.pipe(limiter), filename });
}
