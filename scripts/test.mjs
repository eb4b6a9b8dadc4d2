// `npm test`: everything that proves the portal works, in the order a failure is cheapest to find.
//   0. start the databases for the whole run and say which (first line): MONGODB_URI, else mongod through
//      mongodb-memory-server (downloaded once), else the SecantusDB stand-in (server/test/databases.ts)
//   1. type-check every package
//   2. jest: unit + integration tests (server tests run against that real MongoDB-compatible server)
//   3. build the mini-program (with its size budget), the H5 pages and the console
//   4. the production runtime tree (what the Dockerfile ships), built without Docker and started
//   5. browser end-to-end tests in Debian's Chromium (installed with apt-get when missing and root)
// `npm test -- <jest args>` runs only step 2 with those arguments (e.g. a path).
import fs from 'node:fs';
import { bin, run, startDatabases, step } from './lib.mjs';

const args = process.argv.slice(2);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function ensureChromium() {
  const fonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
  if (fs.existsSync(chromium) && fs.existsSync(fonts)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`browser tests need ${chromium} and Chinese fonts: sudo apt-get install -y chromium fonts-noto-cjk`);
  }
  step('installing Debian chromium and CJK fonts for the browser tests (first run only)');
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

let databases;
try {
  databases = await startDatabases(2);
  console.log(`database: ${databases.description}`);
  Object.assign(process.env, databases.env);
  if (args.length) {
    await run(bin('jest'), ['--maxWorkers=2', ...args]);
  } else {
    await all();
    console.log('\nall tests passed');
  }
} catch (e) {
  console.error(`\n✖ ${e.message}`);
  process.exitCode = 1;
} finally {
  await databases?.stop();
}

async function all() {
  step('type-check: server, types, config, console, mini-program');
  await run(bin('tsc'), ['-p', 'tsconfig.json']);
  await run(bin('tsc'), ['-p', 'console/tsconfig.json']);
  await run(bin('tsc'), ['-p', 'miniprogram/tsconfig.json']);

  step('jest: unit and integration tests');
  await run(bin('jest'), ['--maxWorkers=2']);

  step('build: mini-program (weapp, with size budget), H5, console');
  await run('npm', ['run', 'build:weapp']);
  await run('npm', ['run', 'build:h5']);
  await run('npm', ['run', 'build:console']);

  // The production image's tree, built without Docker (compiled server, runtime dependencies only) and started.
  await run(process.execPath, ['scripts/runtime-tree.mjs', 'check']);

  step('browser end-to-end tests (screenshots in test-results/screenshots)');
  await ensureChromium();
  await run(bin('jest'), ['-c', 'e2e/jest.config.js']);
}
