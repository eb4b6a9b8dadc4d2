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

/** The commands that run right now; a signal to this script is passed on to them (see forwardSignals). */
const current = new Set();

export function run(cmd, args, opts = {}) {
  return start(cmd, args, opts).done;
}

/** A command started: the child, and its end (rejected with the exit code or signal unless it exits 0). */
function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    ...opts,
    env: { ...process.env, ...opts.env },
  });
  current.add(child);
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current.delete(child);
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
  return { child, done };
}

/**
 * SIGTERM / SIGINT (systemd, pm2, docker stop, Ctrl-C) go to the commands running now, which shut down
 * in its own way; this script exits once it has, with its exit code. `onSignal` runs first (cleanup).
 */
export function forwardSignals(onSignal = () => undefined) {
  const forward = (signal) => {
    onSignal(signal);
    if (!current.size) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    for (const child of current) child.kill(signal);
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

/**
 * Runs `lanes` side by side, the commands of each lane one after another (two lanes keep both cores of a small
 * machine busy with single-threaded tools). Each command's output is held and printed whole when it ends, so
 * the lanes' lines do not interleave. Rejects with the first failure once every lane has stopped.
 */
export async function runLanes(lanes) {
  const outcomes = await Promise.allSettled(
    lanes.map(async (lane) => {
      for (const [cmd, args] of lane) {
        let output = '';
        const { child, done } = start(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        try {
          await done;
        } finally {
          if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
        }
      }
    }),
  );
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
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
