/**
 * The databases of a test run: one MongoDB (MONGODB_URI, mongod, or the SecantusDB stand-in: see
 * embeddedMongo.ts), plus one more stand-in per extra jest worker, since the stand-in is one Python
 * process (one core at most) and two workers would queue behind one. A real MongoDB is shared.
 *
 * jest's globalSetup starts them when nothing did; `npm test` starts them first (so its first line says
 * which database runs, and the later steps share it) by running this file:
 *   node --import tsx server/test/databases.ts [workers]
 * prints one JSON line { description, env } and keeps the servers up until its stdin closes or a signal.
 */
import { startMongo, type MongoKind, type RunningMongo } from '../src/platform/db/embeddedMongo';

export type TestDatabases = {
  kind: MongoKind;
  description: string;
  /** TEST_MONGODB_URI, TEST_MONGODB_KIND and, for stand-ins, TEST_MONGODB_URI_<worker>. */
  env: Record<string, string>;
  stop(): Promise<void>;
};

export async function startTestDatabases(
  workers: number,
  log: (m: string) => void = () => undefined,
): Promise<TestDatabases> {
  // No TTL passes: tests date documents by their own clocks (embeddedMongo.ts, ttlSweepSeconds).
  const first = await startMongo({ log: (m) => m.includes('downloading') && log(m), ttlSweepSeconds: 0 });
  const servers: RunningMongo[] = [first];
  const env: Record<string, string> = {
    TEST_MONGODB_URI: first.uri,
    TEST_MONGODB_KIND: first.kind,
    TEST_MONGODB_DESCRIPTION: first.description,
  };
  if (first.kind === 'secantusdb') {
    const n = Math.max(1, Math.min(4, workers));
    servers.push(
      ...(await Promise.all(
        Array.from({ length: n - 1 }, () =>
          startMongo({ env: { EMBEDDED_DB: 'secantusdb' }, ttlSweepSeconds: 0 }),
        ),
      )),
    );
    servers.forEach((s, i) => (env[`TEST_MONGODB_URI_${i + 1}`] = s.uri));
  }
  return {
    kind: first.kind,
    description: first.description,
    env,
    stop: async () => void (await Promise.all(servers.map((s) => s.stop()))),
  };
}

if (require.main === module) {
  void (async () => {
    const dbs = await startTestDatabases(Number(process.argv[2] ?? 1), (m) => process.stderr.write(`${m}\n`));
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void dbs.stop().finally(() => process.exit(0));
    };
    process.stdout.write(`${JSON.stringify({ description: dbs.description, env: dbs.env })}\n`);
    process.stdin.on('end', stop).on('close', stop).resume();
    for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(s, stop);
  })();
}
