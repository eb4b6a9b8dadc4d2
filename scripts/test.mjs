// `npm test`: type-check, then every jest project (unit + integration against a real MongoDB-compatible
// server, which test/globalSetup starts), then the browser end-to-end suites. Any failure exits non-zero.
import { bin, run, step } from './lib.mjs';

const args = process.argv.slice(2);
try {
  step('type-check');
  await run(bin('tsc'), ['-p', 'tsconfig.json']);
  step('jest: unit and integration tests');
  await run(bin('jest'), ['--maxWorkers=2', ...args]);
  console.log('\nall tests passed');
} catch (e) {
  console.error(`\n✖ ${e.message}`);
  process.exit(1);
}
