// `npm test`: everything that proves the portal works, in the order a failure is cheapest to find.
//   0. start the databases and say which (first line): MONGODB_URI, else mongod through mongodb-memory-server
//      (downloaded once), else the SecantusDB stand-in (server/test/databases.ts); fresh ones after step 2
//   1. type-check every package, eslint (module boundaries included) and prettier --check
//   2. jest: unit + integration tests (server tests run against that real MongoDB-compatible server)
//   3. build the mini-program (with its size budget) and check it with WeChat's own tools (miniprogram-ci,
//      wcc, wcsc: scripts/check-weapp.cjs), build the H5 pages and the console
//   4. the production runtime tree (what the Dockerfile ships), built without Docker and started; then
//      Schemathesis over /openapi.json against a whole demo portal (server/test/fuzz): no answer >= 500, its
//      other findings printed (a pinned Schemathesis from PyPI, installed on first use into .venv/schemathesis)
//   5. browser end-to-end tests in Debian's Chromium
// Before step 1, the Debian packages the run needs and the machine lacks are installed with apt-get (as root):
// Chromium, Noto Sans CJK (the browser's Chinese and the printed receipts' in step 2), libfaketime.
// Steps 2 and 5 run on a shifted clock (Debian's libfaketime, installed like Chromium), so that no test can
// depend on the hour or the year it runs at: jest from 23:50 on the coming New Year's Eve in Beijing (the run
// crosses midnight into a new year), the browser tests from 22:30 on January 4 after it (a night hour, in a
// year with no holidays entered). The shifted clock is always ahead of the real one: the database keeps the
// real clock, and must not expire a TTL-indexed document before the portal would. PORTAL_TEST_AT=<ISO
// instant, ahead of now> runs both from that instant instead, PORTAL_TEST_CLOCK=real on the real clock; a
// clock the caller already fakes (FAKETIME set) is kept.
// `npm test -- --e2e [jest args]` runs only step 5 (the builds must exist).
// `npm test -- <jest args>` runs only step 2 with those arguments (e.g. a path), on the real clock.
// `npm run test:quick` (the inner loop): step 1 and step 2 on the real clock; no builds, no browser.
import fs from 'node:fs';
import { bin, run, runLanes, startDatabases, step } from './lib.mjs';

const args = process.argv.slice(2);
/** Each jest run of `npm test` writes its results here (--json), for the closing count. */
const COUNTS_DIR = 'test-results/counts';
/** jest's results as JSON, for the closing count (`npm test -- --e2e` alone writes its own too). */
const counted = (name) => {
  fs.mkdirSync(COUNTS_DIR, { recursive: true });
  return ['--json', `--outputFile=${COUNTS_DIR}/${name}.json`];
};
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const hasFaketime = () =>
  run('faketime', ['-f', '+0', 'true'], { stdio: 'ignore' }).then(
    () => true,
    () => false,
  );

/**
 * Installs the Debian packages the tests need and the machine lacks, in one apt-get (as root; otherwise says
 * what to install): Chromium for the browser tests, Noto Sans CJK for the Chinese in the browser and in the
 * printed PDFs (receipts are checked by jest), libfaketime for the shifted clock.
 */
async function ensureDebianPackages({
  browser = true,
  clock = process.env.PORTAL_TEST_CLOCK !== 'real' && !process.env.FAKETIME,
} = {}) {
  const missing = [
    ...(browser && !fs.existsSync(chromium) ? ['chromium'] : []),
    ...(!fs.existsSync(CJK_FONT) ? ['fonts-noto-cjk'] : []),
    ...(clock && !(await hasFaketime()) ? ['faketime'] : []),
  ];
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the tests need ${missing.join(', ')}: sudo apt-get install -y ${missing.join(' ')}` +
        (missing.includes('faketime') ? ' (or PORTAL_TEST_CLOCK=real for the clock)' : ''),
    );
  }
  step(`installing Debian ${missing.join(', ')} for the tests (first run only)`);
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

let databases;

/** 23:50 on the coming New Year's Eve in Beijing, and 22:30 on the January 4 after it. */
function shiftedStarts() {
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const eve = (y) => `${y}-12-31T23:50:00+08:00`;
  const y = Date.parse(eve(year)) > Date.now() ? year : year + 1;
  return { jest: eve(y), e2e: `${y + 1}-01-04T22:30:00+08:00` };
}

/** Runs a command with its clock starting at `startAt` and ticking (one offset for all its processes). */
async function atTime(defaultStart, cmd, cmdArgs) {
  if (process.env.PORTAL_TEST_CLOCK === 'real' || process.env.FAKETIME) return run(cmd, cmdArgs);
  const startAt = process.env.PORTAL_TEST_AT ?? defaultStart;
  if (!(Date.parse(startAt) > Date.now()))
    throw new Error(`PORTAL_TEST_AT must be an ISO instant ahead of now: ${startAt}`);
  await ensureDebianPackages({ browser: false, clock: true });
  const offsetSeconds = Math.round((Date.parse(startAt) - Date.now()) / 1000);
  console.log(`(clock: ${startAt}, libfaketime)`);
  // -m: the thread-safe library (Node and Chromium are multi-threaded); the monotonic clock stays real, so
  // timers and timeouts keep their length.
  return run('faketime', [
    '-m',
    '--exclude-monotonic',
    '-f',
    `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
    cmd,
    ...cmdArgs,
  ]);
}

