// `npm run bench [-- [--quick] [scenario...]]`: the benchmark scenarios in bench/ (see bench/README.md).
// Not part of `npm test`. Starts its own MongoDB (MONGODB_URI, else a local mongod, else SecantusDB).
import { bin, run } from './lib.mjs';

try {
  await run(bin('tsx'), ['bench/run.ts', ...process.argv.slice(2)]);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
