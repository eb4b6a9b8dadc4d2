/**
 * Schemathesis (PyPI, pinned, installed on first use into .venv/schemathesis like the database stand-in)
 * generates requests for every operation in /openapi.json, valid and invalid, and sends them to a whole
 * portal as `npm start` runs it (demo seed, WeChat sandbox, workers): the resident operations as the demo
 * resident, every other operation as the demo admin, or as the demo member of its first role where the admin
 * may not call it (a technician's 安检 form). No answer may be a 5xx, every answer must match the schema and
 * status the document declares, and a method a path does not declare is a 405 naming the allowed ones.
 *
 * Every session must outlive the runs that depend on it: an operation that ends it (注销, the admin's own
 * password) is fuzzed in a last pass of its own, and the sessions are checked between the passes. Otherwise
 * every operation the fuzzer reaches after it answers 401 to everything, and is fuzzed only up to the
 * session check: before this, 注销 early in the resident's run and the admin's own password in the admin's had
 * left 97 operations so.
 *
 * Half of the path ids (and of the body's household, bill, order and staff ids) the fuzzer sends name a real record
 * of the demo (knownRecords.ts). Before, every one was made up, and the code behind many lookups was never reached:
 * 162 of 221 operations answered 2xx at least once. Records the demo lacks are first made through the API
 * (seedRecords.ts), so those are real too: the resident files a repair and a complaint, opens a chat, reports a
 * meter reading, applies for 报停 and starts a payment (174–176 with these); the staff import accounts and
 * holidays, add a quick reply, a 抄表区段, a slot template and a hold, reconcile a trade bill, and run an inspection
 * plan whose visits find a hazard and a household not reached; the resident books a visit and rates the answer to
 * their complaint 1 star, which opens a 回访 (185–188 with these too). The operations that never answered 2xx, with
 * what they answered instead, are listed in never-2xx.txt.
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
import mongoose from 'mongoose';
import { loadConfig } from '@portal/config';
import { createApp } from '../../src/app';
import { demoHooks } from '../../src/demo/hooks';
import { DEMO_RESIDENT, DEMO_STAFF } from '../../src/demo/accounts';
import { ensurePythonTool, freePort, REPO_ROOT } from '../../src/platform/db/embeddedMongo';
import { startPortal, type Running } from '../../src/platform/runtime';
import { SandboxClient } from '../../sandbox/client';
import { answersSent, request, testMongoUri } from '../harness';
import { residentAllowed, staffRolesOf } from '../accounts/routeWalk';
import { writeKnownRecordsConfig } from './knownRecords';
import { residentRecords, staffRecords } from './seedRecords';

export const SCHEMATHESIS_VERSION = '4.32.5';

const REPORT_DIR = path.join(REPO_ROOT, 'test-results', 'schemathesis');
/** The demo's records as dictionaries for the path parameters (knownRecords.ts). */
const KNOWN_RECORDS = path.join(REPORT_DIR, 'known-records.toml');
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 8);

/**
 * Operations that end the session their run depends on, each with how. They are fuzzed last, in runs of
 * their own, once every other operation has been.
 */
const SESSION_ENDING: Record<string, string> = {
  deleteMyAccount: '注销 ends the resident and every session of theirs',
  updateStaff: 'a new password, roles, areas or status for the admin itself ends its sessions',
};

let portal: Running;
/** Bearer tokens by who holds them: 'resident', or a demo staff member's username. */
const tokens = new Map<string, string>();

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
  tokens.set('resident', resident.body.token);
  // The runs' staff, and the technician who makes a visit in staffRecords.
  const staff = runs().flatMap((r) => (r.as === 'resident' ? [] : [r.as]));
  for (const username of new Set([...staff, 'technician'])) {
    const member = DEMO_STAFF.find((s) => s.username === username);
    if (!member) throw new Error(`no demo staff member named ${username}, the role an operation needs`);
    const login = await request(portal.url, 'POST', '/api/staff/login', {
      body: { username, password: member.password },
    });
    expect(login.status).toBe(200);
    tokens.set(username, login.body.token);
  }
  const home = await residentRecords(portal, resident.body.token);
  await staffRecords(portal, tokens, home);
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  await writeKnownRecordsConfig(mongoose.connection.db!, DEMO_RESIDENT.openidMp, KNOWN_RECORDS);
  // The document is built on first request (seconds on a busy machine); build it before the fuzzer asks.
  expect((await request(portal.url, 'GET', '/openapi.json')).status).toBe(200);
}, 180_000);

