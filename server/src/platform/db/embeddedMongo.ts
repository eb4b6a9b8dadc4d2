/**
 * A MongoDB for the demo, the tests and the bench, with nothing to install by hand. In order:
 *   1. MONGODB_URI set → that server;
 *   2. a real mongod through mongodb-memory-server: the binary in its cache (or MONGOMS_SYSTEM_BINARY),
 *      else downloaded once into that cache, as Node projects conventionally do, provided the download
 *      answers within EMBEDDED_DB_PROBE_MS (default 3 s), so an offline machine does not wait;
 *   3. SecantusDB, a MongoDB wire-compatible stand-in from PyPI, pinned, installed on first use into
 *      .venv/secantusdb under the repository root.
 * EMBEDDED_DB=mongod | secantusdb skips the choice. See server/test/README.md for what the stand-in lacks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SECANTUS_CATALOG_FIX } from './secantusCatalog';
import { SECANTUS_CHANGE_STREAM_FIX } from './secantusChangeStreams';
import { SECANTUS_INDEX_KEY_FIX } from './secantusIndexKeys';
import { SECANTUS_PACKING_FIX } from './secantusPacking';
import { SECANTUS_PIPELINE_FIX } from './secantusPipeline';
import { SECANTUS_PLANNER_FIX } from './secantusPlanner';
import { SECANTUS_WRITE_FIX } from './secantusWrites';
import { makeVenv, type PythonMinors } from './python';

export const SECANTUS_VERSION = '0.7.0b3';

/** The directory whose package.json lists the workspaces: the checkout, or the production runtime tree. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && 'workspaces' in JSON.parse(fs.readFileSync(manifest, 'utf8'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../..');
  }
}
export const REPO_ROOT = findRepoRoot(__dirname);

export type MongoKind = 'external' | 'mongod' | 'secantusdb';
export type RunningMongo = {
  uri: string;
  kind: MongoKind;
  /** One line for logs and the first line of test and bench runs: what runs, and why the stand-in if it does. */
  description: string;
  /** The server's process when this one started it (the bench reads its CPU time); not for MONGODB_URI. */
  pid?: number;
  /**
   * Ends the server. `discardData`: its files are deleted next (a test's copy), so a stand-in is ended at once
   * (SIGKILL) instead of writing them out first (2–5 s). Only then: the writes of its last few milliseconds may
   * not have reached its files (STAND_IN_STOP_BOUND_S).
   */
  stop(opts?: { discardData?: boolean }): Promise<void>;
};

type Options = {
  /** Persistent storage directory; omit for an in-memory server (tests). mongod keeps its files in `<dir>-mongod`. */
  storageDir?: string;
  port?: number;
  /**
   * The stand-in's WiredTiger cache ('8G'; its default is 1G). In memory, every document and index entry
   * lives in that cache: a bench volume of a million orders does not fit in 1G (writes slow down as it
   * fills, then fail with an internal error).
   */
  cacheSize?: string;
  log?: (msg: string) => void;
  /**
   * Seconds between the server's passes over its TTL indexes; 0 turns them off. Default 60, as mongod. Tests turn
   * them off: a test's documents are dated by its injected clock, the server reaps by the machine's, so a lock's
   * attempts dated days back were reaped in the middle of a test (CI, stop 38). No test waits for an expiry.
   * Not applied to MONGODB_URI: run a shared test server with `--setParameter ttlMonitorEnabled=false`.
   */
  ttlSweepSeconds?: number;
  /** MONGODB_URI, EMBEDDED_DB (auto | mongod | secantusdb), EMBEDDED_DB_PROBE_MS; default process.env. */
  env?: Record<string, string | undefined>;
};

export async function startMongo(opts: Options = {}): Promise<RunningMongo> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  if (env.MONGODB_URI) {
    const running: RunningMongo = {
      uri: env.MONGODB_URI,
      kind: 'external',
      description: 'external MongoDB (MONGODB_URI)',
      stop: async () => undefined,
    };
    log(`MongoDB: ${running.description}`);
    return running;
  }
  const wanted = env.EMBEDDED_DB ?? 'auto';
  if (!['auto', 'mongod', 'secantusdb'].includes(wanted))
    throw new Error(`EMBEDDED_DB: auto, mongod or secantusdb, not ${wanted}`);
  let why = 'EMBEDDED_DB=secantusdb';
  if (wanted !== 'secantusdb') {
    const found = await findMongod(Number(env.EMBEDDED_DB_PROBE_MS ?? 3_000), log);
    if ('binary' in found) return startMongod(found.binary, opts, log);
    if (wanted === 'mongod') throw new Error(`EMBEDDED_DB=mongod, but ${found.why}`);
    why = found.why;
  }
  return startSecantus(opts, log, why);
}

