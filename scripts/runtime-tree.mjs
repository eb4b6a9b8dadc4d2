// The production runtime tree: what the Docker image ships, built the same way with or without Docker.
//
//   node scripts/runtime-tree.mjs build <dir>   compile types/, config/ and server/ (src + sandbox) to CommonJS with
//                                               swc (no tsx or TypeScript at run time), write their manifests, install
//                                               only runtime dependencies with the lockfile (`npm install --omit=dev`,
//                                               as the README installs: `npm ci` refuses this lockfile), and copy the
//                                               built H5 and console
//   node scripts/runtime-tree.mjs check         build it in a temp dir, start `node server/dist/src/main.js` there
//                                               against the test database, check /readyz, the H5, the console and a demo
//                                               login, then SIGTERM it (npm test runs this after the web builds)
//
// Layout of <dir>: package.json + package-lock.json (workspaces types, config, server), types/src, config/src (.js),
// server/dist/{src,sandbox}, node_modules (production only), miniprogram/dist/h5, console/dist.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { root, run, step } from './lib.mjs';

const UNITS = [
  // types/ and config/ keep their src/ folder (now JavaScript): the server also imports files inside them
  // (`@portal/types/src/workOrderLabels`).
  { from: 'types/src', to: 'types/src' },
  { from: 'config/src', to: 'config/src' },
  { from: 'server/src', to: 'server/dist/src' },
  { from: 'server/sandbox', to: 'server/dist/sandbox' },
];
const WEB = ['miniprogram/dist/h5', 'console/dist'];

async function compile(out) {
  const swc = await import('@swc/core');
  let files = 0;
  for (const unit of UNITS) {
    for (const rel of fs.readdirSync(path.join(root, unit.from), { recursive: true })) {
      const src = path.join(root, unit.from, rel);
      if (
        !/\.ts$/.test(rel) ||
        /\.(test|e2e)\.ts$/.test(rel) ||
        /\.d\.ts$/.test(rel) ||
        !fs.statSync(src).isFile()
      )
        continue;
      const { code } = await swc.transformFile(src, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      const dest = path.join(out, unit.to, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, code);
      files++;
    }
  }
  return files;
}

function manifests(out) {
  const read = (p) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));
  const write = (p, json) => {
    fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true });
    fs.writeFileSync(path.join(out, p), JSON.stringify(json, null, 2) + '\n');
  };
  const rootPkg = read('package.json');
  write('package.json', {
    name: rootPkg.name,
    version: rootPkg.version,
    private: true,
    engines: rootPkg.engines,
    workspaces: ['types', 'config', 'server'],
  });
  fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(out, 'package-lock.json'));
  for (const ws of ['types', 'config']) {
    const pkg = read(`${ws}/package.json`);
    write(`${ws}/package.json`, {
      ...pkg,
      main: 'src/index.js',
      types: undefined,
      devDependencies: undefined,
      scripts: undefined,
    });
  }
  const server = read('server/package.json');
  write('server/package.json', {
    ...server,
    main: 'dist/src/main.js',
    bin: { portal: 'dist/src/cli.js' },
    scripts: { cli: 'node dist/src/cli.js' },
    devDependencies: undefined,
  });
}

export async function buildRuntimeTree(out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const files = await compile(out);
  manifests(out);
  console.log(`  compiled ${files} files; installing runtime dependencies`);
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: out });
  for (const web of WEB) {
    if (!fs.existsSync(path.join(root, web, 'index.html')))
      throw new Error(`${web} is not built (npm run build:h5 / build:console)`);
    fs.cpSync(path.join(root, web), path.join(out, web), { recursive: true });
  }
  for (const tool of ['tsx', 'typescript', '@swc/core', '@tarojs/cli', 'jest', 'vite']) {
    if (fs.existsSync(path.join(out, 'node_modules', tool)))
      throw new Error(`build tooling in the runtime tree: node_modules/${tool}`);
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function check() {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set (npm test starts the test database)');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-tree-'));
  const t0 = Date.now();
  await buildRuntimeTree(out);
  console.log(`  built in ${Math.round((Date.now() - t0) / 1000)} s: ${out}`);
  const uri = new URL(base);
  uri.pathname = `/runtime_tree_${process.pid}`;
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development', // the embedded demo: sandbox and demo data, against the given database
    MONGODB_URI: uri.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX_PORT: String(await freePort()),
    DATA_DIR: path.join(out, 'data'),
    DEMO_ACCOUNTS: '20',
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['server/dist/src/main.js'], {
    cwd: out,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let failed;
  try {
    const deadline = Date.now() + 300_000; // demo seed on a busy 2-core machine
    while (
      !(await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the runtime tree did not become ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const expectOk = async (p, init, what) => {
      const res = await fetch(url + p, init);
      if (!res.ok) throw new Error(`${what}: ${p} answered ${res.status}`);
      return res;
    };
    const h5 = await (await expectOk('/h5/', {}, 'resident H5')).text();
    if (!h5.includes('__PORTAL_CONFIG__')) throw new Error('the H5 index has no runtime config');
    await expectOk('/console/', {}, 'staff console');
    const login = await expectOk(
      '/api/staff/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'admin123' }),
      },
      'demo admin login',
    );
    const { token } = await login.json();
    const found = await (
      await expectOk(
        '/api/staff/customers?q=1',
        { headers: { authorization: `Bearer ${token}` } },
        'demo customers',
      )
    ).json();
    console.log(
      `  /readyz 200, H5 and console served, demo admin logged in (${JSON.stringify(found).length} bytes of customers)`,
    );
  } catch (e) {
    failed = e;
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    fs.rmSync(out, { recursive: true, force: true });
    if (failed) throw new Error(`${failed.message}\n(server output:\n${output.slice(-4000)})`);
    if (code !== 0)
      throw new Error(`the runtime tree exited with ${code} on SIGTERM:\n${output.slice(-4000)}`);
  }
  console.log(`  stopped cleanly on SIGTERM; ${Math.round((Date.now() - t0) / 1000)} s in all`);
}

const [command, dir] = process.argv.slice(2);
if (command === 'build' && dir) {
  await buildRuntimeTree(path.resolve(dir));
} else if (command === 'check') {
  step('runtime tree: production install + compiled server, started against the test database');
  await check();
} else {
  console.error('usage: node scripts/runtime-tree.mjs build <dir> | check');
  process.exit(2);
}
