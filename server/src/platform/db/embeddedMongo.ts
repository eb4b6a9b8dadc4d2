/**
 * A MongoDB for the demo and the tests, with nothing to install by hand. In order:
 *   1. MONGODB_URI set → that server (a real MongoDB);
 *   2. a real mongod through mongodb-memory-server when a binary is already on the machine
 *      (its cache, or MONGOMS_SYSTEM_BINARY): never downloaded here;
 *   3. SecantusDB, a MongoDB wire-compatible server from PyPI, pinned, installed on first use into
 *      .venv/secantusdb under the repository root.
 * See server/test/README.md for what the stand-in lacks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const SECANTUS_VERSION = '0.7.0b3';
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const VENV = path.join(REPO_ROOT, '.venv', 'secantusdb');
const SERVER_BIN = path.join(VENV, 'bin', 'secantusd-py');

export type MongoKind = 'external' | 'mongod' | 'secantusdb';
export type RunningMongo = { uri: string; kind: MongoKind; stop(): Promise<void> };

type Options = {
  /** Persistent storage directory; omit for an in-memory server (tests). */
  storageDir?: string;
  port?: number;
  log?: (msg: string) => void;
  env?: Record<string, string | undefined>;
};

export async function startMongo(opts: Options = {}): Promise<RunningMongo> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);
  if (env.MONGODB_URI) {
    log(`MongoDB: using MONGODB_URI`);
    return { uri: env.MONGODB_URI, kind: 'external', stop: async () => undefined };
  }
  const mongod = await tryMongod(opts, log);
  if (mongod) return mongod;
  return startSecantus(opts, log);
}

async function tryMongod(opts: Options, log: (m: string) => void): Promise<RunningMongo | undefined> {
  try {
    process.env.MONGOMS_RUNTIME_DOWNLOAD = 'false';
    const core = await import('mongodb-memory-server-core');
    const binary = await core.MongoBinary.getPath();
    if (!binary) return undefined;
    if (opts.storageDir) fs.mkdirSync(opts.storageDir, { recursive: true });
    const replSet = await core.MongoMemoryReplSet.create({
      replSet: { count: 1, storageEngine: 'wiredTiger' },
      instanceOpts: [{ port: opts.port, ...(opts.storageDir ? { dbPath: opts.storageDir } : {}) }],
    });
    log(`MongoDB: mongod ${binary}`);
    return { uri: replSet.getUri(), kind: 'mongod', stop: async () => void (await replSet.stop({ doCleanup: !opts.storageDir })) };
  } catch {
    return undefined;
  }
}

/** Installs SecantusDB into the project-local venv once (safe when several processes race). */
export function ensureSecantus(log: (m: string) => void = () => undefined): string {
  if (fs.existsSync(SERVER_BIN)) return SERVER_BIN;
  const lockDir = `${VENV}.lock`;
  fs.mkdirSync(path.dirname(VENV), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (fs.existsSync(SERVER_BIN)) return SERVER_BIN;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}; remove it if stale`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (fs.existsSync(SERVER_BIN)) return SERVER_BIN;
    log(`MongoDB stand-in: installing SecantusDB ${SECANTUS_VERSION} into ${path.relative(REPO_ROOT, VENV)} (first run only)`);
    const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
    if (!python) throw new Error('python3 is needed for the MongoDB stand-in (or set MONGODB_URI)');
    run(python, ['-m', 'venv', VENV]);
    run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `secantusdb==${SECANTUS_VERSION}`]);
    if (!fs.existsSync(SERVER_BIN)) throw new Error(`SecantusDB installed but ${SERVER_BIN} is missing`);
    return SERVER_BIN;
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
 * The database keeps the real clock when the tests shift the portal's (libfaketime, scripts/test.mjs): the
 * portal never asks the database for the time, and the Python stand-in runs five times slower under it.
 */
const FAKE_CLOCK_VARS = new Set(['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC']);
const realClockEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !FAKE_CLOCK_VARS.has(k)));

async function startSecantus(opts: Options, log: (m: string) => void): Promise<RunningMongo> {
  const bin = ensureSecantus(log);
  const port = opts.port ?? (await freePort());
  if (opts.storageDir) fs.mkdirSync(opts.storageDir, { recursive: true });
  const child = spawn(
    bin,
    ['--host', '127.0.0.1', '--port', String(port), '--storage-path', opts.storageDir ?? ':memory:', '--log-level', 'WARNING'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: realClockEnv() },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  await waitForPort(port, child, () => stderr);
  log(`MongoDB stand-in: SecantusDB ${SECANTUS_VERSION} on 127.0.0.1:${port}${opts.storageDir ? ` (data in ${opts.storageDir})` : ' (in memory)'}`);
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    kind: 'secantusdb',
    stop: () => stopChild(child),
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`SecantusDB exited with code ${child.exitCode}: ${stderr()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`SecantusDB did not listen on ${port}: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
