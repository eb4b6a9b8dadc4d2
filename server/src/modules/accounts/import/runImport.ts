/**
 * The one import loop every kind of import runs (accounts here, bills in billing/import): read the file
 * row by row, map the header row, validate each row, report duplicates of an earlier row, write in
 * batches, record progress after each batch, and end the job (done, or failed with a clear 400).
 * A kind of import says only what is its own: its columns, one row's validation and a batch's write.
 */
import { Readable } from 'node:stream';
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
import { kindOf, readRows, type FileKind } from '../../../platform/spreadsheet';

/** What a batch write works with: it adds to the counts and problems and queues audit entries. */
export type ImportRun = { counts: ImportCounts; problems: ImportProblem[]; auditEntries: AuditInput[] };

export type Importer<T> = {
  kind: 'accounts' | 'bills';
  /** The header row: throws errors.validation naming the missing columns. */
  start(headers: string[]): Promise<void> | void;
  /** The header row checked only (the upload's check, before the job): what `start` refuses, without its reads. */
  checkHeaders?(headers: string[]): void;
  /** One data row: the item, or the problems that keep it out. */
  row(row: number, cells: string[]): { item?: T; problems: ImportProblem[] };
  /** Two rows with the same key are one item twice; the later row is reported. */
  key(item: T): string;
  duplicate(row: number, firstRow: number): ImportProblem;
  /**
   * A row that passed and that an earlier run of the job already wrote (it is read again, not written): accounts
   * remember the area code the file gave it, for the rows after it.
   */
  written?(item: T): void;
  write(batch: { row: number; item: T }[], run: ImportRun): Promise<void>;
};

/** Same stored value? Compared as JSON values, so key order (the schema's, or the row's) does not matter. */
export const sameValue = (a: unknown, b: unknown): boolean => isDeepStrictEqual(plain(a), plain(b));
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));

/** Where a run of the loop starts and how it records each chunk (see importJobLifecycle.commitChunk). */
export type ChunkRun = {
  /** Data rows already written and counted by an earlier run: read again (for duplicates) but not written. */
  skipRows: number;
  counts: ImportCounts;
  /** Problems already kept on the job (the cap counts them). */
  keptProblems: number;
  batchSize: number;
  /** Bytes of the file read so far (the progress bar while the row count is unknown). */
  bytesRead(): number;
  /** Records one written chunk; returns false when the run must stop (cancelled, or the lease was lost). */
  commit(chunk: {
    committedRows: number;
    problems: ImportProblem[];
    auditEntries: AuditInput[];
  }): Promise<boolean>;
};

/** One chunk of the file: the rows to write, and what its rows add to the counts, problems and audit. */
type Chunk<T> = { batch: { row: number; item: T }[]; run: ImportRun; endRow: number };

const chunkOf = <T>(): Chunk<T> => ({
  batch: [],
  run: { counts: emptyCounts(), problems: [], auditEntries: [] },
  endRow: 0,
});

/**
 * The loop: header, then each data row validated (and checked against earlier rows for duplicates), the
 * good ones written in chunks of `batchSize` data rows; after each chunk `commit` records it. Returns
 * 'stopped' when a commit says stop, 'done' at the end of the file.
 *
 * The next chunk is read and validated while the one before it is written: the file's parsing and the
 * database's writing overlap. Chunks are still written one after the other, each only once the chunk
 * before it is committed, and a chunk carries its own counts and problems, so a commit records exactly
 * the rows up to its end (what a take-over after a crash relies on).
 */
