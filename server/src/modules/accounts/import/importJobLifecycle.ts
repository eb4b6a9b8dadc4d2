/** How an import job ends, the same for every kind of import: its counts, kept problems, speed and audit entry. */
import type { Types } from 'mongoose';
import type { ImportJob, ImportProblem } from '@portal/types';
import { audit, type AuditActor, type AuditInput } from '../../../platform/audit';
import { errors } from '../../../platform/http/errors';
import { ImportJobModel, MAX_KEPT_PROBLEMS, type ImportJobDoc } from './importJob.model';

export type ImportOptions = {
  filename: string;
  actor: AuditActor;
  requestId?: string;
  batchSize?: number;
  /** Called after each batch is written (the CLI's progress bar). */
  onProgress?: (p: {
    processed: number;
    inserted: number;
    updated: number;
    unchanged: number;
    failed: number;
  }) => void;
};

export function toImportJob(j: ImportJobDoc): ImportJob {
  return {
    id: j._id.toString(),
    kind: j.kind ?? 'accounts',
    filename: j.filename,
    status: j.status,
    total: j.total,
    processed: j.processed,
    inserted: j.inserted,
    updated: j.updated,
    unchanged: j.unchanged,
    failed: j.failed,
    problems: j.problems
      .slice(0, 200)
      .map((p) => ({ row: p.row ?? 0, column: p.column ?? '', problem: p.problem ?? '' })),
    rowsPerSecond: j.rowsPerSecond ?? undefined,
    fileBytes: j.fileBytes ?? undefined,
    bytesRead: j.bytesRead ?? undefined,
    cancelRequested: j.cancelRequested ?? undefined,
    error: j.error ?? undefined,
    startedAt: j.startedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString(),
  };
}

export type ImportCounts = {
  total: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
};

export const emptyCounts = (): ImportCounts => ({
  total: 0,
  processed: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
});

/** After each written batch: its audit entries, the job's live counts (the console's progress bar), the CLI's progress. */
export async function recordImportProgress(
  jobId: Types.ObjectId,
  c: ImportCounts,
  auditEntries: AuditInput[],
  onProgress?: (c: ImportCounts) => void,
): Promise<void> {
  await audit.recordMany(auditEntries.splice(0));
  await ImportJobModel.updateOne({ _id: jobId }, { $set: { ...c } });
  onProgress?.(c);
}

/** Records the failure on the job and turns an unreadable file into a clear 400. */
export async function failImportJob(
  jobId: Types.ObjectId,
  c: ImportCounts,
  problems: ImportProblem[],
  e: unknown,
): Promise<never> {
  await ImportJobModel.updateOne(
    { _id: jobId },
    {
      $set: {
        ...c,
        status: 'failed',
        error: (e as Error).message,
        finishedAt: new Date(),
        problems: problems.slice(0, MAX_KEPT_PROBLEMS),
      },
    },
  );
  throw (e as { code?: string }).code ? e : errors.importFileUnreadable();
}

/** Marks the job done with its speed and sorted problems, and writes the audit entry. */
export async function completeImportJob(
  jobId: Types.ObjectId,
  run: {
    counts: ImportCounts;
    problems: ImportProblem[];
    started: Date;
    action: 'accounts.import' | 'bills.import';
  },
  opts: ImportOptions,
): Promise<ImportJob> {
  const { counts: c, problems, started, action } = run;
  const finishedAt = new Date();
  const seconds = Math.max(0.001, (finishedAt.getTime() - started.getTime()) / 1000);
  problems.sort((a, b) => a.row - b.row);
  const done = await ImportJobModel.findOneAndUpdate(
    { _id: jobId },
    {
      $set: {
        ...c,
        status: 'done',
        finishedAt,
        rowsPerSecond: Math.round(c.total / seconds),
        problems: problems.slice(0, MAX_KEPT_PROBLEMS),
      },
    },
    { new: true },
  ).lean<ImportJobDoc>();
  await audit.record({
    actor: opts.actor,
    action,
    target: { kind: 'importJob', id: jobId.toString() },
    after: { filename: opts.filename, ...c },
    outcome: 'ok',
    requestId: opts.requestId,
  });
  return toImportJob(done!);
}

/** A new running job of one kind; its id names it in progress updates and the report. */
export async function startImportJob(
  kind: 'accounts' | 'bills',
  opts: ImportOptions,
  started: Date,
): Promise<Types.ObjectId> {
  const job = await ImportJobModel.create({
    kind,
    filename: opts.filename,
    by: opts.actor,
    startedAt: started,
  });
  return job._id;
}

async function loadJob(importId: string): Promise<ImportJobDoc> {
  const job = /^[a-f\d]{24}$/i.test(importId)
    ? await ImportJobModel.findById(importId).lean<ImportJobDoc>()
    : null;
  if (!job) throw errors.importNotFound();
  return job;
}

export async function getImportJob(importId: string): Promise<ImportJob> {
  return toImportJob(await loadJob(importId));
}

/** Every kept problem of a job (the downloadable report; the job view carries only the first 200). */
export async function importJobProblems(importId: string): Promise<ImportProblem[]> {
  const job = await loadJob(importId);
  return job.problems.map((p) => ({ row: p.row ?? 0, column: p.column ?? '', problem: p.problem ?? '' }));
}

export async function listImportJobs(q: { page: number; pageSize: number }) {
  const [rows, total] = await Promise.all([
    ImportJobModel.find({}, { problems: { $slice: 20 }, runToken: 0 })
      .sort({ startedAt: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<ImportJobDoc[]>(),
    ImportJobModel.countDocuments(),
  ]);
  return { items: rows.map(toImportJob), total, page: q.page, pageSize: q.pageSize };
}
