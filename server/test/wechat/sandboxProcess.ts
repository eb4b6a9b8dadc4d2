/**
 * The WeChat sandbox in a process of its own, on the machine's real clock. `npm test` runs jest and the
 * processes it starts on a shifted clock (libfaketime), which cannot shift a static Go binary such as the
 * official SDK's merchant (officialSdk/); WeChat Pay and a merchant check each other's timestamps to five
 * minutes, so the sandbox keeps the clock the merchant has, as two real machines would.
 *
 * Run as `node --import tsx sandboxProcess.ts '<options JSON>'`: prints one line `{"url"}` once listening,
 * and stops when its stdin closes (when the test, or jest, goes away).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { realClockEnv } from '../../src/platform/db/embeddedMongo';
import { SandboxClient } from '../../sandbox/client';
import { readSandboxKeys, type SandboxKeys } from '../../sandbox/keys';
import type { Leniency, VerificationMode } from '../../sandbox/state';

export type SandboxProcessOptions = {
  dir: string;
  verification: VerificationMode;
  notifyRetryScale: number;
  leniency: Leniency[];
};

export type SandboxProcess = {
  url: string;
  keys: SandboxKeys;
  dir: string;
  client: SandboxClient;
  stop(): Promise<void>;
};

export async function startSandboxProcess(opts: SandboxProcessOptions): Promise<SandboxProcess> {
  const env = realClockEnv();
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, JSON.stringify(opts)], {
    cwd: path.resolve(__dirname, '../..'),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let line = '';
    child.stdout!.on('data', (d: Buffer) => {
      line += d.toString();
      if (line.includes('\n')) resolve((JSON.parse(line.split('\n')[0]) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`the sandbox process stopped before listening:\n${output}`)));
  });
  return {
    url,
    keys: readSandboxKeys(opts.dir),
    dir: opts.dir,
    client: new SandboxClient(url),
    stop: async () => {
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function serve(opts: SandboxProcessOptions): Promise<void> {
  // Loaded here only: the test's side needs the client, not the server.
  const { startSandbox } = await import('../../sandbox');
  const sandbox = await startSandbox(opts);
  process.stdin.resume();
  process.stdin.once('end', () => void sandbox.stop().then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
}

if (require.main === module) void serve(JSON.parse(process.argv[2]) as SandboxProcessOptions);
