/**
 * An import as a background job at volume, for `npm run bench` (scenario importJob): `benchImportJob(deps,
 * 100_000)` queues a generated CSV the way the upload does, lets worker A write it until it "dies" (stuck
 * in a chunk, lease passed), lets worker B take it over and finish, and samples the job's progress as the
 * console reads it (rows done, rows/s, share of the file read) while it runs. Needs a connected database.
 */
import { Readable } from 'node:stream';
import type { ImportJob } from '@portal/types';
import type { AppDeps } from '../deps';
import { importers } from '../modules/accounts/import/import.routes';
import { getImportJob } from '../modules/accounts/import/importJobLifecycle';
import {
  IMPORT_RUN_JOB,
  importRunJob,
  queueImport,
  type Importers,
} from '../modules/accounts/import/importJob.runner';
import { AccountModel } from '../modules/accounts/account.model';
import { ImportJobModel } from '../modules/accounts/import/importJob.model';
import { createWorker } from '../platform/outbox/worker';
import { benchCsv } from './accountsImport';

export type ProgressSample = { ms: number; processed: number; rowsPerSecond?: number; filePercent: number };

export type BenchImportJobResult = {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Progress readings while it ran (how many distinct row counts the console would have shown). */
  samples: ProgressSample[];
  /** Data rows committed when worker A stopped, and runs of the job (2: A, then B). */
  committedAtCrash: number;
  runs: number;
  accountsImported: number;
  job: ImportJob;
};

/** The importers, with one chunk write that never ends (a worker killed there). */
function dyingAt(write: number): Importers {
  let writes = 0;
  const hang = new Promise<never>(() => undefined);
  const wrap = (make: Importers['accounts']) => (opts: Parameters<Importers['accounts']>[0]) => {
    const real = make(opts);
    return {
      ...real,
      write: async (...args: Parameters<typeof real.write>) =>
        ++writes === write ? hang : real.write(...args),
    };
  };
  return { accounts: wrap(importers.accounts), bills: wrap(importers.bills) };
}

export async function benchImportJob(
  deps: AppDeps,
  rows: number,
  log: (m: string) => void = () => undefined,
): Promise<BenchImportJobResult> {
  const prefix = 'J';
  const csv = Buffer.from(benchCsv(rows, prefix));
  const actor = { kind: 'system' as const, id: 'bench' };
  const started = performance.now();
  const queued = await queueImport(deps, importers, {
    kind: 'accounts',
    stream: Readable.from([csv]),
    filename: 'bench-job.csv',
    actor,
  });
  const samples: ProgressSample[] = [];
  const sample = async () => {
    const j = await getImportJob(queued.id);
    const s = {
      ms: Math.round(performance.now() - started),
      processed: j.processed,
      rowsPerSecond: j.rowsPerSecond,
      filePercent: j.fileBytes ? Math.round(((j.bytesRead ?? 0) / j.fileBytes) * 100) : 0,
    };
    if (samples.at(-1)?.processed !== s.processed) {
      samples.push(s);
      log(`import job: ${s.processed} rows, ${s.rowsPerSecond ?? '—'} rows/s, ${s.filePercent}% of the file`);
    }
    return j;
  };

  // Worker A dies in the chunk that would pass 40% of the rows; its 1 ms lease is over at once.
  const dyingChunk = Math.max(2, Math.ceil((rows * 0.4) / 1000));
  const workerA = createWorker({
    handlers: { [IMPORT_RUN_JOB]: importRunJob(deps, dyingAt(dyingChunk)) },
    leaseMs: 1,
    pollMs: 50,
  });
  void workerA.runOnce();
  // Read often: a chunk of 1,000 rows takes about 200 ms on a fast database, and a reading that skips a chunk
  // would count against progress being visible.
  const every = 50;
  let job = await sample();
  while (job.processed < (dyingChunk - 1) * 1000) {
    await new Promise((r) => setTimeout(r, every));
    job = await sample();
  }
  const committedAtCrash = job.processed;
  const workerB = createWorker({ handlers: { [IMPORT_RUN_JOB]: importRunJob(deps, importers) }, pollMs: 50 });
  workerB.start();
  while (!['done', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((r) => setTimeout(r, every));
    job = await sample();
  }
  await workerB.stop();
  const seconds = (performance.now() - started) / 1000;
  const doc = await ImportJobModel.findById(queued.id, { runs: 1 }).lean();
  return {
    rows,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    samples,
    committedAtCrash,
    runs: doc?.runs ?? 0,
    accountsImported: await AccountModel.countDocuments({ accountNo: { $gte: prefix, $lt: 'K' } }),
    job,
  };
}
