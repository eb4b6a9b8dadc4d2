/**
 * Schemathesis (PyPI, pinned, installed on first use into .venv/schemathesis like the database stand-in)
 * generates requests for every operation in /openapi.json, valid and invalid, and sends them to a whole
 * portal as `npm start` runs it (demo seed, WeChat sandbox, workers): the resident operations as the demo
 * resident, every other operation as the demo admin. No answer may be a 5xx, every answer must match the
 * schema and status the document declares, and a method a path does not declare is a 405 naming the
 * allowed ones.
 *
 * Two counts, so neither can pass alone: schemathesis's own checks, and the portal's request metrics
 * (every answer it sent, by status), which must show no 5xx and must show the run reached each operation.
 *
 * SCHEMATHESIS_MAX_EXAMPLES (default 8), SCHEMATHESIS_SEED and SCHEMATHESIS_PHASES (default coverage,fuzzing;
 * all four: examples,coverage,fuzzing,stateful) tune a run; the report (JUnit and the
 * failing requests as curl commands) is in test-results/schemathesis/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@portal/config';
import { createApp } from '../../src/app';
import { demoHooks } from '../../src/demo/hooks';
import { DEMO_RESIDENT } from '../../src/demo/accounts';
import { ensurePythonTool, freePort, REPO_ROOT } from '../../src/platform/db/embeddedMongo';
import { httpRequestDuration } from '../../src/platform/metrics';
import { startPortal, type Running } from '../../src/platform/runtime';
import { SandboxClient } from '../../sandbox/client';
import { request, testMongoUri } from '../harness';
import { residentAllowed, staffRolesOf } from '../accounts/routeWalk';

export const SCHEMATHESIS_VERSION = '4.32.5';

const REPORT_DIR = path.join(REPO_ROOT, 'test-results', 'schemathesis');
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 8);

/**
 * Operations the fuzzer leaves out, each with why. They end the session the run depends on, or they
 * are tested elsewhere with the input they need (a body signed by WeChat cannot be generated).
 */
const NOT_FUZZED: Record<string, string> = {};

let portal: Running;
let residentToken: string;
let adminToken: string;

