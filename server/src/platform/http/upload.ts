/**
 * Uploaded files, one way for the whole portal: the first file of a multipart/form-data body (field "file",
 * as wx.uploadFile and browsers send it) or the raw request body, cut off at a size limit (413). A body the
 * JSON/form parser already read (a client that sent JSON to an upload) is refused at once (415), never waited
 * for.
 *   uploadedFile(ctx, query.filename, maxBytes)       an import: a stream and its file name (.xlsx / .csv)
 *   uploadedBytes(ctx, { maxBytes, ... })             a photo: the bytes
 */
import { Transform, type Readable } from 'node:stream';
import type Koa from 'koa';
import Busboy from 'busboy';
import { errors, type AppError } from './errors';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type SourceOptions = {
  maxBytes: number;
  /** The 413 for a file over the limit (default: 文件超过 N MB). */
  tooLarge?: (maxMb: number) => AppError;
  /** What the refusal says when a multipart body has no file. */
  missing?: string;
  /** Which raw (non-multipart) bodies are files here; others get `unsupported` (415). */
  rawAccepted?: (ctx: Koa.Context) => boolean;
  unsupported?: () => AppError;
};

function limitBytes(max: number, tooLarge: (maxMb: number) => AppError): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) cb(tooLarge(Math.round(max / 1048576)));
      else cb(null, chunk);
    },
  });
}

/** The file's bytes as a size-limited stream, with the name the multipart part gave (if any). */
function fileSource(ctx: Koa.Context, o: SourceOptions): Promise<{ stream: Readable; partName?: string }> {
  const tooLarge = o.tooLarge ?? errors.fileTooLarge;
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
        resolve({ stream: stream.pipe(limitBytes(o.maxBytes, tooLarge)), partName: info.filename });
      });
      bb.on(
        'close',
        () => !got && reject(errors.validation([{ path: 'file', message: o.missing ?? '缺少文件' }])),
      );
      bb.on('error', () => reject(errors.malformedUpload()));
      ctx.req.pipe(bb);
    });
  }
  if (ctx.req.readableEnded || (o.rawAccepted && !o.rawAccepted(ctx))) {
    return Promise.reject((o.unsupported ?? errors.unsupportedMediaType)());
  }
  const limiter = limitBytes(o.maxBytes, tooLarge);
  ctx.req.on('error', (e) => limiter.destroy(e));
  return Promise.resolve({ stream: ctx.req.pipe(limiter) });
}

/** An import's file as a stream, with its name (?filename= wins, else the part's name or the content type's). */
export async function uploadedFile(
  ctx: Koa.Context,
  nameFromQuery: string | undefined,
  maxBytes: number,
): Promise<{ stream: Readable; filename: string }> {
  const guessed = ctx.is(XLSX_MIME) ? 'upload.xlsx' : ctx.is('text/csv') ? 'upload.csv' : undefined;
  if (!ctx.is('multipart/form-data') && !(nameFromQuery ?? guessed))
    throw errors.validation([{ path: 'query.filename', message: '请提供文件名(.xlsx 或 .csv)' }]);
  const { stream, partName } = await fileSource(ctx, { maxBytes });
  return { stream, filename: nameFromQuery ?? partName ?? guessed ?? 'upload' };
}

/** A small file (a photo) read whole. */
export async function uploadedBytes(ctx: Koa.Context, o: SourceOptions): Promise<Buffer> {
  const { stream } = await fileSource(ctx, o);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
