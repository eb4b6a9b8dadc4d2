/**
 * Real portal processes and CLI runs for tests that cross a process boundary (two instances, the CLI),
 * on a database of the run's MongoDB: `databaseUri(name)` is MONGODB_URI for a child process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/platform/db/embeddedMongo';
import { testMongoUri } from './harness';

const SERVER = path.resolve(__dirname, '..');

/** The run's MongoDB with a database name, as a child process's MONGODB_URI. */
export function databaseUri(dbName: string): string {
  const uri = new URL(testMongoUri());
  uri.pathname = `/${dbName}`;
  return uri.toString();
}

const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    WECHAT_SANDBOX: 'false',
    DEMO_SEED: 'false',
    WORKERS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-proc-')),
    ...env,
  };
  delete out.NODE_OPTIONS;
  return out;
};

export type PortalProcess = {
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<number | null>;
};

/** `node --import tsx src/main.ts` with `env` (MONGODB_URI required), ready once /readyz answers 200. */
export async function startPortalProcess(
  env: Record<string, string> & { MONGODB_URI: string },
): Promise<PortalProcess> {
  const port = await freePort();
  const e = childEnv({ HOST: '127.0.0.1', PORT: String(port), ...env });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER,
    env: e,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`portal process did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir: e.DATA_DIR!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `node --import tsx src/cli.ts <args>`: its exit code and output. */
export const runCli = (args: string[], env: Record<string, string> & { MONGODB_URI: string }) =>
  runToExit(['src/cli.ts', ...args], env);

/** `node --import tsx src/main.ts` expected to stop by itself (a start that fails): its exit code and output. */
export const runPortalToExit = (env: Record<string, string> & { MONGODB_URI: string }) =>
  runToExit(['src/main.ts'], env);

function runToExit(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: SERVER,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