beforeAll(async () => {
  const uri = new URL(testMongoUri());
  uri.pathname = `/fuzz_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-fuzz-')),
    MONGODB_URI: uri.toString(),
    WECHAT_SANDBOX: 'true',
    DEMO_SEED: 'true',
    DEMO_ACCOUNTS: '40',
    LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'error',
    CHAT_SERVICE_HOURS: '00:00-24:00',
  });
  portal = await startPortal(config, demoHooks);
  const sandbox = new SandboxClient(portal.deps.config.WECHAT_API_BASE);
  const { code } = await sandbox.mintLoginCode({ openid: DEMO_RESIDENT.openidMp });
  const resident = await request(portal.url, 'POST', '/api/auth/wechat-login', { body: { code } });
  expect(resident.status).toBe(200);
  residentToken = resident.body.token;
  const admin = await request(portal.url, 'POST', '/api/staff/login', {
    body: { username: 'admin', password: 'admin123' },
  });
  expect(admin.status).toBe(200);
  adminToken = admin.body.token;
  // The document is built on first request (seconds on a busy machine); build it before the fuzzer asks.
  expect((await request(portal.url, 'GET', '/openapi.json')).status).toBe(200);
}, 180_000);

afterAll(() => portal?.stop());

/** Answers the portal has sent so far, by operationId and status (its own request metrics). */
async function answers(): Promise<{ operationId: string; status: number; count: number }[]> {
  const metric = await httpRequestDuration.get();
  return metric.values
    .filter((v) => v.metricName?.endsWith('_count'))
    .map((v) => ({
      operationId: String(v.labels.operation_id),
      status: Number(v.labels.status),
      count: v.value,
    }));
}

type Run = { exitCode: number; output: string };

function schemathesis(name: string, token: string, operationIds: string[]): Promise<Run> {
  const st = ensurePythonTool(
    'schemathesis',
    [`schemathesis==${SCHEMATHESIS_VERSION}`],
    'st',
    `Schemathesis ${SCHEMATHESIS_VERSION}`,
    (m) => process.stderr.write(`${m}\n`),
  );
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const args = [
    'run',
    `${portal.url}/openapi.json`,
    '--url',
    portal.url,
    '--header',
    `Authorization: Bearer ${token}`,
    // Stateful scenarios and the schema's examples add many minutes on two cores and find nothing the
    // coverage phase (boundaries, wrong types, missing fields) and fuzzing do not.
    '--phases',
    process.env.SCHEMATHESIS_PHASES ?? 'coverage,fuzzing',
    '--checks',
    'all',
    // A schema-valid request may still break a business rule (a wrong binding proof is a 422); an invalid
    // one may be refused for its size first (413, which this check does not count as a refusal).
    '--exclude-checks',
    'positive_data_acceptance,negative_data_rejection',
    // `--checks all` brings a 10 s response-time check; here the one limit is the request timeout (60 s):
    // on two loaded cores a manual KPI roll-up waits its up to 30 s for the one already running.
    '--max-response-time',
    '60',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--workers',
    '1',
    '--request-timeout',
    '60',
    '--wait-for-schema',
    '120',
    '--generation-database',
    'none',
    '--suppress-health-check',
    'all',
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    path.join(REPORT_DIR, `${name}.xml`),
    ...(process.env.SCHEMATHESIS_SEED ? ['--seed', process.env.SCHEMATHESIS_SEED] : []),
    ...operationIds.flatMap((id) => ['--include-operation-id', id]),
  ];
  // The fuzzer keeps the real clock (`npm test` may shift this process's: Python runs slowly under it).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['LD_PRELOAD', 'FAKETIME'].includes(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { env: { ...env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    const log = fs.createWriteStream(path.join(REPORT_DIR, `${name}.txt`));
    const keep = (d: Buffer) => {
      output += d.toString();
      log.write(d);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => {
      log.end();
      resolve({ exitCode: code ?? 1, output });
    });
  });
}

function operations() {
  const routes = createApp(portal.deps).routes;
  const fuzzed = routes.filter((r) => !(r.spec.operationId in NOT_FUZZED));
  return {
    all: routes.map((r) => r.spec.operationId),
    resident: fuzzed.filter(residentAllowed).map((r) => r.spec.operationId),
    staffAndPublic: fuzzed
      .filter((r) => !residentAllowed(r) || staffRolesOf(r) !== 'none')
      .map((r) => r.spec.operationId),
  };
}

it('schemathesis finds no 5xx and no answer outside the document, as the resident and as the admin', async () => {
  const ops = operations();
  const started = Date.now();
  // The two runs side by side: each is one Python process waiting on the portal most of the time.
  const [resident, admin] = await Promise.all([
    schemathesis('resident', residentToken, ops.resident),
    schemathesis('admin', adminToken, ops.staffAndPublic),
  ]);
  const runs = { resident: resident!, admin: admin! };
  const seconds = Math.round((Date.now() - started) / 1000);
  const seen = await answers();
  const serverErrors = seen.filter((a) => a.status >= 500);
  const reached = new Set(seen.map((a) => a.operationId));
  // Schemathesis closes with a pytest-style banner ("=== 2 failures in 143 s ==="); dropped here so that a CI
  // reading the output's closing lines counts the whole run's tests, not this report's findings.
  const summary = (r: Run) =>
    r.output
      .split('\n')
      .slice(-60)
      .filter((line) => !/^=+ .* =+$/.test(line.trim()))
      .join('\n');
  process.stdout.write(
    `schemathesis ${SCHEMATHESIS_VERSION}: ${seen.reduce((n, a) => n + a.count, 0)} answers in ${seconds} s, ` +
      `${serverErrors.reduce((n, a) => n + a.count, 0)} of them >= 500\n`,
  );

  // Its findings (the failing requests as curl commands) are in test-results/schemathesis/; the end is printed.
  for (const [name, run] of Object.entries(runs))
    if (run.exitCode !== 0) process.stdout.write(`schemathesis as ${name} reports:\n${summary(run)}\n`);
  expect(serverErrors).toEqual([]);
  expect(ops.all.filter((id) => !(id in NOT_FUZZED) && !reached.has(id))).toEqual([]);
  // And every other check passed: each answer's status, content type, headers and body are the ones the
  // document declares, and a method a path does not declare is a 405. Warnings (an operation that only ever
  // answered 401 or 404 to generated data) do not fail a run.
  expect(
    Object.entries(runs)
      .filter(([, run]) => run.exitCode !== 0)
      .map(([name]) => name),
  ).toEqual([]);
});
