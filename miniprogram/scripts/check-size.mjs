#!/usr/bin/env node
// Size budget of the mini-program build (dist/weapp): the main package (everything outside the
// subpackage roots listed in app.json) must stay ≤ 1 MB, each subpackage ≤ 2 MB (WeChat's hard limit
// is 2 MB for both). Prints a table; exits 1 when a budget is passed or the build is missing.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'));
const MB = 1024 * 1024;
const MAIN_BUDGET = 1 * MB;
const SUB_BUDGET = 2 * MB;
// Not uploaded to WeChat: license notes, source maps.
const ignored = (file) => /\.(map|LICENSE\.txt)$/.test(file);

const appJsonPath = path.join(dist, 'app.json');
if (!existsSync(appJsonPath)) {
  console.error(`✖ ${appJsonPath} not found: run \`npm run build:weapp\` first`);
  process.exit(1);
}
const app = JSON.parse(readFileSync(appJsonPath, 'utf8'));
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (!ignored(name))
      out.push({ rel: path.relative(dist, full).split(path.sep).join('/'), size: st.size });
  }
  return out;
}

const sizes = new Map([['(main)', 0], ...roots.map((r) => [r, 0])]);
for (const { rel, size } of walk(dist)) {
  const root = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '(main)';
  sizes.set(root, sizes.get(root) + size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [...sizes].map(([name, size]) => {
  const budget = name === '(main)' ? MAIN_BUDGET : SUB_BUDGET;
  return { package: name, size: kb(size), budget: kb(budget), ok: size <= budget ? 'ok' : 'OVER' };
});
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
const width = Math.max(...rows.map((r) => r.package.length), 10);
console.log(`${'package'.padEnd(width)}  ${'size'.padStart(11)}  ${'budget'.padStart(11)}  status`);
for (const r of rows)
  console.log(`${r.package.padEnd(width)}  ${r.size.padStart(11)}  ${r.budget.padStart(11)}  ${r.ok}`);
console.log(`${'(total)'.padEnd(width)}  ${kb(total).padStart(11)}`);

const over = rows.filter((r) => r.ok === 'OVER');
if (over.length) {
  console.error(`\n✖ over budget: ${over.map((r) => r.package).join(', ')}`);
  process.exit(1);
}
console.log('\nsize budget ok');
