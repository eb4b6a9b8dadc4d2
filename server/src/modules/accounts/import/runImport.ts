/**
 * The one import loop every kind of import runs (accounts here, bills in billing/import): read the file
 * row by row, map the header row, validate each row, report duplicates of an earlier row, write in
 * batches, record progress after each batch, and end the job (done, or failed with a clear 400).
 * A kind of import says only what is its own: its columns, one row's validation and a batch's write.
 */
import type { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import type { ImportJob, ImportProblem } from '@portal/types';
import type { AuditInput } from '../../../platform/audit';
import { errors } from '../../../platform/http/errors';
import { MAX_KEPT_PROBLEMS } from './importJob.model';
import {
  completeImportJob,
  emptyCounts,
  failImportJob,
  recordImportProgress,
  startImportJob,
  type ImportCounts,
  type ImportOptions,
} from './importJobLifecycle';
import { kindOf, readRows } from '../../../platform/spreadsheet';

/** What a batch write works with: it adds to the counts and problems and queues audit entries. */
export type ImportRun = { counts: ImportCounts; problems: ImportProblem[]; auditEntries: AuditInput[] };

export type Importer<T> = {
  kind: 'accounts' | 'bills';
  /** The header row: throws errors.validation naming the missing columns. */
  start(headers: string[]): Promise<void> | void;
  /** One data row: the item, or the problems that keep it out. */
  row(row: number, cells: string[]): { item?: T; problems: ImportProblem[] };
  /** Two rows with the same key are one item twice; the later row is reported. */
  key(item: T): string;
  duplicate(row: number, firstRow: number): ImportProblem;
  /** A row that passed (accounts remember its area for the rows after it). */
  accepted?(item: T): void;
  write(batch: { row: number; item: T }[], run: ImportRun): Promise<void>;
};

/** Same stored value? Compared as JSON values, so key order (the schema's, or the row's) does not matter. */
export const sameValue = (a: unknown, b: unknown): boolean => isDeepStrictEqual(plain(a), plain(b));
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));

/** Reads by key in small $in lists, in parallel: cheaper than one long list on some servers (the test stand-in). */
export async function inChunks<T>(
  keys: string[],
  size: number,
  fn: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const chunks = Array.from({ length: Math.ceil(keys.length / size) }, (_, i) =>
    keys.slice(i * size, i * size + size),
  );
  return (await Promise.all(chunks.map(fn))).flat();
}

export async function runImport<T>(
  input: Readable,
  opts: ImportOptions,
  importer: Importer<T>,
): Promise<ImportJob> {
  const fileKind = kindOf(opts.filename);
  if (!fileKind) throw errors.validation([{ path: 'filename', message: '仅支持 .xlsx 或 .csv 文件' }]);
  const batchSize = opts.batchSize ?? 1000;
  const started = new Date();
  const jobId = await startImportJob(importer.kind, opts, started);
  const run: ImportRun = { counts: emptyCounts(), problems: [], auditEntries: [] };
  const c = run.counts;
  const seen = new Map<string, number>();
  let headers = false;
  let batch: { row: number; item: T }[] = [];

  const flush = async () => {
    await importer.write(batch, run);
    c.processed += batch.length;
    batch = [];
    await recordImportProgress(jobId, c, run.auditEntries, opts.onProgress);
  };

  try {
    for await (const { row, cells } of readRows(input, fileKind)) {
      if (!headers) {
        await importer.start(cells);
        headers = true;
        continue;
      }
      c.total++;
      const { item, problems } = importer.row(row, cells);
      if (item) {
        const key = importer.key(item);
        const first = seen.get(key);
        if (first !== undefined) problems.push(importer.duplicate(row, first));
        else seen.set(key, row);
      }
      if (problems.length || !item) {
        c.failed++;
        c.processed++;
        if (run.problems.length < MAX_KEPT_PROBLEMS) run.problems.push(...problems);
        continue;
      }
      importer.accepted?.(item);
      batch.push({ row, item });
      if (batch.length >= batchSize) await flush();
    }
    if (!headers) throw errors.validation([{ path: 'file', message: '文件为空' }]);
    await flush();
  } catch (e) {
    return failImportJob(jobId, c, run.problems, e);
  }
  return completeImportJob(
    jobId,
    { counts: c, problems: run.problems, started, action: `${importer.kind}.import` },
    opts,
  );
}

/** The audit entry of a row that changed a stored record: what it was and what the file made it. */
export const rowUpdateAudit = (
  opts: ImportOptions,
  action: string,
  target: { kind: string; id: string },
  change: { before: Record<string, unknown>; after: Record<string, unknown> },
  at: Date,
): AuditInput => ({
  actor: opts.actor,
  action,
  target,
  ...change,
  outcome: 'ok',
  requestId: opts.requestId,
  at,
});

/**
 * The operations an unordered bulk write refused (by index, `duplicate` for a unique-key clash), and how
 * many it matched; an error that is not a per-operation refusal is thrown on.
 */
export function bulkWriteRefusals(e: unknown): {
  refused: { index: number; duplicate: boolean }[];
  matched: number;
} {
  type WriteError = { index: number; code?: number };
  const err = e as { writeErrors?: WriteError[] | WriteError; result?: { matchedCount?: number } };
  if (!err.writeErrors) throw e;
  const list = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  return {
    refused: list.map((w) => ({ index: w.index, duplicate: w.code === 11000 })),
    matched: err.result?.matchedCount ?? 0,
  };
}
