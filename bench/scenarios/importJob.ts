/**
 * Import as a background job (issue 16 item 7): 100k generated accounts queued as the upload queues them,
 * written by worker A until it dies at 40% (lease passed), taken over by worker B from the last committed
 * chunk; the job's progress is read while it runs, as the console polls it. Goal: done, every row once,
 * progress visible (many distinct readings), ≥ 5,000 rows/s on mongod.
 */
import { createTestDeps, testConfig } from '../../server/test/harness';
import { freshDb, need, type Scenario } from '../lib';

type ImportJobBench = typeof import('../../server/src/bench/importJob');

export const importJob: Scenario = {
  name: 'importJob',
  summary: '100k-row accounts import as a job: progress while it runs, survives a worker dying at 40%',
  async run(ctx) {
    const benchImportJob = await need<ImportJobBench['benchImportJob']>(
      () => import('../../server/src/bench/importJob'),
      'benchImportJob',
      'server/src/bench/importJob.ts',
    );
    await import('../../server/src/modules');
    const rows = ctx.quick ? 5_000 : 100_000;
    const db = await freshDb('importJob');
    try {
      const r = await benchImportJob(createTestDeps(testConfig()), rows, ctx.log);
      const exactlyOnce = r.job.status === 'done' && r.accountsImported === rows && r.job.processed === rows;
      return {
        volume: { rows, committedAtCrash: r.committedAtCrash, runs: r.runs, seconds: r.seconds },
        metrics: [
          {
            name: 'rows/s (whole job, crash and take-over included)',
            value: r.rowsPerSecond,
            unit: 'rows/s',
          },
          {
            name: 'finished with every row exactly once after a worker died',
            value: exactlyOnce ? 1 : 0,
            unit: 'yes=1',
            goal: '1',
            pass: exactlyOnce,
          },
          {
            name: 'distinct progress readings while running',
            value: r.samples.length,
            unit: 'readings',
            goal: '≥ 5',
            pass: r.samples.length >= 5,
          },
        ],
      };
    } finally {
      await db.drop();
    }
  },
};