afterAll(() => portal?.stop());

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
    '--config-file',
    KNOWN_RECORDS,
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

type FuzzRun = { name: string; as: string; operationIds: string[]; last: boolean };

/**
 * The runs: the resident's operations as the resident; the staff and public ones as the admin, or as the
 * demo member of an operation's first role where the admin may not call it (the demo has one member per
 * role, named after it); the session-ending ones last, each holder's in a run of its own.
 */
function runs(): FuzzRun[] {
  const byName = new Map<string, FuzzRun>();
  const add = (as: string, last: boolean, operationId: string) => {
    const name = last ? `${as}-last` : as;
    const run = byName.get(name) ?? { name, as, operationIds: [], last };
    byName.set(name, run);
    run.operationIds.push(operationId);
  };
  for (const r of createApp(portal.deps).routes) {
    const id = r.spec.operationId;
    const last = id in SESSION_ENDING;
    const roles = staffRolesOf(r);
    if (residentAllowed(r)) add('resident', last, id);
    if (!residentAllowed(r) || roles !== 'none')
      add(Array.isArray(roles) && !roles.includes('admin') ? roles[0]! : 'admin', last, id);
  }
  return [...byName.values()];
}

/** The holders whose session no longer answers: each must have outlived the first pass. */
async function endedSessions(): Promise<string[]> {
  const ended: string[] = [];
  for (const [holder, token] of tokens) {
    const r = await request(portal.url, 'GET', holder === 'resident' ? '/api/me' : '/api/staff/me', {
      token,
    });
    if (r.status !== 200) ended.push(`${holder}: ${r.status}`);
  }
  return ended;
}

it('schemathesis finds no 5xx and no answer outside the document, as the resident and as staff', async () => {
  const all = createApp(portal.deps).routes.map((r) => r.spec.operationId);
  const plan = runs();
  const started = Date.now();
  const outcomes: Record<string, Run> = {};
  // A pass's runs side by side: each is one Python process waiting on the portal most of the time.
  const pass = async (last: boolean) => {
    const these = plan.filter((r) => r.last === last);
    const done = await Promise.all(these.map((r) => schemathesis(r.name, tokens.get(r.as)!, r.operationIds)));
    these.forEach((r, i) => (outcomes[r.name] = done[i]!));
  };
  await pass(false);
  // An operation that ended one of these sessions belongs in SESSION_ENDING.
  const ended = await endedSessions();
  await pass(true);
  const seconds = Math.round((Date.now() - started) / 1000);
  const seen = await answersSent();
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
  const succeeded = new Set(seen.filter((a) => a.status < 300).map((a) => a.operationId));
  // Where the fuzzer never got past validation or the lookup: what a deeper run would start from.
  fs.writeFileSync(
    path.join(REPORT_DIR, 'never-2xx.txt'),
    all
      .filter((id) => !succeeded.has(id))
      .map(
        (id) =>
          `${id}: ${seen
            .filter((a) => a.operationId === id)
            .map((a) => `${a.status}×${a.count}`)
            .join(' ')}`,
      )
      .join('\n'),
  );
  process.stdout.write(
    `schemathesis ${SCHEMATHESIS_VERSION}: ${seen.reduce((n, a) => n + a.count, 0)} answers in ${seconds} s, ` +
      `${serverErrors.reduce((n, a) => n + a.count, 0)} of them >= 500; ` +
      `${succeeded.size} of ${all.length} operations answered 2xx at least once (the others: never-2xx.txt)\n`,
  );

  // Its findings (the failing requests as curl commands) are in test-results/schemathesis/; the end is printed.
  for (const [name, run] of Object.entries(outcomes))
    if (run.exitCode !== 0) process.stdout.write(`schemathesis as ${name} reports:\n${summary(run)}\n`);
  expect(serverErrors).toEqual([]);
  expect(all.filter((id) => !reached.has(id))).toEqual([]);
  expect(ended).toEqual([]);
  // And every other check passed: each answer's status, content type, headers and body are the ones the
  // document declares, and a method a path does not declare is a 405. Warnings (an operation that only ever
  // answered 401 or 404 to generated data) do not fail a run.
  expect(
    Object.entries(outcomes)
      .filter(([, run]) => run.exitCode !== 0)
      .map(([name]) => name),
  ).toEqual([]);
});
