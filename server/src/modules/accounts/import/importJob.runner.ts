/**
 * Imports as background jobs. The upload is checked (name, readable, header row) and stored in the file
 * store, a queued job is written and an outbox entry (import.run) asks a worker to run it. The worker reads
 * the file from the store and writes it in chunks; after each chunk one guarded update records the rows
 * done, counts, rows/s and the chunk's problems on the job, and renews the worker's lease.
 *
 * A worker that dies stops renewing its lease; once the lease has passed, another worker claims the entry,
 * takes the job over (a new run token: the dead run can no longer commit) and starts after the last
 * committed chunk. Rows of a chunk written but not committed are written again, harmlessly: imports upsert
 * by key and write only what differs. A job that keeps dying, or whose file proves unreadable, ends failed;
 * none stays "running" without a live lease behind it.
 */
import { Readable } from 'node:stream';
import type { ImportJob } from '@portal/types';
import type { AppDeps } from '../../../deps';
import { audit, type AuditActor } from '../../../platform/audit';
import { AppError, errors, isAppError } from '../../../platform/http/errors';
import { enqueue } from '../../../platform/outbox/outbox';
import type { JobHandler } from '../../../platform/outbox/worker';
import { kindOf, readRows } from '../../../platform/spreadsheet';
import { ImportJobModel, type ImportJobDoc } from './importJob.model';
import { toImportJob, type ImportCounts, type ImportOptions } from './importJobLifecycle';
import { countedBytes, importRows, type Importer } from './runImport';

export const IMPORT_RUN_JOB = 'import.run';

/** Runs of one job (first run and take-overs after a crash) before it is given up as failed. */
export const MAX_IMPORT_RUNS = 5;

export type ImportKind = 'accounts' | 'bills';
/** Each kind of import, as the loop runs it. */
export type Importers = Record<ImportKind, (opts: ImportOptions) => Importer<unknown>>;

/** A refusal about the file names it: the staff member may have uploaded several. */
function namingFile(e: unknown, filename: string): unknown {
  if (!isAppError(e)) return errors.importFileUnreadable();
  if (!e.extra.fields) return e;
  return errors.validation(e.extra.fields.map((f) => ({ ...f, message: `「${filename}」${f.message}` })));
}

/**
 * The upload, checked and queued: a wrong name, an unreadable file or a header row without the required
 * columns is a 400 naming the file, before anything is stored.
 */
