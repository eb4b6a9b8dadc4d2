/** A message worker in its own process, so a test can kill it (SIGKILL) in the middle of a fan-out. */
import { connectDb } from '../../src/platform/db/mongo';
import { createTestDeps, testConfig } from '../harness';
import { messageWorker } from '../messaging/support';
import { NOTICE_FANOUT } from '../../src/modules/notices/notices.service';
import { fanOutPush } from '../../src/modules/notices/fanout.job';

async function main() {
  await connectDb(process.env.WORKER_MONGO_URI!, process.env.WORKER_DB_NAME!);
  const deps = createTestDeps(testConfig(JSON.parse(process.env.WORKER_PORTAL_ENV!)));
  const worker = messageWorker(deps, {
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 16),
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 10_000),
    extra: { [NOTICE_FANOUT]: (p, ctx) => fanOutPush(String(p.noticeId), Number(p.seq), ctx) },
  });
  worker.start();
  process.send?.('started');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
