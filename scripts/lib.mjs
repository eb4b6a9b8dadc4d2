// Small helpers shared by the scripts: run a command, print a step, start the test databases.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const started = Date.now();

/** A step's heading, with the minutes since this script started (where a slow run spends its time). */
export function step(msg) {
  const at = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`\n▶ ${msg} [${at} min]\n`);
}

/** The command that runs right now; a signal to this script is passed on to it (see forwardSignals). */
let current;

export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: 'inherit',
      ...opts,
      env: { ...process.env, ...opts.env },
    });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (current === child) current = undefined;
      code === 0
        ? resolve()
        : reject(
            Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`), {
              code,
              signal,
            }),
          );
    });
  });
}

/**
 * SIGTERM / SIGINT (systemd, pm2, docker stop, Ctrl-C) go to the command running now, which shuts down
 * in its own way; this script exits once it has, with its exit code. `onSignal` runs first (cleanup).
 */
export function forwardSignals(onSignal = () => undefined) {
  const forward = (signal) => {
    onSignal(signal);
    if (!current) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    current.kill(signal);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => forward(signal));
  // npm runs scripts through `sh -c`; on SIGTERM npm and that shell exit without passing the signal on.
  // Whoever started us going away means the same as SIGTERM.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    forward('SIGTERM');
  }, 250);
  watch.unref();
}

export const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/**
 * The databases of a test run (server/test/databases.ts): resolves with { description, env, stop() }
 * once they answer. They stop when stop() is called or this process ends (their stdin closes).
 */
export function startDatabases(workers) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/databases.ts', String(workers)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the test databases exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const { description, env } = JSON.parse(line);
      resolve({
        description,
        env,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin.end();
          }),
      });
    });
  });
}
