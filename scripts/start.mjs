// `npm start`: the embedded demo. No configuration needed: MongoDB (or its stand-in), the WeChat
// sandbox and demo data start with it; the API, the resident H5 and the staff console are served on
// http://localhost:3000. The web apps are built first when they have not been built yet
// (BUILD_WEB=false skips that).
//
// One process runs the portal (node with tsx's loader, no extra tsx process in between). SIGTERM or
// SIGINT to `npm start` (systemd, pm2, docker stop, Ctrl-C) reaches it: it stops accepting, finishes what
// is in flight, stops the workers, the sandbox and the database it started, and exits; so does this script.
import fs from 'node:fs';
import path from 'node:path';
import { forwardSignals, root, run, step } from './lib.mjs';

const builds = [
  { name: 'resident H5 pages', index: 'miniprogram/dist/h5/index.html', script: 'build:h5' },
  { name: 'staff console', index: 'console/dist/index.html', script: 'build:console' },
];

let signalled;
forwardSignals((signal) => (signalled = signal));

try {
  for (const b of process.env.BUILD_WEB === 'false' ? [] : builds) {
    if (fs.existsSync(path.join(root, b.index))) continue;
    step(`building the ${b.name} (first start only; npm run ${b.script} rebuilds)`);
    await run('npm', ['run', b.script]);
    if (signalled) process.exit(1);
  }
  await run(process.execPath, ['--import', 'tsx', 'server/src/main.ts']);
} catch (e) {
  if (!signalled) console.error(e.message);
  process.exit(typeof e.code === 'number' ? e.code : 1);
}
