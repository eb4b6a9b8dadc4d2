/**
 * `npm run generate:operations`: writes types/src/operations.generated.ts (the typed API client's
 * operation map) from the server's route declarations. Run it after adding or changing a route;
 * server/test/platform/operationMap.test.ts fails while the file is out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../server/src/app';
import { formatOperationMap, OPERATION_MAP_FILE } from '../server/src/platform/http/operationMap';
// The route table as the tests build it: a real app from test settings, no database needed.
import { createTestDeps } from '../server/test/harness';

async function main() {
  const root = path.resolve(__dirname, '..');
  const text = formatOperationMap(createApp(createTestDeps()).routes, root);
  const file = path.join(root, OPERATION_MAP_FILE);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (before === text) console.log(`${OPERATION_MAP_FILE} is up to date`);
  else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${OPERATION_MAP_FILE}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
