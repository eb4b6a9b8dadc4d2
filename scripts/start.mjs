// `npm start`: the embedded demo. No configuration needed: MongoDB (or its stand-in), the WeChat
// sandbox and demo data start with it; the API, the resident H5 and the staff console are served on
// http://localhost:3000. The web apps are built first when they have not been built yet.
import fs from 'node:fs';
import path from 'node:path';
import { bin, root, run, step } from './lib.mjs';

const builds = [
  { name: 'resident H5 pages', index: 'miniprogram/dist/h5/index.html', script: 'build:h5' },
  { name: 'staff console', index: 'console/dist/index.html', script: 'build:console' },
];

try {
  for (const b of builds) {
    if (fs.existsSync(path.join(root, b.index))) continue;
    step(`building the ${b.name} (first start only; npm run ${b.script} rebuilds)`);
    await run('npm', ['run', b.script]);
  }
  await run(bin('tsx'), ['server/src/main.ts']);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
