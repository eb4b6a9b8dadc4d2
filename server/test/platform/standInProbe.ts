/**
 * Runs a Python script against the stand-in's own storage (its `secantus.storage`, in the stand-in's Python)
 * and returns the one JSON line it prints. For tests that count what the stand-in reads, which no wire
 * command reports: its `explain` names no index.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { connectDb } from '../../src/platform/db/mongo';
import { ensureSecantus, REPO_ROOT, spawnStandIn } from '../../src/platform/db/embeddedMongo';
import { testDbName } from '../harness';

export const onStandIn = process.env.TEST_MONGODB_KIND === 'secantusdb';

/** Python that counts every collection scan into `scans` (the collection's name per scan). */
export const COUNT_SCANS = String.raw`
import secantus.storage as storage
scans = []
for name in ("_scan_docs", "_scan_docs_natural"):
    def counting(self, db, coll, _plain=getattr(storage.Storage, name)):
        scans.append(coll)
        return _plain(self, db, coll)
    setattr(storage.Storage, name, counting)
`;

/**
 * Python for probes that hold a fix to the stand-in's own function: `outcome(f, *a, **k)` is what a call answered,
 * comparable across the two: its value's repr, or its error's type and message.
 */
export const PROBE_OUTCOME = String.raw`
def outcome(f, *a, **k):
    try:
        return ["ok", repr(f(*a, **k))]
    except Exception as exc:
        return ["error", type(exc).__name__, str(exc)]
`;

export function standInProbe<T>(script: string, args: string[] = []): T {
  const python = path.join(REPO_ROOT, '.venv', 'secantusdb', 'bin', 'python');
  const r = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8' });
  if (r.stderr) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/**
 * Python every logging stand-in's prelude starts with: `_log_line(text)` appends a line to the file named by LOG,
 * and `_log_calls(owner, name, line)` makes every call of `owner.name` (a class's method or a module's function)
 * log `line` (its name by default) first.
 */
const LOG_LINES = String.raw`
import os as _os_log, threading as _threading_log
_log_lock = _threading_log.Lock()
def _log_line(text):
    with _log_lock, open(_os_log.environ["LOG"], "a") as f:
        f.write(text + "\n")
def _log_calls(owner, name, line=None):
    plain = getattr(owner, name)
    def logged(*a, **k):
        _log_line(line or name)
        return plain(*a, **k)
    setattr(owner, name, logged)
`;

/** COUNT_SCANS, its `scans` the log: one collection name a line. */
const LOG_SCANS = String.raw`
${COUNT_SCANS}
class _ScanLog(list):
    def append(self, coll):
        _log_line(coll)
scans = _ScanLog()
`;

export type ScanLoggingStandIn = {
  uri: string;
  /** The collections scanned since the last `forget()`, one per scan. */
  scans(): string[];
  forget(): void;
  stop(): Promise<void>;
};

/**
 * A stand-in of its own, run as the portal runs it (in memory), with `prelude` run first: a prelude that logs a
 * line per event of interest (a scan, a change event made, a catalog read) with LOG_LINES's `_log_line` or
 * `_log_calls`. It serves only the test that started it, so every line is that test's.
 */
export async function startLoggingStandIn(prelude: string): Promise<{
  uri: string;
  /** The lines written since the last `forget()`. */
  lines(): string[];
  forget(): void;
  stop(): Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stand-in-log-'));
  const log = path.join(dir, 'log');
  const { child, port } = await spawnStandIn({
    bin: ensureSecantus(),
    storagePath: ':memory:',
    logLevel: 'ERROR',
    onParentDeath: 'SIGKILL',
    prelude: `${LOG_LINES}\n${prelude}`,
    env: { LOG: log },
  });
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    lines: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    forget: () => fs.rmSync(log, { force: true }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null)
        await new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A logging stand-in (startLoggingStandIn) that logs every collection scan: for tests that check which reads of a
 * whole request go through no index.
 */
export async function startScanLoggingStandIn(): Promise<ScanLoggingStandIn> {
  const { lines, ...standIn } = await startLoggingStandIn(LOG_SCANS);
  return { ...standIn, scans: lines };
}

/**
 * A fresh test database on a scan-logging stand-in of its own, connected, with every declared index built: for
 * `startTestServer({ db })` or `startPayTest({ db })`. Dropping it stops the stand-in.
 */
export async function scanLoggedTestDb(): Promise<{
  scans: ScanLoggingStandIn;
  db: { dbName: string; drop(): Promise<void> };
}> {
  const scans = await startScanLoggingStandIn();
  const dbName = testDbName();
  await connectDb(scans.uri, dbName);
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
  const drop = async () => {
    await mongoose.disconnect();
    await scans.stop();
  };
  return { scans, db: { dbName, drop } };
}
