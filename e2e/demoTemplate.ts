/**
 * The demo every browser test file's portal starts from, seeded once per run on the SecantusDB stand-in.
 *
 * Seeding the demo (40 households with a year of bills, 400 orders, two weeks of slots) and the cockpit's first
 * roll-up of its 90 days took a file's portal 10 s to start and kept the stand-in busy for 10 s more while the
 * file's pages ran; twenty files paid it twenty times. The run's first step now starts one portal as a file's
 * would, lets it seed and roll up, and stops it: its DATA_DIR (the stand-in's files, the sandbox's keys, the
 * generated secrets) is the template. Each file's portal starts on a copy of it, as `npm start` restarts on its
 * own DATA_DIR, finds the demo seeded and starts in about a second.
 *
 * The copies live in /dev/shm where there is one (memory, like the in-memory stand-in they replace), in a run
 * directory the run's teardown removes with the template.
 *
 * A file that runs on its own clock (`clockStart`) or with settings the seeders read seeds its own demo: the
 * template's dates are today's, and it was seeded with the defaults. A real MongoDB (mongod, MONGODB_URI) has no
 * template either: there every file seeds its own database on the shared server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '@portal/config';
import { freePort } from '../server/src/platform/db/embeddedMongo';
import { startPortal } from '../server/src/platform/runtime';
import { demoHooks } from '../server/src/demo/hooks';
import { runRollup } from '../server/src/modules/kpi/rollup.service';

/** Where the run keeps its template, and the files their copies (E2E_RUN_DIR, set by the run's setup). */
const RUN_DIR_VAR = 'E2E_RUN_DIR';
const TEMPLATE = 'template';

/**
 * Settings a file may pass and still start from the template: none of them is read while the demo is seeded
 * (they shape the cockpit's schedule and the 回访 sampling of orders closed later).
 */
const TEMPLATE_NEUTRAL = new Set([
  'KPI_ROLLUP_EVERY_SECONDS',
  'LIST_COUNT_UP_TO',
  'FOLLOW_UP_SAMPLE_RATES',
  'FOLLOW_UP_REOPEN_MAX_SCORE',
]);

/** The settings of every browser test portal; `env` (the file's, then the harness's own) goes on top. */
export async function e2eConfig(env: Record<string, string | undefined>): Promise<Config> {
  return loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
    WECHAT_SANDBOX: 'true',
    DEMO_SEED: 'true',
    DEMO_ACCOUNTS: '40',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    // The e2e portal never depends on the hour it runs at: chat answers all day unless a test sets
    // CHAT_SERVICE_HOURS itself (only the after-hours tests close the service).
    CHAT_SERVICE_HOURS: '00:00-24:00',
    ...env,
  });
}

/** The run's setup: the template, on the stand-in only. Returns what it did, for the log. */
export async function buildDemoTemplate(): Promise<string> {
  const runDir = fs.mkdtempSync(
    path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'portal-e2e-'),
  );
  const dir = path.join(runDir, TEMPLATE);
  const started = Date.now();
  const portal = await startPortal(
    await e2eConfig({ DATA_DIR: dir, EMBEDDED_DB: 'secantusdb', WORKERS: 'false' }),
    demoHooks,
  );
  try {
    await runRollup(portal.deps.clock.now());
  } finally {
    // A clean stop: the stand-in writes its files out on SIGTERM.
    await portal.stop();
  }
  process.env[RUN_DIR_VAR] = runDir;
  return `demo seeded once for the browser tests in ${Math.round((Date.now() - started) / 1000)} s (${dir})`;
}

/** The run's teardown. */
export function removeDemoTemplate(): void {
  const runDir = process.env[RUN_DIR_VAR];
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
}

/**
 * A DATA_DIR for a file's portal, copied from the template, when the file may start from it; undefined when it
 * seeds its own (no template this run, its own clock, or a setting the seeders read).
 */
export function copyOfDemoTemplate(env: Record<string, string>, ownClock: boolean): string | undefined {
  const runDir = process.env[RUN_DIR_VAR];
  if (!runDir || ownClock || Object.keys(env).some((k) => !TEMPLATE_NEUTRAL.has(k))) return undefined;
  const dir = fs.mkdtempSync(path.join(runDir, 'file-'));
  fs.cpSync(path.join(runDir, TEMPLATE), dir, { recursive: true });
  return dir;
}