export async function queueImport(
  deps: AppDeps,
  importers: Importers,
  upload: { kind: ImportKind; stream: Readable; filename: string; actor: AuditActor; requestId?: string },
): Promise<ImportJob> {
  const { filename } = upload;
  const fileKind = kindOf(filename);
  if (!fileKind)
    throw errors.validation([{ path: 'filename', message: `「${filename}」不是 .xlsx 或 .csv 文件` }]);
  const chunks: Buffer[] = [];
  for await (const chunk of upload.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const opts: ImportOptions = { filename, actor: upload.actor, requestId: upload.requestId };
  try {
    let header = false;
    for await (const { cells } of readRows(Readable.from([bytes]), fileKind)) {
      const importer = importers[upload.kind](opts);
      await (importer.checkHeaders ? importer.checkHeaders(cells) : importer.start(cells));
      header = true;
      break;
    }
    if (!header) throw errors.validation([{ path: 'file', message: '文件为空' }]);
  } catch (e) {
    throw namingFile(e, filename);
  }
  const job = new ImportJobModel({
    kind: upload.kind,
    filename,
    by: upload.actor,
    requestId: upload.requestId,
    status: 'queued',
    fileBytes: bytes.length,
    bytesRead: 0,
    startedAt: deps.clock.now(),
  });
  job.fileKey = `imports/${job._id.toString()}.${fileKind}`;
  // The file, the entry that runs the job, then the job: a crash before the last step leaves no job that
  // nobody will run (the entry finds no job, retries a few times in case it was early, and gives up).
  await deps.files.put(job.fileKey, bytes, fileKind === 'csv' ? 'text/csv' : 'application/octet-stream');
  await enqueue({
    kind: IMPORT_RUN_JOB,
    dedupeKey: `import:${job._id.toString()}`,
    payload: { importId: job._id.toString() },
    maxAttempts: MAX_IMPORT_RUNS,
  });
  await job.save();
  return toImportJob(job.toObject() as ImportJobDoc);
}

/** Stops a job: a queued one at once, a running one after the chunk it is writing (rows written stay). */
export async function cancelImport(importId: string, actor: AuditActor): Promise<ImportJob> {
  const now = new Date();
  const job =
    (await ImportJobModel.findOneAndUpdate(
      { _id: importId, status: 'queued' },
      { $set: { status: 'cancelled', cancelRequested: true, finishedAt: now } },
      { new: true },
    ).lean<ImportJobDoc>()) ??
    (await ImportJobModel.findOneAndUpdate(
      { _id: importId, status: 'running' },
      { $set: { cancelRequested: true } },
      { new: true },
    ).lean<ImportJobDoc>());
  if (!job) {
    if (await ImportJobModel.exists({ _id: importId })) throw errors.importEnded();
    throw errors.importNotFound();
  }
  await audit.record({
    actor,
    action: 'import.cancel',
    target: { kind: 'importJob', id: importId },
    after: { status: job.status },
    outcome: 'ok',
  });
  return toImportJob(job);
}

const countsOf = (j: ImportJobDoc): ImportCounts => ({
  total: j.total,
  processed: j.processed,
  inserted: j.inserted,
  updated: j.updated,
  unchanged: j.unchanged,
  failed: j.failed,
});

/** The outbox handler that runs (or takes over) one import job. */
export const importRunJob =
  (deps: AppDeps, importers: Importers, batchSize = 1000): JobHandler =>
  async (payload, ctx) => {
    const importId = String(payload.importId);
    const token = ctx.entry.leaseToken ?? ctx.workerId;
    const job = await ImportJobModel.findOneAndUpdate(
      { _id: importId, status: { $in: ['queued', 'running'] } },
      { $set: { status: 'running', runToken: token }, $inc: { runs: 1 } },
      { new: true },
    ).lean<ImportJobDoc>();
    if (!job) {
      // Not written yet (the upload is between its last two steps), or never (it died there).
      if (!(await ImportJobModel.exists({ _id: importId })))
        throw new Error(`import ${importId} not found yet`);
      return { skipped: 'ended' };
    }
    const held = { _id: job._id, runToken: token, status: 'running' };
    const end = async (status: 'done' | 'failed' | 'cancelled', extra: Record<string, unknown> = {}) => {
      await ImportJobModel.updateOne(held, { $set: { status, finishedAt: new Date(), ...extra } });
      if (job.fileKey) await deps.files.delete(job.fileKey).catch(() => undefined);
    };
    if (job.cancelRequested) return end('cancelled');
    if ((job.runs ?? 1) > MAX_IMPORT_RUNS) return end('failed', { error: '导入多次中断,已停止,请重新上传' });
    const bytes = job.fileKey ? await deps.files.get(job.fileKey) : undefined;
    if (!bytes) return end('failed', { error: '上传的文件已不存在,请重新上传' });

    const opts: ImportOptions = {
      filename: job.filename,
      actor: job.by as AuditActor,
      requestId: job.requestId ?? undefined,
    };
    const counts = countsOf(job);
    const file = countedBytes(bytes);
    const runStarted = Date.now();
    const processedBefore = counts.processed;
    let cancelled = false;
    try {
      const outcome = await importRows(file.stream, kindOf(job.filename)!, importers[job.kind](opts), {
        skipRows: job.committedRows,
        counts,
        keptProblems: job.problems.length,
        batchSize,
        bytesRead: file.read,
        commit: async (chunk) => {
          await audit.recordMany(chunk.auditEntries);
          const seconds = Math.max(0.001, (Date.now() - runStarted) / 1000);
          const after = await ImportJobModel.findOneAndUpdate(
            held,
            {
              $set: {
                ...counts,
                committedRows: chunk.committedRows,
                bytesRead: file.read(),
                rowsPerSecond: Math.round((counts.processed - processedBefore) / seconds),
              },
              ...(chunk.problems.length ? { $push: { problems: { $each: chunk.problems } } } : {}),
            },
            { new: true, projection: { cancelRequested: 1 } },
          ).lean<ImportJobDoc>();
          if (!after) return false; // another run holds the job now
          if (after.cancelRequested) {
            cancelled = true;
            return false;
          }
          return ctx.heartbeat();
        },
      });
      if (cancelled) return await end('cancelled');
      if (outcome === 'stopped') return { stopped: 'lease lost' };
      await end('done', { bytesRead: bytes.length });
      await audit.record({
        actor: opts.actor,
        action: `${job.kind}.import`,
        target: { kind: 'importJob', id: importId },
        after: { filename: job.filename, ...counts },
        outcome: 'ok',
        requestId: opts.requestId,
      });
      return { done: counts.total };
    } catch (e) {
      // The file itself is wrong further down (a broken row the reader cannot pass): the job ends failed.
      if (e instanceof AppError) {
        const fields = e.extra.fields?.map((f) => f.message).join(';');
        return end('failed', { error: fields || e.message });
      }
      // The database or the store failed: the outbox retries later, from the last committed chunk.
      const last = (ctx.entry.attempts ?? 1) >= MAX_IMPORT_RUNS;
      if (last) await end('failed', { error: `导入中断:${(e as Error).message}` });
      else await ImportJobModel.updateOne(held, { $set: { status: 'queued' } });
      throw e;
    }
  };