export async function importRows<T>(
  input: Readable,
  fileKind: FileKind,
  importer: Importer<T>,
  run: ChunkRun,
): Promise<'done' | 'stopped'> {
  const seen = new Map<string, number>();
  let kept = run.keptProblems;
  let headers = false;
  let ordinal = 0;
  let chunkStart = run.skipRows;
  let chunk = chunkOf<T>();
  /** The chunk being written and committed (false: the run must stop). */
  let writing: Promise<boolean> = Promise.resolve(true);

  const writeAndCommit = async (ch: Chunk<T>): Promise<boolean> => {
    await importer.write(ch.batch, ch.run);
    const c = ch.run.counts;
    c.processed += ch.batch.length;
    for (const k of Object.keys(c) as (keyof ImportCounts)[]) run.counts[k] += c[k];
    const problems = ch.run.problems.sort((a, b) => a.row - b.row);
    const keep = problems.slice(0, Math.max(0, MAX_KEPT_PROBLEMS - kept));
    kept += keep.length;
    return run.commit({ committedRows: ch.endRow, problems: keep, auditEntries: ch.run.auditEntries });
  };
  /** Waits for the chunk before, then starts writing this one without waiting for it. */
  const flush = async (): Promise<boolean> => {
    if (!(await writing)) return false;
    const ch = chunk;
    ch.endRow = ordinal;
    chunk = chunkOf<T>();
    chunkStart = ordinal;
    writing = writeAndCommit(ch);
    writing.catch(() => undefined); // awaited at the next flush or at the end
    return true;
  };

  try {
    for await (const { row, cells } of readRows(input, fileKind)) {
      if (!headers) {
        await importer.start(cells);
        headers = true;
        continue;
      }
      ordinal++;
      const { item, problems } = importer.row(row, cells);
      if (item) {
        const key = importer.key(item);
        const first = seen.get(key);
        if (first !== undefined) problems.push(importer.duplicate(row, first));
        else seen.set(key, row);
      }
      if (ordinal <= run.skipRows) {
        if (item && !problems.length) importer.written?.(item);
        continue;
      }
      const c = chunk.run.counts;
      c.total++;
      if (problems.length || !item) {
        c.failed++;
        c.processed++;
        chunk.run.problems.push(...problems);
      } else {
        chunk.batch.push({ row, item });
      }
      if (ordinal - chunkStart >= run.batchSize && !(await flush())) return 'stopped';
    }
    if (!headers) throw errors.validation([{ path: 'file', message: '文件为空' }]);
    // The rest of the file (nothing, when its rows filled the chunks exactly: no empty chunk to record).
    if (ordinal > chunkStart && !(await flush())) return 'stopped';
    return (await writing) ? 'done' : 'stopped';
  } catch (e) {
    // The file broke (or a write failed): the chunk in flight ends before the caller records the failure.
    await writing.catch(() => undefined);
    throw e;
  }
}

/** Counts the bytes the reader has taken from a file (16 KiB pieces, little read-ahead: the count follows the rows). */
export function countedBytes(bytes: Buffer): { stream: Readable; read(): number } {
  const PIECE = 16_384;
  let read = 0;
  function* pieces() {
    for (let at = 0; at < bytes.length; at += PIECE) {
      const piece = bytes.subarray(at, at + PIECE);
      read += piece.length;
      yield piece;
    }
  }
  return { stream: Readable.from(pieces(), { objectMode: false, highWaterMark: PIECE }), read: () => read };
}

/** An import run to the end in the caller (the CLI, the bench): the same loop and chunk records as a job. */
export async function runImport<T>(
  input: Readable,
  opts: ImportOptions,
  importer: Importer<T>,
): Promise<ImportJob> {
  const fileKind = kindOf(opts.filename);
  if (!fileKind) throw errors.validation([{ path: 'filename', message: '仅支持 .xlsx 或 .csv 文件' }]);
  const started = new Date();
  const jobId = await startImportJob(importer.kind, opts, started);
  const counts = emptyCounts();
  const problems: ImportProblem[] = [];
  try {
    await importRows(input, fileKind, importer, {
      skipRows: 0,
      counts,
      keptProblems: 0,
      batchSize: opts.batchSize ?? 1000,
      bytesRead: () => 0,
      commit: async (chunk) => {
        problems.push(...chunk.problems);
        await recordImportProgress(jobId, counts, chunk.auditEntries, opts.onProgress);
        return true;
      },
    });
  } catch (e) {
    return failImportJob(jobId, counts, problems, e);
  }
  return completeImportJob(jobId, { counts, problems, started, action: `${importer.kind}.import` }, opts);
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
