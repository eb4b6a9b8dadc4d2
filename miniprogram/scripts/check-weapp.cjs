#!/usr/bin/env node
/**
 * WeChat's own tooling over a built mini-program, offline (`npm test` runs it after `build:weapp`):
 *   1. miniprogram-ci `getCompiledResult` with es6, minifyWXML and minifyWXSS on, as an upload would
 *      compile: app.json pages, subpackages, tab bar and components must exist; JS, WXML and WXSS must parse.
 *   2. miniprogram-ci `analyseCode`: every module and dependency resolves.
 *   3. miniprogram-ci `checkCodeQuality`: package sizes and cross-package code (failing rules listed below).
 *   4. miniprogram-compiler's `wcc` / `wcsc` (the WXML and WXSS compilers of WeChat DevTools, Linux x86-64
 *      binaries): stricter still about tags and stylesheets.
 * The project attributes come from `ci.DefaultProjectAttr` (no request to WeChat; the appid is only a
 * label here). Prints every problem found and exits 1 if there is any.
 *
 *   node miniprogram/scripts/check-weapp.cjs [dir]        (default: miniprogram/dist/weapp)
 */
const fs = require('node:fs');
const path = require('node:path');

/** Code-quality rules that are defects of the build; the others (compression switches) are project preferences. */
const FAILING_RULES = new Set([
  'PACKAGE_SIZE_LIMIT',
  'IMAGE_AND_AUDIO_LIMIT',
  'CONTAINS_OTHER_PKG_JS',
  'CONTAINS_OTHER_PKG_COMPONENTS',
]);

const message = (e) => String((e && e.message) || e).trim();

/** WXML files by path without extension, and WXS files, as wcc takes them. */
function listFiles(dir, ext, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(dir, ext, p);
    return p.endsWith(ext) ? [p] : [];
  });
}

async function withWechatTools(dir, problems) {
  const ci = require('miniprogram-ci');
  const project = new ci.Project({
    appid: 'wx0000000000000000',
    type: 'miniProgram',
    projectPath: dir,
    privateKey: 'offline: never used, the attributes below are local',
    ignores: ['node_modules/**/*'],
    attr: async () => ci.DefaultProjectAttr,
  });
  try {
    await ci.getCompiledResult({
      project,
      version: '0.0.0',
      setting: { es6: true, minifyWXML: true, minifyWXSS: true, minifyJS: false },
      onProgressUpdate: () => undefined,
    });
  } catch (e) {
    problems.push(`compile: ${message(e)}`);
  }
  try {
    const analysis = await ci.analyseCode(project, { silent: true });
    for (const m of (analysis && analysis.modules) || []) {
      for (const err of m.errors || []) problems.push(`analyse ${m.path || m.id}: ${message(err)}`);
      for (const d of m.deps || [])
        if (d.error) problems.push(`analyse ${m.path || m.id} → ${d.request}: ${message(d.error)}`);
    }
  } catch (e) {
    problems.push(`analyse: ${message(e)}`);
  }
  try {
    for (const r of await ci.checkCodeQuality(project)) {
      if (!r.success && FAILING_RULES.has(r.name))
        problems.push(`quality ${r.name}: ${r.text} ${JSON.stringify(r.detail ?? '')}`);
    }
  } catch (e) {
    problems.push(`quality: ${message(e)}`);
  }
}

function withDevtoolsCompilers(dir, problems) {
  const wcc = require('miniprogram-compiler/src/wcc');
  const wcsc = require('miniprogram-compiler/src/wcsc');
  const strip = (f, ext) => f.slice(0, -ext.length);
  try {
    wcc(
      dir,
      listFiles(dir, '.wxml').map((f) => strip(f, '.wxml')),
      listFiles(dir, '.wxs'),
      { maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (e) {
    problems.push(`wcc: ${message(e)}`);
  }
  // wcsc answers an Error instead of throwing one.
  const styles = wcsc(
    dir,
    listFiles(dir, '.wxss').map((f) => strip(f, '.wxss')),
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (styles instanceof Error) problems.push(`wcsc: ${message(styles)}`);
}

async function checkWeapp(dir) {
  const problems = [];
  if (!fs.existsSync(path.join(dir, 'app.json')))
    return [`no app.json in ${dir}: build first (npm run build:weapp)`];
  withDevtoolsCompilers(dir, problems);
  await withWechatTools(dir, problems);
  return problems;
}

module.exports = { checkWeapp };

if (require.main === module) {
  const dir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist', 'weapp'));
  checkWeapp(dir).then(
    (problems) => {
      if (problems.length) {
        console.error(`\nWeChat's tools refuse ${dir}:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
        process.exit(1);
      }
      console.log(
        `\nWeChat's tools accept ${dir} (miniprogram-ci compile, analyse, code quality; wcc; wcsc)`,
      );
      // miniprogram-ci leaves a file watcher running: end the process explicitly.
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
