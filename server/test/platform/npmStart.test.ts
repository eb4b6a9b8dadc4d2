/**
 * `npm start` as systemd, pm2 or `docker stop` run it: SIGTERM to the npm process stops the portal and
 * everything it started (the database stand-in or mongod, the sandbox), leaving no orphan serving 503;
 * and a portal killed outright (SIGKILL) does not leave its database stand-in running either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, STAND_IN_STOP_BOUND_S } from '../../src/platform/db/embeddedMongo';

const ROOT = path.resolve(__dirname, '../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process below `pid`, from /proc (Linux). */
function descendants(pid: number): { pid: number; cmd: string }[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      out.push({ pid: c, cmd });
      walk(c);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by a parent that is itself exiting) is not running.
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

async function startDemo(): Promise<{
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output: () => string;
}> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX_PORT: String(await freePort()),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-')),
    BUILD_WEB: 'false',
    DEMO_SEED: 'false',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
  };
  delete env.MONGODB_URI; // the embedded database is what must not be orphaned
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const up = await until(
    () =>
      fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    120_000,
  );
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`npm start did not become ready:\n${output}`);
  }
  return { child, port, exited, output: () => output };
}

const linux = process.platform === 'linux' ? describe : describe.skip;

linux('npm start under a process manager', () => {
  jest.setTimeout(300_000);

  it('stops the server and the database it started when npm start gets SIGTERM', async () => {
    const demo = await startDemo();
    const tree = descendants(demo.child.pid!);
    try {
      expect(tree.some((p) => /secantusd|mongod/.test(p.cmd))).toBe(true); // the embedded database runs
      expect(tree.some((p) => p.cmd.includes('server/src/main.ts'))).toBe(true);

      demo.child.kill('SIGTERM'); // to npm only, as systemd's KillMode=mixed or docker stop would
      expect(
        await Promise.race([demo.exited.then(() => 'exited'), sleep(60_000).then(() => 'still running')]),
      ).toBe('exited');
      expect(await until(() => tree.every((p) => !alive(p.pid)), 10_000)).toBe(true);
      const refused = await fetch(`http://127.0.0.1:${demo.port}/readyz`).then(
        () => false,
        () => true,
      );
      expect(refused).toBe(true);
      expect(demo.output()).toMatch(/"msg":"stopped"/);
    } finally {
      for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
  });

  it('does not leave the database running when the portal process is killed outright', async () => {
    const demo = await startDemo();
    const tree = descendants(demo.child.pid!);
    try {
      const server = tree.find((p) => p.cmd.includes('server/src/main.ts'))!;
      const database = tree.filter((p) => /secantusd|mongod/.test(p.cmd));
      expect(database.length).toBeGreaterThan(0);

      process.kill(server.pid, 'SIGKILL'); // the OOM killer, kill -9: no chance to clean up
      // SIGTERM reaches the stand-in at once. Its orderly stop writes its files (2–16 s), and is ended by the
      // kernel at STAND_IN_STOP_BOUND_S if it has not finished; the slack is for a loaded machine. A process
      // still there after that is shown with its state.
      await until(() => database.every((p) => !alive(p.pid)), (STAND_IN_STOP_BOUND_S + 30) * 1000);
      const stateOf = (pid: number) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.slice(0, 40);
          return { pid, stat, wchan: fs.readFileSync(`/proc/${pid}/wchan`, 'utf8') };
        } catch {
          return undefined; // gone since it was looked at
        }
      };
      const lingering = database.filter((p) => alive(p.pid)).flatMap((p) => stateOf(p.pid) ?? []);
      expect(lingering).toEqual([]);
      await demo.exited;
    } finally {
      for (const p of tree) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }
  });
});
