// `npm test`: everything that proves the portal works, in the order a failure is cheapest to find.
//   1. type-check every package
//   2. jest: unit + integration tests (server tests run against a real MongoDB-compatible server that
//      server/test/globalSetup starts: MONGODB_URI, else a local mongod, else the SecantusDB stand-in)
//   3. build the mini-program (with its size budget) and check it with WeChat's own tools (miniprogram-ci,
//      wcc, wcsc: scripts/check-weapp.cjs), build the H5 pages and the console
//   4. browser end-to-end tests in Debian's Chromium (installed with apt-get when missing and root)
// `npm test -- <jest args>` runs only step 2 with those arguments (e.g. a path).
import fs from 'node:fs';
import { bin, run, step } from './lib.mjs';

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

try {
  if (args.length) {
    await run(bin('jest'), ['--maxWorkers=2', ...args]);
    process.exit(0);
  }
  step('type-check: server, types, config, console, mini-program');
  await run(bin('tsc'), ['-p', 'tsconfig.json']);
  await run(bin('tsc'), ['-p', 'console/tsconfig.json']);
  await run(bin('tsc'), ['-p', 'miniprogram/tsconfig.json']);

  step('jest: unit and integration tests');
  await run(bin('jest'), ['--maxWorkers=2']);

  step('build: mini-program (weapp, with size budget, checked by WeChat\'s tools), H5, console');
  await run('npm', ['run', 'build:weapp']);
  await run('node', ['miniprogram/scripts/check-weapp.cjs']);
  await run('npm', ['run', 'build:h5']);
  await run('npm', ['run', 'build:console']);

  step('browser end-to-end tests (screenshots in test-results/screenshots)');
  await ensureChromium();
  await run(bin('jest'), ['-c', 'e2e/jest.config.js']);
  console.log('\nall tests passed');
} catch (e) {
  console.error(`\n✖ ${e.message}`);
  process.exit(1);
}