type Core = typeof import('mongodb-memory-server-core');

/**
 * The mongod binary: from mongodb-memory-server's cache, or downloaded into it when the download
 * answers within `probeMs`. Otherwise why not, for the log line.
 */
export async function findMongod(
  probeMs: number,
  log: (m: string) => void = () => undefined,
): Promise<{ binary: string } | { why: string }> {
  let core: Core;
  try {
    core = await import('mongodb-memory-server-core');
  } catch {
    return { why: 'mongodb-memory-server-core is not installed' };
  }
  const options = await core.DryMongoBinary.generateOptions();
  try {
    const cached = await core.DryMongoBinary.locateBinary(options);
    if (cached) return { binary: cached };
  } catch (e) {
    return { why: `MONGOMS_SYSTEM_BINARY: ${(e as Error).message}` };
  }
  let url: string;
  try {
    const { MongoBinaryDownloadUrl } =
      await import('mongodb-memory-server-core/lib/util/MongoBinaryDownloadUrl');
    url = await new MongoBinaryDownloadUrl(options).getDownloadUrl();
  } catch (e) {
    return {
      why: `no mongod ${options.version} build for this system (${(e as Error).message.split('\n')[0]})`,
    };
  }
  const probe = await probeDownload(url, probeMs);
  if (probe)
    return { why: `mongod ${options.version} is not in ${options.downloadDir} and its download ${probe}` };
  log(`MongoDB: downloading mongod ${options.version} into ${options.downloadDir} (once)`);
  try {
    return { binary: await core.MongoBinary.download({ ...options, checkMD5: false }) };
  } catch (e) {
    return { why: `the mongod ${options.version} download failed (${(e as Error).message.split('\n')[0]})` };
  }
}

/** undefined when `url` answers a HEAD with 2xx within `ms`; otherwise what went wrong. */
async function probeDownload(url: string, ms: number): Promise<string | undefined> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(ms) });
    return res.ok ? undefined : `(${url}) answers ${res.status}`;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const reason =
      err.name === 'TimeoutError' ? `no answer within ${ms} ms` : (err.cause?.code ?? err.message);
    return `(${url}) is unreachable: ${reason}`;
  }
}

async function startMongod(binary: string, opts: Options, log: (m: string) => void): Promise<RunningMongo> {
  const core = await import('mongodb-memory-server-core');
  const dbPath = opts.storageDir && `${opts.storageDir}-mongod`;
  if (dbPath) fs.mkdirSync(dbPath, { recursive: true });
  const replSet = await core.MongoMemoryReplSet.create({
    binary: { systemBinary: binary },
    replSet: { count: 1, storageEngine: 'wiredTiger' },
    instanceOpts: [
      {
        port: opts.port,
        ...(dbPath ? { dbPath } : {}),
        args: mongodTtlArgs(opts.ttlSweepSeconds),
      },
    ],
  });
  const description = `mongod ${binary} (single-node replica set${dbPath ? `, data in ${dbPath}` : ', in memory'})`;
  log(`MongoDB: ${description}`);
  return {
    uri: replSet.getUri(),
    kind: 'mongod',
    description,
    pid: replSet.servers[0]?.instanceInfo?.instance.mongodProcess?.pid,
    stop: async () => void (await replSet.stop({ doCleanup: !dbPath })),
  };
}

/** mongod's TTL monitor: off, or its pass every `seconds` (mongod's own default when unset). */
const mongodTtlArgs = (seconds: number | undefined): string[] =>
  seconds === undefined
    ? []
    : seconds > 0
      ? ['--setParameter', `ttlMonitorSleepSecs=${Math.ceil(seconds)}`]
      : ['--setParameter', 'ttlMonitorEnabled=false'];

