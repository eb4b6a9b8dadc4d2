/** Imports are background jobs: a test uploads, lets a real outbox worker run the queued job, then reads it. */
import { accountsFeature } from '../../src/modules/accounts/feature';
import { IMPORT_RUN_JOB } from '../../src/modules/accounts';
import { createWorker } from '../../src/platform/outbox/worker';
import type { ApiResponse, TestServer } from '../harness';

/** Runs every queued import job to its end with one worker (as a portal's worker would). */
export async function runQueuedImports(t: TestServer): Promise<void> {
  await createWorker({
    handlers: accountsFeature.jobs!(t.deps),
    kinds: [IMPORT_RUN_JOB],
    pollMs: 10,
  }).drain();
}

/** POSTs an upload; when it is accepted (201), runs the job and answers with the finished job instead. */
export function importer(t: TestServer, token: string) {
  return async (path: string, opts: Parameters<TestServer['api']>[2]): Promise<ApiResponse> => {
    const res = await t.api('POST', path, { token, ...opts });
    if (res.status !== 201) return res;
    await runQueuedImports(t);
    const done = await t.api('GET', `/api/staff/imports/${res.body.id}`, { token });
    return { ...done, status: res.status };
  };
}