/** Stops the running test databases, then starts `workers` fresh ones (none for null) for what follows. */
async function useDatabases(workers) {
  if (databases) {
    await databases.stop();
    for (const k of Object.keys(databases.env)) delete process.env[k];
    databases = undefined;
  }
  if (workers === null) return;
  databases = await startDatabases(workers);
  console.log(`database: ${databases.description}`);
  Object.assign(process.env, databases.env);
}

try {
  if (args[0] === '--e2e') {
    await browserTests(args.slice(1));
  } else if (args[0] === '--quick') {
    await useDatabases(2);
    await typeCheck();
    await run(bin('jest'), ['--maxWorkers=2', ...args.slice(1)]);
    console.log('\nquick tests passed (no builds, no browser tests: npm test runs those)');
  } else if (args.length) {
    await useDatabases(2);
    await run(bin('jest'), ['--maxWorkers=2', ...args]);
  } else {
    await useDatabases(2);
    fs.rmSync(COUNTS_DIR, { recursive: true, force: true });
    fs.mkdirSync(COUNTS_DIR, { recursive: true });
    await all();
    step('all tests passed');
    printCounts();
  }
} catch (e) {
  console.error(`\n✖ ${e.message}`);
  process.exitCode = 1;
} finally {
  await databases?.stop();
}

async function typeCheck() {
  step('type-check and lint: server, types, config, console, mini-program');
  // Two lanes of single-threaded tools, about even (43 + 27 s and 31 + 20 + 16 s on the 2-core CI machine).
  // eslint: module boundaries, react-hooks and the rest of eslint.config.js; prettier: the one formatting.
  await runLanes([
    [
      [bin('tsc'), ['-p', 'tsconfig.json']],
      [bin('prettier'), ['--check', '--log-level=warn', '.']],
    ],
    [
      [bin('eslint'), ['.']],
      [bin('tsc'), ['-p', 'console/tsconfig.json']],
      [bin('tsc'), ['-p', 'miniprogram/tsconfig.json']],
    ],
  ]);
}

async function all() {
  await ensureDebianPackages();
  await typeCheck();

  const starts = shiftedStarts();
  step(`jest: unit and integration tests, from ${starts.jest} (New Year's Eve in Beijing)`);
  await atTime(starts.jest, bin('jest'), ['--maxWorkers=2', ...counted('jest')]);

  // The jest run leaves hundreds of databases in the server: the builds need the memory, and the runtime
  // tree and the browser tests get a database that answers like a fresh one.
  await useDatabases(null);

  step("build: mini-program (weapp, with size budget, checked by WeChat's tools), H5, console");
  await run('npm', ['run', 'build:weapp']);
  await run('node', ['miniprogram/scripts/check-weapp.cjs']);
  await run('npm', ['run', 'build:h5']);
  await run('npm', ['run', 'build:console']);

  // The production image's tree, built without Docker (compiled server, runtime dependencies only) and started.
  await useDatabases(1);
  await run(process.execPath, ['scripts/runtime-tree.mjs', 'check']);

  step('schemathesis over /openapi.json, as the resident and as staff: no 5xx, nothing undocumented');
  await run(bin('jest'), ['-c', 'server/test/fuzz/jest.config.js', ...counted('schemathesis')]);

  await browserTests();
}

/** Step 5 (alone: `npm test -- --e2e [jest args]`, after the H5 and console builds). */
async function browserTests(jestArgs = []) {
  const { e2e } = shiftedStarts();
  step(`browser end-to-end tests (screenshots in test-results/screenshots), from ${e2e}`);
  await ensureDebianPackages();
  await useDatabases(1); // a real MongoDB is shared; on the stand-in each file starts its own (e2e/harness.ts)
  await atTime(e2e, bin('jest'), [
    '-c',
    'e2e/jest.config.js',
    ...(jestArgs.length ? jestArgs : counted('e2e')),
  ]);
}

/** The tests of the whole run, counted from each jest run's results, in jest's own words. */
function printCounts() {
  const parts = ['jest', 'schemathesis', 'e2e'].map((name) => {
    const r = JSON.parse(fs.readFileSync(`${COUNTS_DIR}/${name}.json`, 'utf8'));
    return {
      name,
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
      total: r.numTotalTests,
    };
  });
  const sum = (k) => parts.reduce((n, p) => n + p[k], 0);
  console.log(`${sum('total')} tests: ${parts.map((p) => `${p.name} ${p.passed} of ${p.total}`).join(', ')}`);
  // Last and alone on its line, in the plain form any CI reads: a run is judged by its closing count.
  const skipped = sum('skipped') ? `, ${sum('skipped')} skipped` : '';
  console.log(`Tests: ${sum('passed')} passed, ${sum('failed')} failed${skipped}`);
}