/** Installs SecantusDB into the project-local venv once (safe when several processes race). */
export function ensureSecantus(log: (m: string) => void = () => undefined): string {
  return ensurePythonTool(
    'secantusdb',
    [`secantusdb==${SECANTUS_VERSION}`],
    'secantusd-py',
    `SecantusDB ${SECANTUS_VERSION}`,
    log,
    SECANTUS_PYTHONS,
  );
}

/** The CPython versions SecantusDB's pinned release has wheels for (it ships no source). */
export const SECANTUS_PYTHONS: PythonMinors = { oldest: 10, newest: 13 };

/**
 * A Python tool from PyPI, pinned, in its own venv under .venv/<name> at the repository root, installed on
 * first use (the database stand-in; the S3-compatible server the storage tests use). Safe when several
 * processes race: one installs, the others wait for it. Returns the path of `binary`.
 *
 * The venv is made with the best interpreter on PATH (python.ts): of the `pythons` versions when given, and
 * a distribution's build before a slower one. An existing venv is kept as it was made.
 */
export function ensurePythonTool(
  name: string,
  requirements: string[],
  binary: string,
  what: string,
  log: (m: string) => void = () => undefined,
  pythons?: PythonMinors,
): string {
  const venv = path.join(REPO_ROOT, '.venv', name);
  const bin = path.join(venv, 'bin', binary);
  if (fs.existsSync(bin)) return bin;
  const lockDir = `${venv}.lock`;
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (fs.existsSync(bin)) return bin;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}; remove it if stale`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (fs.existsSync(bin)) return bin;
    const python = makeVenv(venv, what, pythons, log);
    log(
      `installing ${what} into ${path.relative(REPO_ROOT, venv)} with Python ${python.version.join('.')} ` +
        `(${python.path}) (first run only)`,
    );
    run(path.join(venv, 'bin', 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      ...requirements,
    ]);
    if (!fs.existsSync(bin)) throw new Error(`${what} installed but ${bin} is missing`);
    return bin;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs argv[2:] after asking Linux to SIGTERM it when this process dies (PR_SET_PDEATHSIG), so a
 * portal killed with SIGKILL does not leave the stand-in running and holding its port and files.
 *
 * The database keeps the real clock when the tests shift the portal's (libfaketime, scripts/test.mjs): the
 * portal never asks the database for the time, and the Python stand-in runs five times slower under it.
 */
const FAKE_CLOCK_VARS = new Set(['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC']);
/** This process's environment without libfaketime: a child started with it keeps the machine's clock. */
export const realClockEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !FAKE_CLOCK_VARS.has(k)));

/**
 * Seconds an orderly stop of the stand-in may take before the kernel ends it. It usually takes 2–5 s (it waits
 * for its accept thread, drains its connections, writes a checkpoint); up to 16 s was seen with slow queries in
 * flight. Ending it then is safe: by then it has taken no write for seconds, and its journal reaches the files
 * within milliseconds of a write, so it reopens with every acknowledged write (embeddedMongo.test.ts wedges one's
 * stop and reads its data back). Not at any point: a stand-in ended by SIGKILL within a few milliseconds of a write
 * it acknowledged reopens without it (seen here at 0 ms, not at 50), unlike a replica set's majority writes.
 */
export const STAND_IN_STOP_BOUND_S = 30;

/**
 * The stand-in's readiness pipe: it writes `listening <port>` there once its socket listens, then closes it. It
 * was taken for ready once its port answered; but a stand-in that cannot bind the port it was given, because
 * another server took it after freePort found it free, exits with "Address already in use" while the other server
 * answers there. (ci102's one failure fits that: a test's stand-in that ended with code 1, not 0, on SIGTERM.) Now
 * the stand-in itself says it listens and, unless told a port, binds one the system gives it: no such race.
 */
const READY_FD = 3;

/**
 * Runs the stand-in in this Python process, its planner fixed first (secantusPlanner.ts), and two fixes to how it
 * stops: `python -c STAND_IN_SCRIPT <stop bound in seconds> <secantusd-py> <its arguments>`.
 *
 * Twice in CI (ci57, ci60) a stand-in that got SIGTERM when the portal was killed outright was still there three
 * minutes later, asleep on a futex; by hand it always went in 2–16 s. Either its handler never ran or its stop
 * wedged; which, the evidence does not say. Each is now bounded:
 * - **The handler runs.** The main thread waited for the stop on an Event with no timeout, a lock acquire that
 *   only a signal delivered to that very thread interrupts; Python runs a signal's handler only on the main
 *   thread, when it next runs Python code. It now wakes twice a second.
 * - **The stop ends.** It first sets an alarm with SIGALRM's default action, which ends the process whatever its
 *   threads are doing, so a stop that wedges (a WiredTiger close waiting on a session, a lock a connection
 *   thread never gives back) still ends.
 *
 * And it says when it listens, and on which port, on a pipe of its own (READY_FD).
 */
const STAND_IN_SCRIPT = [
  SECANTUS_PLANNER_FIX,
  SECANTUS_WRITE_FIX,
  SECANTUS_CHANGE_STREAM_FIX,
  SECANTUS_PACKING_FIX,
  SECANTUS_CATALOG_FIX,
  SECANTUS_INDEX_KEY_FIX,
  SECANTUS_PIPELINE_FIX,
  'import os, signal, sys',
  'import secantus.server',
  'from secantus.cli import main',
  '_stop_bound = int(sys.argv[1])',
  'del sys.argv[1]',
  '_Server = secantus.server.SecantusDBServer',
  'def _wait(self):',
  '    while not self._stop_event.wait(0.5):',
  '        pass',
  '_Server.wait = _wait',
  'hasattr(signal, "alarm") and signal.signal(signal.SIGALRM, signal.SIG_DFL)',
  '_orderly_stop = _Server.stop',
  'def _bounded_stop(self):',
  '    if hasattr(signal, "alarm"):',
  '        signal.alarm(_stop_bound)',
  '    _orderly_stop(self)',
  '_Server.stop = _bounded_stop',
  '_start = _Server.start',
  'def _start_and_say(self):',
  '    _start(self)',
  `    os.write(${READY_FD}, b"listening %d\\n" % self.port)`,
  `    os.close(${READY_FD})`,
  '_Server.start = _start_and_say',
  'sys.argv = sys.argv[1:]',
  'sys.exit(main())',
].join('\n');

/**
 * Run first, makes the stand-in get `sys.argv[2]` (a signal name) when this process dies without stopping it (Linux
 * PR_SET_PDEATHSIG), and takes its two arguments off: `python -c <DIE_WITH_PARENT, a prelude, STAND_IN_SCRIPT> <this
 * pid> <signal> <stop bound> <secantusd-py> <its arguments>`.
 */
const DIE_WITH_PARENT = [
  'import ctypes, os, signal, sys',
  'ctypes.CDLL(None, use_errno=True).prctl(1, getattr(signal, sys.argv[2]))',
  'os.getppid() == int(sys.argv[1]) or sys.exit(1)',
  'del sys.argv[1:3]',
].join('\n');

/**
 * Run first, gives the stand-in a TTL pass every `seconds` (0: none). Its command line has no such option, and its
 * configuration file's `ttl_sweep_seconds` never reaches the server (0.7.0b3), so the server's default is set here.
 */
const standInTtlSweep = (seconds: number) =>
  [
    'import secantus.server',
    '_init_server = secantus.server.SecantusDBServer.__init__',
    'def _init_with_ttl_sweep(self, *args, **kwargs):',
    `    kwargs["ttl_sweep_seconds"] = ${Number(seconds)}`,
    '    _init_server(self, *args, **kwargs)',
    'secantus.server.SecantusDBServer.__init__ = _init_with_ttl_sweep',
  ].join('\n');

/** The stand-in's own arguments: on 127.0.0.1:`port`, its files in `storagePath` (':memory:' for none). */
const standInArgs = (o: { port: number; storagePath: string; logLevel?: string; cacheSize?: string }) => [
  '--host',
  '127.0.0.1',
  '--port',
  String(o.port),
  '--storage-path',
  o.storagePath,
  '--log-level',
  o.logLevel ?? 'WARNING',
  ...(o.cacheSize ? ['--cache-size', o.cacheSize] : []),
];

/**
 * Starts `bin` (ensureSecantus) in the stand-in's Python as the portal runs it (STAND_IN_SCRIPT), with `prelude`
 * run first, its clock the machine's, on `port` (by default one the system gives it); resolves with the child and
 * its port once it listens. On Linux it gets `onParentDeath` when this process dies without stopping it. An
 * in-memory server should get SIGKILL: it has nothing to keep, and one stuck in a busy loop was seen to ignore
 * SIGTERM and spin on a core for 40 minutes after its parent was killed. One with files on disk should get SIGTERM,
 * to close them cleanly, within its stop bound.
 */
export async function spawnStandIn(o: {
  bin: string;
  port?: number;
  storagePath: string;
  onParentDeath: 'SIGTERM' | 'SIGKILL';
  cacheSize?: string;
  logLevel?: string;
  /** Python run in the stand-in's process before it starts (tests: a scan log, a stop that wedges). */
  prelude?: string;
  /** Seconds between its passes over TTL indexes; 0 for none; its default (60) when unset. */
  ttlSweepSeconds?: number;
  stopBoundS?: number;
  env?: Record<string, string>;
}): Promise<{ child: ChildProcess; port: number }> {
  const linux = process.platform === 'linux';
  const script = [
    ...(linux ? [DIE_WITH_PARENT] : []),
    o.ttlSweepSeconds === undefined ? '' : standInTtlSweep(o.ttlSweepSeconds),
    o.prelude ?? '',
    STAND_IN_SCRIPT,
  ].join('\n');
  const child = spawn(
    path.join(path.dirname(o.bin), 'python'),
    [
      '-c',
      script,
      ...(linux ? [String(process.pid), o.onParentDeath] : []),
      String(o.stopBoundS ?? STAND_IN_STOP_BOUND_S),
      o.bin,
      ...standInArgs({ ...o, port: o.port ?? 0 }),
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], env: { ...realClockEnv(), ...o.env } },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const port = await listeningPort(child, () => stderr);
  return { child, port };
}

/**
 * The port `child` says it listens on (its readiness pipe, READY_FD); throws when it exits first, with what it
 * said on stderr ("Address already in use" for a port another server holds), or when it has not listened after a
 * minute (and then it is ended).
 */
async function listeningPort(child: ChildProcess, stderr: () => string): Promise<number> {
  const ready = child.stdio[READY_FD] as NodeJS.ReadableStream;
  ready.setEncoding('utf8');
  let said = '';
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, 60_000);
  try {
    return await new Promise<number>((resolve, reject) => {
      ready.on('data', (d: string) => {
        said += d;
        const port = /^listening (\d+)\n/.exec(said)?.[1];
        if (port) resolve(Number(port));
      });
      // 'close', not 'exit': by then stderr has said its last words too.
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) =>
        reject(
          new Error(
            timedOut
              ? `SecantusDB did not listen within a minute: ${stderr()}`
              : `SecantusDB exited with ${signal ?? `code ${code}`}: ${stderr()}`,
          ),
        ),
      );
    });
  } finally {
    clearTimeout(timer);
  }
}

async function startSecantus(opts: Options, log: (m: string) => void, why: string): Promise<RunningMongo> {
  const bin = ensureSecantus(log);
  if (opts.storageDir) fs.mkdirSync(opts.storageDir, { recursive: true });
  const signal = opts.storageDir ? 'SIGTERM' : 'SIGKILL';
  const { child, port } = await spawnStandIn({
    bin,
    port: opts.port,
    storagePath: opts.storageDir ?? ':memory:',
    cacheSize: opts.cacheSize,
    onParentDeath: signal,
    ttlSweepSeconds: opts.ttlSweepSeconds,
  });
  const description = `SecantusDB ${SECANTUS_VERSION} stand-in on 127.0.0.1:${port}${opts.storageDir ? ` (data in ${opts.storageDir})` : ' (in memory)'}${opts.cacheSize ? `, cache ${opts.cacheSize}` : ''}, because ${why}`;
  log(`MongoDB: ${description}`);
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    kind: 'secantusdb',
    description,
    // The server runs in the process started here (on Linux after the parent-death wrapper): its own pid.
    pid: child.pid,
    // In memory there is nothing to write out: the server goes at once (SIGTERM took it two seconds).
    stop: (o) => stopChild(child, o?.discardData ? 'SIGKILL' : signal),
  };
}

async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}
